"""Scan throughput and memory: 2 workers vs 1, Ray vs local per core, peak RSS, streaming,
and ``scan --fast`` (the fast screen) against the no-op engine.

    python benchmarks/scan_bench.py [--docs 3000] [--repeat 2] [--large-mb 300] [--no-ray]
                                    [--fast-mb 50]

Ratios use the real engine (whatever ``despin.Despinner`` does today), loaded once in this process
as a library user would, on one generated JSONL, all measured in this run: each configuration
runs ``--repeat`` times, alternating, and the fastest run counts (others' jobs only slow a run
down). Worker CPU seconds show the work added by splitting it (each worker warms its own engine
caches) and how many cores the workers got (fewer than 2: other jobs had the rest).

The streaming check scans a generated JSONL of ``--large-mb`` and one of a tenth of that (never
committed, deleted after) with a no-op engine through the same scan pipeline, so it measures the
reader/writer path: peak RSS of the main process and of the workers must not grow with the file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
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


def documents(docs: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    lines = []
    for i in range(docs):
        text = " ".join(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
                        f"{rng.choice(OBJECTS).format(n=rng.randint(2, 999))}."
                        for _ in range(rng.randint(4, 8)))  # fmt: skip
        lines.append(json.dumps({"id": i, "text": text}) + "\n")
    return "".join(lines)


def large(path: Path, mb: int) -> Path:
    """About ``mb`` MB of JSONL: one generated block of ~330-byte documents, repeated."""
    block = documents(10_000, seed=1).encode()
    with open(path, "wb") as f:
        for _ in range(max(1, round(mb * 1e6 / len(block)))):
            f.write(block)
    return path


class NoOpEngine:
    """Returns nothing: isolates the reader/writer path for the streaming check."""

    def detect(self, text):
        return Detection(0.0, "clean", [])

    def restore(self, text):
        return Restoration(text, [])

    def analyze(self, text):
        return self.detect(text), self.restore(text)


def cpu_s(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def timed(src: Path, out: Path, workers: int, engine: str = "local", **kw) -> dict:
    main0, kids0 = cpu_s(resource.RUSAGE_SELF), cpu_s(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    s = scan([str(src)], out, ScanOptions(shard_size=50), workers=workers, engine=engine, **kw)
    wall = time.perf_counter() - t
    return {"summary": s, "wall": wall, "rate": s.records / wall,
            "main_cpu": cpu_s(resource.RUSAGE_SELF) - main0,
            "worker_cpu": cpu_s(resource.RUSAGE_CHILDREN) - kids0}  # fmt: skip


def peak_rss_mb() -> float:
    """This process's peak RSS (ru_maxrss would include its parent's from before the exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        return int(re.search(r"VmHWM:\s+(\d+)", status.read_text()).group(1)) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stream_child(src: str, out: str) -> None:
    t = time.perf_counter()
    s = scan([src], Path(out), ScanOptions(shard_size=2000), workers=2, despinner=NoOpEngine())
    main_mb = peak_rss_mb()
    print(json.dumps({"records": s.records, "main_mb": main_mb, "worker_mb": s.peak_worker_rss_mb,
                      "mb_s": s.bytes / 1e6 / (time.perf_counter() - t)}))  # fmt: skip


