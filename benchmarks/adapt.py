"""Adapting to one spinner with `despin learn`: F0.5 before and after, per preset.

For each preset, spins TRAIN-split documents (unlabeled: the gold edits are thrown away), runs
the same EM adaptation as `despin learn`, and scores the shipped and the adapted engine on
the preset's spun TEST split in the same run. ``--pairs FILE`` (``{"spun", "original"}`` per
line, as ``despin eval --pairs`` reads it) adds rows for real spinner output: the engine learns
from every other pair (its spun side alone, as `despin learn CORPUS`; the pairs, as `despin
learn --pairs`; both) and is scored on the rest.

    python benchmarks/adapt.py [--train-docs 40] [--limit 10] [--presets spinbot ...] [--pairs FILE]
"""

from __future__ import annotations

import argparse
import copy
import sys

from despin.channel.train import adapt, learn_pairs
from despin.engine import Despinner
from despin.evaluation import evaluate, load_heldout, load_pairs
from despin.spin import PRESETS, Spinner

SEED = 7


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train-docs", type=int, default=40, help="unlabeled spun docs to learn on")
    ap.add_argument("--limit", type=int, default=10, help="test docs per genre")
    ap.add_argument("--presets", nargs="*", default=list(PRESETS), choices=list(PRESETS))
    ap.add_argument("--pairs", nargs="*", default=[], help="real spun/original pairs")
    args = ap.parse_args()
    base = Despinner()
    pool = load_heldout(None, "train")
    train = pool[:: max(1, len(pool) // args.train_docs)]
    docs = load_heldout(None, "test", args.limit)
    print("| spinner | learned from | F0.5 shipped | F0.5 adapted | P | R "
          "| clean fixes / 1k words | swaps learned |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")

    def row(name: str, source: str, score, known=(), spun=()) -> None:
        """Learns from the ``known`` pairs, then the ``spun`` texts; scores before and after."""
        adapted = Despinner(channel=copy.deepcopy(base.channel))
        if known:
            learn_pairs(adapted, known)
        if spun:
            adapt(adapted, spun)
        before, after = score(base), score(adapted)
        learned = sum(len(v) for v in adapted.channel.pairs.values())
        print(f"| {name} | {source} | {before.restore['f05']:.3f} | {after.restore['f05']:.3f} "
              f"| {after.restore['precision']:.3f} | {after.restore['recall']:.3f} "
              f"| {after.clean['edits_per_1k_words']:.1f} | {learned} |")

    for preset in args.presets:
        spinner = Spinner(preset, seed=SEED)  # one spinner: the same dictionary throughout
        row(preset, "spun copies", lambda e, p=preset: evaluate(e, docs, preset=p, seed=SEED),
            spun=[spinner.spin(d.text).text for d in train[: args.train_docs]])
    for path in args.pairs:
        pairs = load_pairs(path)
        known, test = pairs[::2], pairs[1::2]
        spun = [p.spun for p in known]
        for source, kw in (("spun side", {"spun": spun}), ("pairs", {"known": known}),
                           ("pairs, then spun side", {"known": known, "spun": spun})):
            row(path, source, lambda e, test=test: evaluate(e, pairs=test), **kw)
    print("reproduce: python benchmarks/adapt.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
