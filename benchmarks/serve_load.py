"""Load test of ``despin serve``: N concurrent clients POST /api/detect over loopback.

Starts ``despin serve`` on 127.0.0.1 (a free port) in a subprocess, sends each text once,
measures the direct library call rate in this process (warm, like the server) as the
baseline, then runs the clients for at most
--duration seconds and --max-requests requests. Reports throughput (and its ratio to the
baseline), p50/p99 latency, errors (goal 0) and the server's memory before/after.
Texts: sentences of held-out Brown press (benchmarks/data/lm_heldout/) spun by despin.spin.

    python benchmarks/serve_load.py [--clients 8] [--duration 60] [--max-requests 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import psutil

from despin.engine import Despinner
from despin.spin import spin

HELDOUT = Path(__file__).resolve().parent / "data" / "lm_heldout"


def texts(source: Path, n: int, sentences: int) -> list[str]:
    lines = [s.strip() for s in source.read_text(encoding="utf-8").splitlines() if s.strip()]
    chunks = (" ".join(lines[i * sentences : (i + 1) * sentences]) for i in range(n))
    return [spin(c, seed=i).text for i, c in enumerate(chunks)]


def baseline(docs: list[str], seconds: float) -> float:
    """Direct ``Despinner.detect`` calls per second, one thread, in this process, after one
    untimed pass over the texts (the server, too, sees each text many times)."""
    engine = Despinner()
    for d in docs:
        engine.detect(d)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        engine.detect(docs[done % len(docs)])
        done += 1
    return done / (time.perf_counter() - start)


async def load(url: str, docs: list[str], clients: int, seconds: float, cap: int):
    latencies, errors, sent = [], [], 0
    deadline = time.perf_counter() + seconds

    async def client(c: int, http: httpx.AsyncClient):
        nonlocal sent
        while time.perf_counter() < deadline and sent < cap:
            sent += 1
            t = time.perf_counter()
            try:
                r = await http.post("/api/detect", json={"text": docs[(sent + c) % len(docs)]})
                if r.status_code != 200:
                    errors.append(f"HTTP {r.status_code}")
            except httpx.HTTPError as e:
                errors.append(type(e).__name__)
            latencies.append(time.perf_counter() - t)

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        start = time.perf_counter()
        await asyncio.gather(*(client(c, http) for c in range(clients)))
        return np.array(latencies), errors, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load (max 600)")
    ap.add_argument("--max-requests", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2, help="server engine threads")
    ap.add_argument("--sentences", type=int, default=8, help="sentences per request text")
    ap.add_argument("--text", type=Path, help="one sentence a line (default: held-out Brown press)")
    a = ap.parse_args()
    if not (1 <= a.clients <= 256 and 0 < a.duration <= 600 and a.max_requests >= 1):
        ap.error("need 1 <= --clients <= 256, 0 < --duration <= 600, --max-requests >= 1")
    command = f"python benchmarks/serve_load.py --clients {a.clients} --duration {a.duration:g} " \
              f"--max-requests {a.max_requests} --workers {a.workers} --sentences {a.sentences}" \
              + (f" --text {a.text}" if a.text else "")

    source = a.text or min(HELDOUT.glob("*.txt"))
    docs = texts(source, 50, a.sentences)
    server = subprocess.Popen(
        [sys.executable, "-m", "despin", "serve", "--host", "127.0.0.1", "--port", "0",
         "--workers", str(a.workers)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline()).group()
        # drain the access log, or the server blocks once the pipe is full
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        proc = psutil.Process(server.pid)
        for d in docs:  # warm the server's caches as the baseline's are
            httpx.post(f"{url}/api/detect", json={"text": d}, timeout=120).raise_for_status()
        rss0 = proc.memory_info().rss
        direct = baseline(docs, min(10.0, a.duration / 4))
        lat, errors, wall = asyncio.run(load(url, docs, a.clients, a.duration, a.max_requests))
        rss1 = proc.memory_info().rss
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()

    rate = len(lat) / wall
    mb = 1 << 20
    mean = np.mean([len(d) for d in docs])
    print(f"texts: {len(docs)} spun passages of {source.name}, mean {mean:.0f} chars")
    print(f"baseline (direct Despinner.detect, 1 thread, warm): {direct:.1f} texts/s")
    print(f"load: {a.clients} clients x {wall:.1f} s -> {len(lat)} requests, {rate:.1f} req/s "
          f"(ratio to baseline {rate / direct:.2f})")
    p50, p99, top = np.percentile(lat, 50) * 1e3, np.percentile(lat, 99) * 1e3, lat.max() * 1e3
    print(f"latency: p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {top:.0f} ms")
    print(f"errors: {len(errors)}" + (f" ({', '.join(sorted(set(errors)))})" if errors else ""))
    print(f"server RSS: {rss0 / mb:.0f} MB before, {rss1 / mb:.0f} MB after "
          f"(ratio {rss1 / rss0:.2f})")
    print(f"command: {command}")


if __name__ == "__main__":
    main()