def streaming(tmp: Path, large_mb: int) -> None:
    rows = []
    for mb in (large_mb // 10, large_mb):
        src = large(tmp / f"large{mb}.jsonl", mb)
        cmd = [sys.executable, __file__, "--stream-child", str(src), str(tmp / f"so{mb}")]
        res = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        rows.append((src.stat().st_size / 1e6, res))
        src.unlink()
        shutil.rmtree(tmp / f"so{mb}")
    for size, r in rows:
        print(f"stream {size:7,.0f} MB: {r['records']:,} records, main peak RSS {r['main_mb']:.0f} MB, "
              f"worker peak RSS {r['worker_mb']:.0f} MB, {r['mb_s']:.1f} MB/s (no-op engine)")  # fmt: skip
    (small_mb, small), (big_mb, big) = rows
    print(f"{big_mb / small_mb:.0f}x the input -> main {big['main_mb'] / small['main_mb']:.2f}x, "
          f"worker {big['worker_mb'] / small['worker_mb']:.2f}x the peak RSS (flat: ~1.0)   "
          f"[python benchmarks/scan_bench.py --large-mb {large_mb} --repeat 0 --no-ray]")  # fmt: skip


def scaling(tmp: Path, a) -> None:
    cmd = f"python benchmarks/scan_bench.py --docs {a.docs} --repeat {a.repeat}"
    src = tmp / "bench.jsonl"
    src.write_text(documents(a.docs))
    print(f"corpus: {a.docs:,} documents, {src.stat().st_size / 1e6:.1f} MB, shards of 50; "
          f"real engine; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")  # fmt: skip
    t = time.perf_counter()
    from despin.engine import Despinner

    engine = Despinner()
    engine.detect("Warm up the engine once.")
    print(f"engine start (import + load + first call): {time.perf_counter() - t:.1f} s")
    runs = {1: [], 2: []}
    for r in range(a.repeat):
        for w in runs:
            runs[w].append(timed(src, tmp / f"w{w}-{r}", w, despinner=engine))
    best = {w: min(rs, key=lambda x: x["wall"]) for w, rs in runs.items()}
    for w, b in best.items():
        print(f"{w} worker(s): {b['rate']:8.1f} records/s ({b['wall']:.1f} s wall, best of {a.repeat}; "
              f"workers {b['worker_cpu']:.1f} CPU s = {b['worker_cpu'] / b['wall']:.2f} cores busy, "
              f"main {b['main_cpu']:.2f} CPU s)")  # fmt: skip
    work = best[2]["worker_cpu"] / best[1]["worker_cpu"]
    print(f"2 workers / 1 worker = {best[1]['wall'] / best[2]['wall']:.2f}x (target >= 1.8); "
          f"they spend {work:.2f}x the worker CPU; load average now {os.getloadavg()[0]:.2f}   "
          f"[{cmd} --no-ray]")  # fmt: skip
    rss = max(b["summary"].peak_worker_rss_mb for rs in runs.values() for b in rs)
    print(f"peak RSS per worker: {rss:.0f} MB (target <= 2048)   [{cmd} --no-ray]")
    if not a.no_ray:
        import ray

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        rs = [
            timed(src, tmp / f"ray{r}", 2, engine="ray", despinner=engine) for r in range(a.repeat)
        ]
        tr = min(x["wall"] for x in rs)  # cluster start excluded
        print(f"ray, 2 actors: {a.docs / tr:8.1f} records/s ({tr:.1f} s wall, best of {a.repeat})")
        print(f"ray / local per core = {best[2]['wall'] / tr:.2f}x (target >= 0.8)   [{cmd}]")
        ray.shutdown()


def fast(tmp: Path, mb: int) -> None:
    """``scan --fast`` against the no-op engine (the reader/writer path alone), same corpus."""
    from despin.detector.screen import Screen

    src = large(tmp / "fast.jsonl", mb)
    size = src.stat().st_size / 1e6
    print(f"scan --fast: {size:.0f} MB of generated news-like JSONL, shards of 1,000")
    for workers in (1, 2):
        walls = {}
        for name, engine in (("no-op", NoOpEngine()), ("screen", Screen.load())):
            opts = ScanOptions(fast=True, shard_size=1000)
            t = time.perf_counter()
            scan([str(src)], tmp / f"fast-{name}-{workers}", opts, workers=workers, despinner=engine)
            walls[name] = time.perf_counter() - t
            shutil.rmtree(tmp / f"fast-{name}-{workers}")
        print(f"{workers} worker(s): screen {size / walls['screen']:.1f} MB/s, no-op engine "
              f"{size / walls['no-op']:.1f} MB/s (screen / no-op time "
              f"{walls['screen'] / walls['no-op']:.2f}x)   "
              f"[python benchmarks/scan_bench.py --fast-mb {mb} --repeat 0 --large-mb 0 --no-ray]")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=2, help="runs per configuration (0: none)")
    ap.add_argument("--large-mb", type=int, default=300, help="streaming check size (0: skip)")
    ap.add_argument("--fast-mb", type=int, default=0, help="scan --fast check size (0: skip)")
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--stream-child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.stream_child:
        return stream_child(*a.stream_child)
    with tempfile.TemporaryDirectory() as d:
        if a.repeat:
            scaling(Path(d), a)
        if a.large_mb:
            streaming(Path(d), a.large_mb)
        if a.fast_mb:
            fast(Path(d), a.fast_mb)


if __name__ == "__main__":
    main()
