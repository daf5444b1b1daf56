"""Engine speed and memory: load time, detect/restore/screen throughput, peak RSS.

Throughput is reported as MB/s per core and as a ratio against a plain read + JSON decode of
the same text in the same process (the machine's own speed cancels out of the ratio). The text
is the held-out test split, spun by the simulator, written as JSONL. Detect and restore run
after warming the engine on other text, as in a long-lived worker; the "new process" rows time
a fresh engine (as one `despin detect` call), with and without the commonest words'
precomputed candidates. The "clean text" rows detect on the same documents unspun: most of them
the fast screen finds clean, and the engine does not decode (its prescreen), against an engine
that decodes every text.

    python benchmarks/engine_speed.py [--docs N] [--preset spinbot]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path


def timed(fn, *args) -> float:
    t = time.process_time()
    fn(*args)
    return time.process_time() - t


def _decode(path: Path) -> None:
    with path.open(encoding="utf-8") as f:
        for line in f:
            json.loads(line)


def _jsonl(path: Path, texts: list[str]) -> tuple[Path, float, float]:
    """``texts`` written to ``path`` as JSONL; its MB and its read + JSON decode seconds."""
    path.write_text("".join(json.dumps({"text": x}) + "\n" for x in texts), "utf-8")
    return path, path.stat().st_size / 1e6, min(timed(_decode, path) for _ in range(5))


def _run(path: Path, method) -> None:
    with path.open(encoding="utf-8") as f:
        for line in f:
            method(json.loads(line)["text"])


def _screen_batches(path: Path, method: str, batch: int = 1000) -> None:
    from despin.detector.screen import Screen

    screen, texts = Screen.load(), []
    with path.open(encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            if len(texts) == batch:
                getattr(screen, method)(texts)
                texts = []
    getattr(screen, method)(texts)


def _cold(path: Path, table: bool) -> tuple[float, float]:
    """(detect seconds, read + JSON decode seconds) in a new process, every cache cold; without
    the precomputed candidates of the commonest words unless ``table``."""
    from despin.engine import Despinner

    engine = Despinner()
    if not table:
        engine.spans = None
    return timed(_run, path, engine.detect), min(timed(_decode, path) for _ in range(5))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=60, help="documents (held-out test split)")
    ap.add_argument("--preset", default="spinbot")
    args = ap.parse_args()

    t = time.perf_counter()
    from despin.engine import PRESCREEN, Despinner

    engine = Despinner()
    load = time.perf_counter() - t

    from despin.evaluation import load_heldout
    from despin.spin import Spinner

    # the first call also loads what loads on first use (lemminflect's tables)
    first = load_heldout(None, "train")[-1].text
    cold, again = (timed(engine.detect, first) for _ in range(2))
    spinner = Spinner(args.preset)
    texts = [spinner.spin(d.text).text for d in load_heldout(None, "test")[: args.docs]]
    for d in load_heldout(None, "train")[: args.docs]:  # warm the caches on other text,
        engine.detect(spinner.spin(d.text).text)         # as a long-lived worker would be
    rows, mb = [], 0.0
    with tempfile.TemporaryDirectory() as tmp:
        # detect and restore each get half of the documents, so neither sees text twice; the
        # fast screen (no caches) reads them all, one call per text and in batches; its best of
        # 5 runs counts (as the baseline's)
        engine.screen("Load the screen.")
        for name, half, runs in (("detect", texts[::2], 1), ("restore", texts[1::2], 1),
                                 ("screen", texts, 5)):
            path, size, base = _jsonl(Path(tmp) / f"{name}.jsonl", half)
            sec = min(timed(_run, path, getattr(engine, name)) for _ in range(runs))
            rows.append((name, size, sec, base))
            if name == "screen":  # as `despin scan --fast` calls it: a shard at a time
                for label, method in (("screen, batches of 1,000", "detect_many"),
                                      ("screen, batches of 1,000, scores only", "scores")):
                    sec = min(timed(_screen_batches, path, method) for _ in range(runs))
                    rows.append((label, size, sec, base))
            mb += size if name != "screen" else 0
        # the same documents unspun, half each: most read as clean to the fast screen and are
        # not decoded (the engine's prescreen), against every text decoded
        clean = [d.text for d in load_heldout(None, "test")[: args.docs]]
        for label, half, prescreen in (("detect, clean text", clean[::2], PRESCREEN),
                                       ("detect, clean text, every text decoded", clean[1::2], 0.0)):
            path, size, base = _jsonl(Path(tmp) / "clean.jsonl", half)
            engine.prescreen = prescreen
            rows.append((label, size, timed(_run, path, engine.detect), base))
        engine.prescreen = PRESCREEN
        # a new process (as one `despin detect` call): cold caches, with and without the table
        path = Path(tmp) / "detect.jsonl"
        for label, table in (("detect, new process", True),
                             ("detect, new process, no precomputed candidates", False)):
            with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
                sec, base = pool.submit(_cold, path, table).result()
            rows.append((label, path.stat().st_size / 1e6, sec, base))

    print(f"load time: {load:.2f} s; first document: {cold:.2f} s ({again:.2f} s the second "
          f"time); text: {mb:.2f} MB ({len(texts)} docs, {args.preset})")
    print("| step | MB/s per core | time / (read + JSON decode) |")
    print("| --- | --- | --- |")
    for name, size, sec, base in rows:
        print(f"| {name} | {size / sec:.3f} | {sec / base:.0f}x |")
    (*_, fresh, _), (*_, bare, _) = rows[-2:]
    print(f"precomputed candidates: a new process detects {bare / fresh:.2f}x as fast")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")
    print("reproduce: python benchmarks/engine_speed.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
