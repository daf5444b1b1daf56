"""Fast screen quality: leave-one-spinner-out AUROC and error rates on the held-out TEST split.

For each simulator preset, a screen is trained on the other four (train split, as
data/build_screen.py does with all five) and scores that preset's spun copies of the test
documents against the unspun test documents; the shipped screen is scored on every preset.
Spans: the share of marked words that were swapped (P), of swaps marked (R), of marked swaps
whose suggestion is the original (the suggestions come from the shipped channel, which saw all
five presets, in every row), and the spans marked in clean text.
``--clean DIR`` adds text from elsewhere (every .txt file below DIR is one clean document, e.g.
news articles of another decade): the shipped screen's false positives on it, and its AUROC
against spun copies of it. ``--pairs FILE.jsonl`` scores your own spun copies against their
originals (one ``{"spun": ..., "original": ...}`` per line, as for ``despin eval --pairs``).

    python benchmarks/screen_quality.py [--rate R] [--seed S] [--genre G ...] [--clean DIR --limit N]
                                        [--pairs FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from despin.channel.train import Sample, spun_samples
from despin.detector.screen import Screen, tables, trained
from despin.engine import plausible_swap
from despin.evaluation import GENRES, load_heldout, load_pairs
from despin.evaluation.metrics import auroc, span_hits
from despin.lexicon import Lexicon
from despin.lm import WebCounts
from despin.spin import PRESETS


def row(name: str, screen: Screen, clean: list[str], spun: list[Sample]) -> str:
    """AUROC, TPR and FPR; the spans' precision and recall of swapped words, the share of
    marked swaps whose suggestion is the original, and spans per 1,000 clean words."""
    found = screen.detect_many([s.text for s in spun])
    clean_found = screen.detect_many(clean)
    sc, ss = [d.score for d in clean_found], [d.score for d in found]
    auc = auroc([0] * len(sc) + [1] * len(ss), sc + ss)
    fpr = sum(s >= screen.threshold for s in sc) / len(sc)
    tpr = sum(s >= screen.threshold for s in ss) / len(ss)
    marked = sum(len(det.spans) for det in found)
    hits = [span_hits(s.gold, d.spans) for s, d in zip(spun, found)]
    swapped, right = sum(h[0] for h in hits), sum(h[1] for h in hits)
    gold = sum(len(s.gold) for s in spun)
    per_1k = 1000 * sum(len(d.spans) for d in clean_found) / sum(len(t.split()) for t in clean)
    return (f"| {name} | {auc:.3f} | {tpr:.3f} | {fpr:.3f} | {screen.threshold:.2f} | "
            f"{swapped / max(marked, 1):.3f} | {swapped / max(gold, 1):.3f} | "
            f"{right / max(swapped, 1):.3f} | {per_1k:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=100, help="test-time spinner seed (training: 0-4)")
    ap.add_argument("--genre", nargs="+", choices=GENRES, default=None)
    ap.add_argument("--clean", type=Path, help="a folder of clean .txt documents from elsewhere")
    ap.add_argument("--limit", type=int, default=300, help="documents taken from --clean")
    ap.add_argument("--pairs", type=Path, help="a .jsonl of your own spun/original pairs")
    ap.add_argument("--skip-loso", action="store_true", help="only the shipped screen")
    args = ap.parse_args()
    test = [d.text for d in load_heldout(args.genre, "test")]
    spun_test = {p: spun_samples(test, [p], args.rate, args.seed) for p in PRESETS}
    print(f"{len(test)} clean test documents, {len(test)} spun copies per preset (rate {args.rate})")
    print("| held-out preset | AUROC | TPR | FPR | threshold | span P | span R | suggestion "
          "right | clean spans / 1k words |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    shipped = Screen.load()
    if not args.skip_loso:
        web = WebCounts.load()
        words, arrays = tables(Lexicon.load(), web.words, web.pairs, plausible_swap)
        train = [d.text for d in load_heldout(args.genre, "train")]
        spun_train = {p: spun_samples(train, [p], 0.2, 0) for p in PRESETS}
        for held in PRESETS:
            others = {p: spun_train[p] for p in PRESETS if p != held}
            screen, _ = trained(words, arrays, web.log_total, train, others)
            screen.suggestions = shipped.suggestions  # from the shipped channel (all five)
            print(row(held, screen, test, spun_test[held]), flush=True)
    print("| shipped screen, per preset | | | | | | | | |")
    for p in PRESETS:
        print(row(p, shipped, test, spun_test[p]), flush=True)
    if args.clean:
        files = sorted(args.clean.rglob("*.txt"))
        docs = [f.read_text(errors="replace") for f in files[:: max(1, len(files) // args.limit)]]
        docs = docs[: args.limit]
        print(f"{len(docs)} clean documents from {args.clean.name}, spun copies (rate {args.rate})")
        for p in PRESETS:
            print(row(p, shipped, docs, spun_samples(docs, [p], args.rate, args.seed)),
                  flush=True)
    if args.pairs:
        pairs = load_pairs(args.pairs)
        print(f"{len(pairs)} pairs from {args.pairs.name}")
        print(row("your pairs", shipped, [p.original for p in pairs],
                  [Sample(p.spun, p.edits) for p in pairs]))
    print("reproduce: python benchmarks/screen_quality.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
