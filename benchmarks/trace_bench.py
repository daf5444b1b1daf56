"""Trace benchmark: despin's synonym-robust index vs raw datasketch MinHash LSH, same run.

Corpus: news-like documents from files you provide (nothing is downloaded here):
Reuters-21578 ``.sgm`` files (each body paragraph is a document), AG News-style CSV (a label
column first or last, the other columns are the text), JSONL with a ``text`` field, or
``.txt`` files (each paragraph is a document). Documents under 15 words are dropped, and exact
and near duplicates (3-shingle Jaccard >= 0.5 over lower-cased letters and digits, so that
case, punctuation and HTML entities do not hide a copy) removed; the cleaned corpus is cached
under ``data/cache/trace_bench/`` (git-ignored). See data/SOURCES.md for the sources used for
the reported numbers.

Then 1,000 documents are spun with ``despin.spin`` at each rate and traced back; 5,000
held-out documents (never indexed) measure the false-match rate: an unrelated query is a false
match when its top result scores at least the default ``min_score``. Both methods use the same
num_perm, shingle size and LSH threshold; raw MinHash shingles lower-cased words. Query times
are taken query by query, despin's and raw's in turn.

    python benchmarks/trace_bench.py --source PATH [--source PATH ...] [--docs 100000]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import random
import re
import shlex
import sys
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

from despin.spin import Spinner
from despin.text import tokenize
from despin.trace import Canon, Index
from despin.trace.fingerprint import shingles
from despin.trace.index import MIN_SCORE

CACHE = Path(__file__).resolve().parent.parent / "data" / "cache" / "trace_bench"
MIN_WORDS = 15
CLEANING = 3  # part of the cache key: bump when cleaning changes


def read_source(path: Path):
    """Texts from one source file or folder."""
    if path.is_dir():
        for f in sorted(path.rglob("*")):
            if f.suffix in {".sgm", ".csv", ".jsonl", ".txt"}:
                yield from read_source(f)
    elif path.suffix == ".sgm":
        raw = path.read_text(encoding="latin-1")
        for body in re.findall(r"<BODY>(.*?)</BODY>", raw, re.S):
            yield from re.split(r"\n\s{3,}", html.unescape(body).replace("\x03", ""))
    elif path.suffix == ".csv":
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.reader(f):  # label column(s) first or last
                text = " ".join(c for c in row if not c.strip().isdigit())
                text = re.sub(r" ?#(\d+);", lambda m: chr(int(m[1])), text)  # AG's " #39;"
                yield text.replace("quot;", '"').replace("\\n", " ").replace("\\", " ")
    elif path.suffix == ".jsonl":
        with open(path, encoding="utf-8") as f:
            yield from (json.loads(line).get("text", "") for line in f if line.strip())
    elif path.suffix == ".txt":  # each paragraph is a document
        yield from re.split(r"\n\s*\n", path.read_text(encoding="utf-8", errors="replace"))


def raw_sig(text: str, k: int, num_perm: int) -> MinHash:
    m = MinHash(num_perm=num_perm)
    m.update_batch(shingles([t.norm for t in tokenize(text)], k))
    return m


def clean_corpus(sources: list[Path]) -> list[str]:
    """Cached: whitespace-normalized, >= MIN_WORDS words, exact and near duplicates removed."""
    key = hashlib.sha1(repr((CLEANING, sorted(map(str, sources)))).encode()).hexdigest()[:10]
    cached = CACHE / f"corpus-{key}.jsonl"
    if cached.exists():
        return [json.loads(x) for x in cached.read_text().splitlines()]
    seen, texts = set(), []
    for src in sources:
        for t in read_source(src):
            t, words = " ".join(t.split()), re.findall(r"[a-z0-9]+", t.lower())
            if len(t.split()) >= MIN_WORDS and " ".join(words) not in seen:
                seen.add(" ".join(words))
                texts.append((t, words))
    lsh, kept = MinHashLSH(threshold=0.3, num_perm=128), []  # candidates, then verified
    for t, words in texts:
        m = MinHash(num_perm=128)
        m.update_batch(shingles(words, 3))
        if not any(m.jaccard(kept[i][1]) >= 0.5 for i in lsh.query(m)):
            lsh.insert(len(kept), m)
            kept.append((t, m))
    kept = [t for t, _ in kept]
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text("".join(json.dumps(t) + "\n" for t in kept))
    return kept


class RawLSH:
    """The baseline: datasketch MinHash + MinHashLSH over lower-cased word shingles."""

    def __init__(self, k: int, num_perm: int, threshold: float):
        self.k, self.num_perm = k, num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.sigs: list[np.ndarray] = []

    def add(self, text: str) -> None:
        m = raw_sig(text, self.k, self.num_perm)
        self.lsh.insert(len(self.sigs), m)
        self.sigs.append(m.hashvalues)

    def query(self, text: str, top: int) -> list[tuple[int, float]]:
        m = raw_sig(text, self.k, self.num_perm)
        found = np.fromiter(self.lsh.query(m), np.int64)
        if not len(found):
            return []
        jac = (np.asarray([self.sigs[i] for i in found]) == m.hashvalues).mean(axis=1)
        best = np.argsort(-jac, kind="stable")[:top]
        return [(int(found[b]), float(jac[b])) for b in best]


def timed(fn, items):
    t = time.perf_counter()
    out = [fn(x) for x in items]
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, action="append", required=True)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--unrelated", type=int, default=5000)
    ap.add_argument("--rates", default="0.1,0.25,0.35")
    ap.add_argument("--preset", default="spinbot")
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--shingle", type=int, default=3)
    ap.add_argument("--threshold", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    cmd = "python benchmarks/trace_bench.py " + " ".join(map(shlex.quote, sys.argv[1:]))

    texts = clean_corpus(a.source)
    random.Random(a.seed).shuffle(texts)
    unrelated, corpus = texts[: a.unrelated], texts[a.unrelated : a.unrelated + a.docs]
    if len(corpus) < a.docs:
        print(f"note: only {len(corpus)} clean documents available (asked for {a.docs})")
    params = {"num_perm": a.num_perm, "shingle": a.shingle, "threshold": a.threshold}
    canon = Canon.default()

    index = Index(canon, **params)
    t = time.perf_counter()
    index.add((str(i), x) for i, x in enumerate(corpus))
    t_ours = time.perf_counter() - t
    raw = RawLSH(a.shingle, a.num_perm, a.threshold)
    _, t_raw = timed(raw.add, corpus)
    path = CACHE / "bench.idx"
    path.parent.mkdir(parents=True, exist_ok=True)
    index.save(path)
    t = time.perf_counter()
    index = Index.load(path)
    t_load = time.perf_counter() - t

    print(
        f"corpus: {len(corpus)} documents; {a.queries} spun queries per rate "
        f"(preset {a.preset}); {len(unrelated)} unrelated queries"
    )
    print(
        f"params: num_perm={a.num_perm} shingle={a.shingle} threshold={a.threshold}; "
        f"index file {path.stat().st_size / 1e6:.0f} MB, loads in {t_load:.2f}s"
    )
    print(
        f"build: despin {len(corpus) / t_ours:,.0f} docs/s, raw {len(corpus) / t_raw:,.0f} "
        f"docs/s -> despin takes {t_ours / t_raw:.2f}x raw's time"
    )
    rng = random.Random(a.seed + 1)
    picks = rng.sample(range(len(corpus)), min(a.queries, len(corpus)))
    q_ours = q_raw = n_q = 0.0
    print(
        "\n| rate | despin R@1 | despin R@10 | raw R@1 | raw R@10 | measured word swap rate "
        "| despin query time / raw |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for rate in map(float, a.rates.split(",")):
        spinner = Spinner(a.preset, rate=rate, seed=a.seed)
        spun = [spinner.spin(corpus[i]) for i in picks]
        ours, base, t1, t2 = [], [], 0.0, 0.0
        for s in spun:  # interleaved, so a busy machine slows both alike
            t0 = time.perf_counter()
            ours.append([m.id for m in index.query(s.text, top=10)])
            t_mid = time.perf_counter()
            base.append([str(i) for i, _ in raw.query(s.text, 10)])
            t1, t2 = t1 + t_mid - t0, t2 + time.perf_counter() - t_mid
        q_ours, q_raw, n_q = q_ours + t1, q_raw + t2, n_q + len(spun)
        gold = [str(i) for i in picks]
        r = [
            np.mean([g in got[:k] for g, got in zip(gold, res)])
            for res in (ours, base)
            for k in (1, 10)
        ]
        swapped = np.mean([s.rate for s in spun])
        print(
            f"| {rate:.2f} | {r[0]:.3f} | {r[1]:.3f} | {r[2]:.3f} | {r[3]:.3f} | {swapped:.2f} "
            f"| {t1 / t2:.2f}x |"
        )
    fm_ours = sum(bool(index.query(u, top=1)) for u in unrelated)
    fm_raw = sum(bool(raw.query(u, 1)) for u in unrelated)
    n_u = len(unrelated)
    print(
        f"\nfalse matches on {n_u} unrelated queries: despin {fm_ours} ({fm_ours / n_u:.2%}; "
        f"top score >= {MIN_SCORE}), raw {fm_raw} ({fm_raw / n_u:.2%}; any LSH candidate)"
    )
    print(
        f"query: despin {n_q / q_ours:,.0f} q/s, raw {n_q / q_raw:,.0f} q/s -> despin takes "
        f"{q_ours / q_raw:.2f}x raw's time (despin also aligns and lists substitutions)"
    )
    print(f"\nreproduce: {cmd}")


if __name__ == "__main__":
    main()
