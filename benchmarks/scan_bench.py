"""Scan throughput and memory: 2 workers vs 1, Ray vs local per core, peak RSS, streaming.

    python benchmarks/scan_bench.py [--docs 2000] [--large-mb 300] [--no-ray]

Ratios use the real engine (whatever ``despin.Despinner`` does today) on one generated JSONL,
all measured in this run. The streaming check scans a large generated JSONL (not committed)
with a no-op engine, so it measures the reader/writer path: peak RSS of the main process and of
the workers must not grow with the file size."""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from despin.edits import Detection, Restoration
from despin.scan import ScanOptions, scan

SUBJECTS = ["The minister", "A spokesman", "Local officials", "The company", "Researchers",
            "The mayor", "Analysts", "The committee", "Police", "The team"]  # fmt: skip
VERBS = ["said", "stated", "announced", "reported", "claimed", "confirmed", "warned"]
OBJECTS = ["that the plan would cost {n} million dollars", "that {n} people were affected",
           "that the vote was delayed by {n} days", "that prices rose {n} percent last year",
           "that the new rules take effect in {n} weeks", "that {n} schools will reopen"]  # fmt: skip


def corpus(path: Path, docs: int, seed: int = 0) -> Path:
    rng = random.Random(seed)
    with open(path, "w") as f:
        for i in range(docs):
            text = " ".join(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
                            f"{rng.choice(OBJECTS).format(n=rng.randint(2, 999))}."
                            for _ in range(rng.randint(4, 8)))  # fmt: skip
            f.write(json.dumps({"id": i, "text": text}) + "\n")
    return path


class NoOpEngine:
    """Returns nothing: isolates the reader/writer path for the streaming check."""

    def detect(self, text):
        return Detection(0.0, "clean", [])

    def restore(self, text):
        return Restoration(text, [])


def timed(src: Path, out: Path, workers: int, engine: str = "local", **kw):
    t = time.perf_counter()
    s = scan([str(src)], out, ScanOptions(shard_size=100), workers=workers, engine=engine, **kw)
    return s, time.perf_counter() - t


def stream_child(src: str, out: str) -> None:
    s = scan([src], Path(out), ScanOptions(shard_size=2000), workers=2, despinner=NoOpEngine())
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"records": s.records, "main_mb": main_mb, "worker_mb": s.peak_worker_rss_mb,
                      "mb_s": s.bytes / 1e6 / s.seconds}))  # fmt: skip


def streaming(tmp: Path, large_mb: int) -> None:
    rows = []
    for mb in (large_mb // 10, large_mb):
        src = tmp / f"large{mb}.jsonl"
        docs = int(mb * 1e6 / 330)  # ~330 bytes a document
        corpus(src, docs, seed=1)
        cmd = [sys.executable, __file__, "--stream-child", str(src), str(tmp / f"so{mb}")]
        res = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        rows.append((src.stat().st_size / 1e6, res))
        src.unlink()
    (small_mb, small), (big_mb, big) = rows
    for size, r in rows:
        print(f"stream {size:7.0f} MB: {r['records']:,} records, main peak RSS {r['main_mb']:.0f} MB, "
              f"worker peak RSS {r['worker_mb']:.0f} MB, {r['mb_s']:.1f} MB/s (no-op engine)")  # fmt: skip
    growth = big["main_mb"] / small["main_mb"]
    print(
        f"main RSS ratio {big_mb / small_mb:.0f}x the input -> {growth:.2f}x the memory "
        f"(flat: ~1.0)   [python benchmarks/scan_bench.py --large-mb {big_mb:.0f} --no-ray]"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--large-mb", type=int, default=300)
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--stream-child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.stream_child:
        return stream_child(*a.stream_child)
    cmd = f"python benchmarks/scan_bench.py --docs {a.docs}"
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        src = corpus(tmp / "bench.jsonl", a.docs)
        print(f"corpus: {a.docs:,} documents, {src.stat().st_size / 1e6:.1f} MB; real engine")
        t = time.perf_counter()
        from despin.engine import Despinner

        Despinner().detect("Warm up the engine once.")
        load = time.perf_counter() - t
        print(f"engine start (import + load + first call, one process): {load:.1f} s")
        one, t1 = timed(src, tmp / "w1", 1)
        two, t2 = timed(src, tmp / "w2", 2)
        print(f"1 worker : {one.records / t1:8.1f} records/s ({t1:.1f} s wall, incl. worker start)")
        print(f"2 workers: {two.records / t2:8.1f} records/s ({t2:.1f} s wall)")
        print(f"2 workers / 1 worker = {t1 / t2:.2f}x wall, {(t1 - load) / max(t2 - load, 1e-9):.2f}x "
              f"without engine start (target >= 1.8)   [{cmd} --no-ray]")  # fmt: skip
        print(f"peak RSS per worker: {max(one.peak_worker_rss_mb, two.peak_worker_rss_mb):.0f} MB "
              f"(target <= 2048)   [{cmd} --no-ray]")  # fmt: skip
        if not a.no_ray:
            import ray

            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
            ray_s, tr = timed(src, tmp / "ray", 2, engine="ray")  # cluster start excluded
            print(f"ray, 2 actors: {ray_s.records / tr:8.1f} records/s ({tr:.1f} s wall)")
            print(f"ray / local per core = {t2 / tr:.2f}x (target >= 0.8)   [{cmd}]")
            ray.shutdown()
        streaming(tmp, a.large_mb)


if __name__ == "__main__":
    main()
