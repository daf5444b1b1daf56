"""Build benchmarks/data/spinbot_mpc.jsonl: real SpinBot output paired with its originals.

The pairs are Wikipedia paragraphs and their SpinBot paraphrases from the Machine Paraphrased
Corpus (Foltýnek et al. 2020, "Detecting Machine-obfuscated Plagiarism"), as two public JSON
exports of a paraphrase-detection project hold them (source, commits and license in
data/SOURCES.md). Each export is a dict of {"dataset", "pair_id", "text_1" (original), "text_2"
(spun), ...}; only "MPC" rows are read. Mojibake is repaired (ftfy); exact duplicates, pairs
whose two sides are equal and paragraphs under MIN_WORDS words (headings) are dropped. Each
line of the output is {"id", "genre", "spun", "original"}, as `despin eval --pairs` reads it.

To get the sources (each a `git show` from a clone of the repository named in SOURCES.md):

    git show 6ec8632a8fc5ecb08f537296302395c03152b747:output/true_data.json > true_data.json
    git show cdf8b59067c858112aebcf5ee227f85f0d585c2f:output/data_embedded.json > data_embedded.json
    python data/build_spinbot_pairs.py true_data.json data_embedded.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ftfy import fix_text

OUT = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "spinbot_mpc.jsonl"
MIN_WORDS = 15


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sources", nargs="+", type=Path, help="JSON exports, in this order")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    pairs: dict[str, dict] = {}  # by original text: the first copy is kept
    for path in args.sources:
        for row in json.loads(path.read_text(encoding="utf-8")).values():
            if row["dataset"] != "MPC":
                continue
            original, spun = fix_text(row["text_1"]), fix_text(row["text_2"])
            if spun != original and len(original.split()) >= MIN_WORDS:
                pairs.setdefault(original, {"id": row["pair_id"], "genre": "wikipedia",
                                            "spun": spun, "original": original})
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs.values()),
                   encoding="utf-8")
    tmp.replace(args.out)
    words = sum(len(p["original"].split()) for p in pairs.values())
    print(f"{len(pairs)} pairs, {words} words of original text -> {args.out}")


if __name__ == "__main__":
    main()
