"""The JSON API on a real uvicorn server: shapes, offsets, limits and JSON errors."""

import re
import subprocess
import sys
import threading

import httpx
import pytest

from despin.engine import Despinner
from despin.serve import Settings, create_app

TEXT = "🎉 The army specialists stated on Monday that growth was strong.\n"


@pytest.fixture
def url(live_server, swap_engine):
    with live_server(create_app(Settings(max_chars=2000), swap_engine)) as base:
        yield base


def test_restore_and_detect_mirror_the_library(url, swap_engine):
    r = httpx.post(f"{url}/api/restore", json={"text": TEXT})
    assert r.status_code == 200
    assert r.json() == swap_engine.restore(TEXT).to_json()
    out = r.json()
    assert out["text"] == "🎉 The military experts said on Monday that growth was strong.\n"
    for e in out["edits"]:  # offsets are code points, as in the CLI
        assert TEXT[e["offset"] : e["offset"] + e["length"]] == e["spun"]
    r = httpx.post(f"{url}/api/restore", json={"text": TEXT, "min_confidence": 0.9})
    assert [e["restored"] for e in r.json()["edits"]] == ["said"]
    det = httpx.post(f"{url}/api/detect", json={"text": TEXT}).json()
    assert det == swap_engine.detect(TEXT).to_json()
    assert [s["suggestion"] for s in det["spans"]] == ["military", "experts", "said"]
    for threshold, label in ((0.0, "spun"), (1.0, "clean")):
        for fast in (False, True):
            r = httpx.post(f"{url}/api/detect",
                           json={"text": TEXT, "threshold": threshold, "fast": fast})
            assert r.status_code == 200 and r.json()["label"] == label
    r = httpx.post(f"{url}/api/detect", json={"text": TEXT, "threshold": 2})
    assert r.status_code == 422 and "threshold" in r.json()["error"]


def test_real_engine_shapes(live_server):
    engine = Despinner()
    text = "Officials stated that the army would help. 😀 Specialists agreed.\n"
    with live_server(create_app(engine=engine)) as base:
        assert httpx.get(f"{base}/healthz").json()["status"] == "ok"
        r = httpx.post(f"{base}/api/restore", json={"text": text}).json()
        assert r == engine.restore(text).to_json()
        d = httpx.post(f"{base}/api/detect", json={"text": text}).json()
        assert set(d) == {"score", "label", "spans"} and 0 <= d["score"] <= 1
        for s in d["spans"]:
            assert text[s["offset"] : s["offset"] + s["length"]] == s["text"]


@pytest.mark.parametrize(
    "path,kwargs,status,message",
    [
        ("/api/detect", {"content": b'{"text": ', "headers": {"content-type": "application/json"}},
         400, "not valid JSON"),
        ("/api/detect", {"json": {}}, 422, "text"),
        ("/api/detect", {"json": {"text": 5}}, 422, "text"),
        ("/api/detect", {"json": {"text": "  \n"}}, 422, "empty"),
        ("/api/restore", {"json": {"text": "a b", "min_confidence": 2}}, 422, "min_confidence"),
        ("/api/restore", {"json": {"text": "a b", "gate": -1}}, 422, "gate"),
        ("/api/detect", {"json": {"text": "x" * 2001}}, 413, "limit is 2000"),
        ("/api/restore", {"content": b"x" * 200_000}, 413, "larger than"),
        ("/api/nope", {"json": {}}, 404, "Not Found"),
    ],
)
def test_errors_are_json(url, path, kwargs, status, message):
    r = httpx.post(f"{url}{path}", **kwargs)
    assert r.status_code == status
    assert message in r.json()["error"]


def test_text_at_the_limit_is_accepted(url):
    assert httpx.post(f"{url}/api/detect", json={"text": "é" * 2000}).status_code == 200


def test_time_limit_gives_504(live_server):
    release = threading.Event()

    class Stuck(Despinner):
        def propose(self, text, tokens):
            if "stall" in text:
                release.wait(30)
            return []

    with live_server(create_app(Settings(timeout=0.2), Stuck())) as base:
        r = httpx.post(f"{base}/api/detect", json={"text": "please stall"})
        release.set()
        assert r.status_code == 504 and "longer than" in r.json()["error"]
        assert httpx.post(f"{base}/api/detect", json={"text": "fine"}).status_code == 200


def test_no_server_files_from_requests(url):
    r = httpx.post(f"{url}/api/restore", json={"text": "/etc/passwd"})
    assert r.json()["text"] == "/etc/passwd"  # analysed as text, never opened
    for path in ("/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/__init__.py"):
        assert httpx.get(f"{url}{path}").status_code == 404


def test_page_docs_and_assets_are_local(url):
    page = httpx.get(url)
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/") for a in assets)
    for a in assets:
        assert httpx.get(f"{url}{a}").status_code == 200, a
    docs = httpx.get(f"{url}/docs").text
    assert "swagger" in docs.lower() and "cdn" not in docs
    paths = httpx.get(f"{url}/openapi.json").json()["paths"]
    assert {"/api/restore", "/api/detect", "/v2/check", "/healthz"} <= set(paths)


def test_cli_serve(run_cli, tmp_path):
    p = subprocess.Popen(
        [sys.executable, "-m", "despin", "serve", "--port", "0", "--max-chars", "50"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        line = p.stdout.readline()
        base = re.search(r"http://127\.0\.0\.1:\d+", line).group()
        r = httpx.post(f"{base}/api/detect", json={"text": "y" * 51}, timeout=60)
        assert r.status_code == 413
        port = base.rsplit(":", 1)[1]
        busy = run_cli("serve", "--port", port)
        assert busy.returncode == 1 and busy.stderr.startswith("despin: error: cannot listen")
        assert len(busy.stderr.strip().splitlines()) == 1
    finally:
        p.terminate()
        p.wait(30)
    bad = run_cli("serve", "--port", "70000")
    assert bad.returncode == 2 and "between 0 and 65535" in bad.stderr
    channel = tmp_path / "channel.json"
    channel.write_text("{not json")
    bad = run_cli("serve", "--port", "0", "--channel", channel)
    assert bad.returncode == 1 and "channel" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
