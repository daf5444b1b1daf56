"""Adapting to one spinner with `despin learn`: F0.5 before and after, per preset.

For each preset, spins TRAIN-split documents (unlabeled: the gold edits are thrown away), runs
the same hard-EM adaptation as `despin learn`, and scores the shipped and the adapted engine on
the preset's spun TEST split in the same run.

    python benchmarks/adapt.py [--train-docs 40] [--limit 10] [--presets spinbot ...]
"""

from __future__ import annotations

import argparse
import copy
import sys

from despin.channel.train import adapt
from despin.engine import Despinner
from despin.evaluation import evaluate, load_heldout
from despin.spin import PRESETS, Spinner

SEED = 7


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train-docs", type=int, default=40, help="unlabeled spun docs to learn on")
    ap.add_argument("--limit", type=int, default=10, help="test docs per genre")
    ap.add_argument("--presets", nargs="+", default=list(PRESETS), choices=list(PRESETS))
    args = ap.parse_args()
    base = Despinner()
    pool = load_heldout(None, "train")
    train = pool[:: max(1, len(pool) // args.train_docs)]
    docs = load_heldout(None, "test", args.limit)
    print("| preset | F0.5 shipped | F0.5 adapted | swaps learned |")
    print("| --- | --- | --- | --- |")
    for preset in args.presets:
        spinner = Spinner(preset, seed=SEED)  # one spinner: the same dictionary throughout
        adapted = Despinner(channel=copy.deepcopy(base.channel))
        adapt(adapted, [spinner.spin(d.text).text for d in train[: args.train_docs]])
        before = evaluate(base, docs, preset=preset, seed=SEED).restore["f05"]
        after = evaluate(adapted, docs, preset=preset, seed=SEED).restore["f05"]
        learned = sum(len(v) for v in adapted.channel.pairs.values())
        print(f"| {preset} | {before:.3f} | {after:.3f} | {learned} |")
    print("reproduce: python benchmarks/adapt.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
