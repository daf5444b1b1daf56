"""The Ray engine and the datatrove / dolma adapters, each run inside the real library, must give
the same despin fields as the local engine."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scan_helpers import MarkEngine, read_role, records, write_jsonl

from despin.scan import ScanOptions, scan

FIELDS = ("despin_score", "despin_label", "despin_spans", "despin_restored")


def by_id(rows: list[dict]) -> dict:
    return {r["id"]: {k: r.get(k) for k in ("text", *FIELDS)} for r in rows}


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")  # the test extra installs it; skip only outside CI's env
    import scan_helpers

    ray.cloudpickle.register_pickle_by_value(scan_helpers)  # actors can't import tests/
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_ray_engine_output_equals_local(tmp_path, local_ray):
    src = tmp_path / "in"
    src.mkdir()
    rows = records(300)
    write_jsonl(src / "a.jsonl", rows[:200] + [{"id": 10_000, "body": "x"}])
    pq.write_table(pa.Table.from_pylist(rows[200:]), src / "b.parquet")
    opts = ScanOptions(restore=True, min_score=0.5, shard_size=64)
    local = scan([str(src)], tmp_path / "local", opts, workers=2, despinner=MarkEngine())
    remote = scan([str(src)], tmp_path / "ray", opts, workers=2, engine="ray",
                  despinner=MarkEngine())  # fmt: skip
    for role in ("data", "flagged"):
        want, got = (
            by_id(read_role(tmp_path / "local", role)),
            by_id(read_role(tmp_path / "ray", role)),
        )
        assert want and got == want
    assert (remote.records, remote.kept, remote.flagged) == (
        local.records,
        local.kept,
        local.flagged,
    )
    assert remote.errors == local.errors == {"missing_field": 1}


def test_datatrove_filter_in_a_datatrove_pipeline(tmp_path):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from despin.scan.adapters.datatrove_filter import DespinFilter

    rows = records(40)
    write_jsonl(tmp_path / "in.jsonl", rows)
    scan([str(tmp_path / "in.jsonl")], tmp_path / "local", despinner=MarkEngine())
    want = by_id(read_role(tmp_path / "local"))
    pipeline = [
        JsonlReader(str(tmp_path), glob_pattern="in.jsonl"),
        DespinFilter(min_score=0.5, engine=MarkEngine(),
                     exclusion_writer=JsonlWriter(str(tmp_path / "dropped"), compression=None)),
        JsonlWriter(str(tmp_path / "kept"), compression=None),
    ]  # fmt: skip
    LocalPipelineExecutor(pipeline, tasks=1, workers=1, logging_dir=str(tmp_path / "logs")).run()
    kept, dropped = read_role(tmp_path, "kept"), read_role(tmp_path, "dropped")
    assert len(kept) + len(dropped) == 40 and kept and dropped
    for doc in kept + dropped:
        meta = doc["metadata"]
        expect = want[meta["n"]]  # n == id in the input
        assert {k: meta.get(k) for k in FIELDS[:3]} == {k: expect[k] for k in FIELDS[:3]}
    assert all(d["metadata"]["despin_score"] >= 0.5 for d in dropped)
    assert all("despin_score" in d["metadata"]["filter_reason"] for d in dropped)


def test_datatrove_filter_fast():
    from datatrove.data import Document

    from despin.engine import screen
    from despin.scan.adapters.datatrove_filter import DespinFilter

    with pytest.raises(ValueError, match="fast"):
        DespinFilter(fast=True, restore=True)
    with pytest.raises(ValueError, match="fast"):
        DespinFilter(fast=True, channel="channel.json")
    f = DespinFilter(min_score=None, fast=True)
    doc = Document(text="The minister stated on Monday that the budget would pass.", id="1")
    assert f.filter(doc) is True
    assert doc.metadata["despin_score"] == screen(doc.text).to_json()["score"]
    assert doc.metadata["despin_spans"] == screen(doc.text).to_json()["spans"]


def test_dolma_tagger_with_dolma_tag(tmp_path):
    pytest.importorskip("dolma")
    docs = tmp_path / "documents"
    docs.mkdir()
    rows = [{**r, "id": str(r["id"]), "source": "test"} for r in records(12)]
    (docs / "part.jsonl.gz").write_bytes(
        gzip.compress(write_jsonl(tmp_path / "p", rows).read_bytes())
    )
    nltk = tmp_path / "nltk" / "tokenizers" / "punkt" / "PY3"
    nltk.mkdir(parents=True)  # dolma looks for punkt at import; offline, never download it
    env = {**os.environ, "NLTK_DATA": str(tmp_path / "nltk")}
    res = subprocess.run(
        [sys.executable, "-c", "from dolma.cli.__main__ import main; main()", "tag", "--documents", str(docs / "*.jsonl.gz"),
         "--taggers", "despin", "despin_fast", "--tagger_modules", "despin.scan.adapters.dolma_tagger",
         "--experiment", "exp", "--processes", "1"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr[-2000:]
    out = tmp_path / "attributes" / "exp" / "part.jsonl.gz"
    attrs = [json.loads(line) for line in gzip.decompress(out.read_bytes()).splitlines()]
    assert [a["id"] for a in attrs] == [r["id"] for r in rows]
    from dolma.core.data_types import Span  # dolma's own parser for its attribute schema

    from despin.engine import Despinner, screen

    engine = Despinner()
    for a, r in zip(attrs, rows):
        assert set(a["attributes"]) == {"exp__despin__spun", "exp__despin__doc_score",
                                        "exp__despin_fast__spun", "exp__despin_fast__doc_score"}
        (fast,) = a["attributes"]["exp__despin_fast__doc_score"]
        found = screen(r["text"])
        assert fast[2] == pytest.approx(found.score, abs=1e-4)
        assert [tuple(s[:2]) for s in a["attributes"]["exp__despin_fast__spun"]] == [
            (s.offset, s.offset + s.length) for s in found.spans]
        (doc,) = a["attributes"]["exp__despin__doc_score"]
        span = Span.from_spec("exp__despin__doc_score", doc)
        det = engine.detect(r["text"])
        assert (span.start, span.end, span.type) == (0, len(r["text"]), "doc_score")
        assert span.score == pytest.approx(det.score, abs=1e-4)
        spun = [tuple(s[:2]) for s in a["attributes"]["exp__despin__spun"]]
        assert spun == [(s.offset, s.offset + s.length) for s in det.spans]


def test_datatrove_filter_loads_a_learned_channel(tmp_path):
    from despin.channel import Channel
    from despin.scan.adapters.datatrove_filter import DespinFilter

    learned = Channel.load(None)
    learned.pairs, learned.pair_weight = {"stated": {"said": 12.0}}, 1.0
    learned.save(tmp_path / "channel.json")
    f = DespinFilter(min_score=None, channel=str(tmp_path / "channel.json"))
    assert f.engine.channel.pairs == {"stated": {"said": 12.0}}
