"""``/api/trace`` on a real server with a real index file built from a few documents."""

import re
import subprocess
import sys

import httpx
import pytest

from despin.serve import create_app
from despin.trace import Canon, Index

DOCS = [
    ("budget", (
        "The city council approved a budget on Tuesday that raises spending on roads, parks "
        "and public schools while cutting the cost of running city hall.")),
    ("storm", (
        "A powerful storm moved across the coast overnight, knocking out power to thousands "
        "of homes and forcing the closure of several major highways.")),
    ("vaccine", (
        "Researchers reported that the new vaccine produced a strong immune response in "
        "older adults and caused only mild side effects in most volunteers.")),
]


@pytest.fixture(scope="module")
def index_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("trace") / "docs.idx"
    # a two-class table keeps the build fast; the default one is built from a whole thesaurus
    Index.build(DOCS, Canon({"potent": "powerful", "various": "several"})).save(path)
    return path


def test_trace_finds_the_source(live_server, swap_engine, index_file):
    spun = "🌀 " + DOCS[1][1].replace("powerful", "potent").replace("several", "various")
    with live_server(create_app(engine=swap_engine, index=Index.load(index_file))) as url:
        r = httpx.post(f"{url}/api/trace", json={"text": spun, "top": 2})
        assert r.status_code == 200
        matches = r.json()["matches"]
        assert matches and matches[0]["id"] == "storm" and len(matches) <= 2
        subs = matches[0]["substitutions"]
        assert [(s["spun"], s["original"]) for s in subs] == [("potent", "powerful"),
                                                              ("various", "several")]
        for s in subs:
            assert spun[s["offset"] : s["offset"] + s["length"]] == s["spun"]
        r = httpx.post(f"{url}/api/trace", json={"text": spun, "top": 0})
        assert r.status_code == 422 and "top" in r.json()["error"]
        assert "/api/trace" in httpx.get(f"{url}/openapi.json").json()["paths"]


def test_trace_without_index(live_server, swap_engine):
    with live_server(create_app(engine=swap_engine)) as url:
        r = httpx.post(f"{url}/api/trace", json={"text": "Anything at all."})
        assert r.status_code == 404 and "--index" in r.json()["error"]
        assert "/api/trace" not in httpx.get(f"{url}/openapi.json").json()["paths"]


def test_cli_index_option(run_cli, index_file, tmp_path):
    bad = tmp_path / "bad.idx"
    bad.write_bytes(b"not an index")
    for path in (bad, tmp_path / "missing.idx"):
        r = run_cli("serve", "--port", "0", "--index", path)
        assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert r.stderr.startswith("despin: error:")
    p = subprocess.Popen(
        [sys.executable, "-m", "despin", "serve", "--port", "0", "--index", str(index_file)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+", p.stdout.readline()).group()
        r = httpx.post(f"{url}/api/trace", json={"text": DOCS[2][1]}, timeout=60)
        assert r.json()["matches"][0]["id"] == "vaccine"
    finally:
        p.terminate()
        p.wait(30)
