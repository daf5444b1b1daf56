"""despin scan on real files: formats, bad input, flagging, sharding, resume after SIGKILL."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from scan_helpers import MarkEngine, read_role, records, write_jsonl
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from despin.scan import ScanOptions, scan

HTML = (
    "<html><head><title>t</title></head><body><nav>Home | About</nav><article>"
    "<p>The minister stated on Monday that the harbour would reopen after the storm.</p>"
    "<p>Engineers said repairs to the sea wall were finished ahead of schedule.</p>"
    "</article></body></html>"
)


def write_warc(path, pages: int, gz: bool = True) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for i in range(pages):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.1")  # fmt: skip
        rec = w.create_warc_record(f"https://example.org/{i}", "response",
                                   payload=io.BytesIO(HTML.encode()), http_headers=http)  # fmt: skip
        w.write_record(rec)
        w.write_record(w.create_warc_record(f"https://example.org/{i}", "request",
                                            payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))  # fmt: skip
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


def test_every_record_of_every_format_is_annotated(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    rows = records(30)
    write_jsonl(src / "a.jsonl", rows[:10])
    (src / "b.jsonl.gz").write_bytes(
        gzip.compress(write_jsonl(tmp_path / "b", rows[10:20]).read_bytes())
    )
    zst = zstandard.ZstdCompressor().compress(write_jsonl(tmp_path / "c", rows[20:25]).read_bytes())
    (src / "sub" / "c.jsonl.zst").write_bytes(zst)
    pq.write_table(pa.Table.from_pylist(rows[25:]), src / "sub" / "d.parquet", row_group_size=2)
    write_warc(src / "e.warc.gz", 3)

    s = scan([str(src)], tmp_path / "out", ScanOptions(shard_size=4, restore=True),
             workers=2, despinner=MarkEngine())  # fmt: skip
    out = read_role(tmp_path / "out")
    assert s.records == s.kept == len(out) == 33 and not s.errors
    tabular = [r for r in out if "n" in r]
    assert sorted(r["n"] for r in tabular) == list(range(30))  # none lost, none duplicated
    for r in out:
        assert r["despin_label"] in ("spun", "clean") and 0 <= r["despin_score"] <= 1
        for sp in r["despin_spans"]:
            assert r["text"][sp["offset"] : sp["offset"] + sp["length"]] == sp["text"]
        assert isinstance(r["despin_restored"], str)
    stated = [r for r in tabular if "stated" in r["text"]]
    assert stated and all(
        r["despin_spans"] and "stated" not in r["despin_restored"] for r in stated
    )
    pages = [r for r in out if "url" in r]
    assert len(pages) == 3 and all(p["id"].startswith("<urn:uuid:") for p in pages)
    assert all("harbour would reopen" in p["text"] and "<p>" not in p["text"] for p in pages)


def test_bad_input_is_counted_located_and_skipped(tmp_path, run_cli):
    good = records(6, start=1000)
    lines = [json.dumps(r) for r in good[:3]] + ["{not json", json.dumps({"id": 99, "body": "x"})]
    raw = ("\n".join(lines) + "\n").encode() + b'{"id": 7, "text": "caf\xe9"}\n'
    raw += ("\n".join(json.dumps(r) for r in good[3:]) + "\n").encode()
    (tmp_path / "bad.jsonl").write_bytes(raw)
    gz = gzip.compress(("".join(json.dumps(r) + "\n" for r in records(200))).encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(gz[: len(gz) // 2])
    pq.write_table(pa.Table.from_pylist(good), tmp_path / "whole.parquet")
    (tmp_path / "broken.parquet").write_bytes((tmp_path / "whole.parquet").read_bytes()[:-20])
    warc = write_warc(tmp_path / "ok.warc", 2, gz=False)
    (tmp_path / "broken.warc").write_bytes(warc + b"this is not a WARC header\r\n\r\n" + warc)

    res = run_cli("scan", tmp_path, "-o", tmp_path / "out", "--workers", "1", "--shard-size", "50")
    assert res.returncode == 0, res.stderr
    assert "errors by type:" in res.stderr and "Traceback" not in res.stderr
    errs = {e["kind"]: e for e in read_role(tmp_path / "out", "errors")}
    assert set(errs) == {"malformed_json", "missing_field", "not_utf8", "truncated_gzip",
                         "corrupt_parquet", "corrupt_warc"}  # fmt: skip
    assert errs["malformed_json"]["loc"].endswith("bad.jsonl:4") and errs["malformed_json"]["raw"]
    assert errs["missing_field"]["loc"].endswith("bad.jsonl:5")
    assert errs["not_utf8"]["loc"].endswith("bad.jsonl:6")
    assert "broken.warc@" in errs["corrupt_warc"]["loc"]
    summary = json.loads((tmp_path / "out" / "_summary.json").read_text())
    assert summary["errors"]["malformed_json"] == 1 and summary["errors"]["missing_field"] == 1
    ids = [r.get("id") for r in read_role(tmp_path / "out")]
    assert (
        ids.count(1005) == 2
    )  # bad.jsonl's last good line and whole.parquet's row: the scan went on
    assert sum(1 for r in read_role(tmp_path / "out") if "url" in r) == 4  # 2 + 2 before the damage

    res = run_cli("scan", tmp_path / "bad.jsonl", "-o", tmp_path / "strict", "--strict")
    assert res.returncode == 1 and res.stderr.count("\n") == 1
    assert res.stderr.startswith("despin: error: ") and "bad.jsonl:4: malformed JSON" in res.stderr


def test_min_score_routes_to_flagged_with_reason(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", records(40))
    s = scan([str(src)], tmp_path / "out", ScanOptions(min_score=0.5, shard_size=7), workers=1,
             despinner=MarkEngine())  # fmt: skip
    kept, flagged = read_role(tmp_path / "out"), read_role(tmp_path / "out", "flagged")
    assert len(kept) + len(flagged) == 40 == s.records and s.flagged == len(flagged) > 0
    assert all(r["despin_score"] < 0.5 and "despin_flag_reason" not in r for r in kept)
    assert all(
        r["despin_score"] >= 0.5 and "min_score 0.5" in r["despin_flag_reason"] for r in flagged
    )


def test_parquet_output_and_worker_count_give_identical_records(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", records(120))
    opts = ScanOptions(shard_size=25)
    scan([str(src)], tmp_path / "w1", opts, workers=1, despinner=MarkEngine())
    scan([str(src)], tmp_path / "w2", opts, workers=2, despinner=MarkEngine())
    popts = ScanOptions(shard_size=25, fmt="parquet")
    scan([str(src)], tmp_path / "pq", popts, workers=2, despinner=MarkEngine())
    one = [p.read_bytes() for p in sorted((tmp_path / "w1" / "data").iterdir())]
    assert one == [p.read_bytes() for p in sorted((tmp_path / "w2" / "data").iterdir())]
    assert len(one) == 5
    assert read_role(tmp_path / "pq") == read_role(tmp_path / "w1")


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_workers_share_the_loaded_engine_instead_of_reloading_it(tmp_path):
    class Unpicklable(MarkEngine):
        def __reduce__(self):
            raise TypeError("the engine was pickled for a worker")

    src = write_jsonl(tmp_path / "in.jsonl", records(40))
    s = scan([str(src)], tmp_path / "out", ScanOptions(shard_size=10), workers=2,
             despinner=Unpicklable())  # fmt: skip
    assert s.records == s.kept == 40 and len(read_role(tmp_path / "out")) == 40


def test_rerun_with_other_options_is_refused(tmp_path, run_cli):
    src = write_jsonl(tmp_path / "in.jsonl", records(3))
    assert run_cli("scan", src, "-o", tmp_path / "out", "-q").returncode == 0
    res = run_cli("scan", src, "-o", tmp_path / "out", "--min-score", "0.3")
    assert res.returncode == 1 and "different scan (min_score differ)" in res.stderr
    assert run_cli("scan", tmp_path / "nope.jsonl", "-o", tmp_path / "o2").returncode == 1


def test_killed_scan_resumes_without_loss_or_duplicates(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", records(1_200))
    shards = 1_200 // 10
    cmd = [sys.executable, "-m", "despin", "scan", str(src), "-o", str(tmp_path / "out"),
           "--workers", "2", "--shard-size", "10"]  # fmt: skip
    proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.PIPE)
    done = tmp_path / "out" / "_done"
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if len(list(done.glob("*.json"))) >= 2:
            break
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # the scan and its workers, mid-way
    proc.wait()
    finished = len(list(done.glob("*.json")))  # complete shards only
    assert 2 <= finished < shards, "the scan was not killed mid-way"

    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert f"resumed: {finished} of {shards} shards" in res.stderr
    assert not list((tmp_path / "out").rglob(".*.tmp"))
    scan([str(src)], tmp_path / "clean", ScanOptions(shard_size=10), workers=2)
    got = [p.read_bytes() for p in sorted((tmp_path / "out" / "data").iterdir())]
    want = [p.read_bytes() for p in sorted((tmp_path / "clean" / "data").iterdir())]
    assert got == want and len(want) == shards


@pytest.mark.parametrize("args, msg", [(["--workers", "0"], "at least 1"),
                                       (["--min-score", "2"], "between 0 and 1")])  # fmt: skip
def test_usage_errors(tmp_path, run_cli, args, msg):
    res = run_cli("scan", tmp_path, "-o", tmp_path / "out", *args)
    assert res.returncode == 2 and msg in res.stderr


def test_scan_with_a_learned_channel_scores_as_the_cli_does(tmp_path, run_cli):
    text = ("The minister stated on Monday that the harbour would reopen. Officials stated the "
            "repairs were finished, and the mayor stated she was pleased.")
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": text} for i in range(4)])
    channel = tmp_path / "channel.json"
    assert run_cli("learn", src, "-o", channel).returncode == 0  # stated -> said, 12 times
    res = run_cli("scan", src, "-o", tmp_path / "out", "--channel", channel, "-q")
    assert res.returncode == 0, res.stderr
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    adapted, shipped = (json.loads(run_cli("detect", tmp_path / "a.txt", "--json", *opt).stdout)
                        for opt in (["--channel", channel], []))
    assert adapted["spans"] != shipped["spans"]  # the learned swap is more confident
    assert all(row["despin_spans"] == adapted["spans"] for row in read_role(tmp_path / "out"))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    res = run_cli("scan", src, "-o", tmp_path / "o2", "--channel", bad)
    assert res.returncode == 1 and "channel" in res.stderr and "Traceback" not in res.stderr
    res = run_cli("scan", src, "-o", tmp_path / "o3", "--fast", "--channel", channel)
    assert res.returncode == 2 and "--channel" in res.stderr
