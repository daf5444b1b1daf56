"""Restoration/detection quality on spun held-out text: every preset x genre, test split.

Prints the README quality table and the command that reproduces it. ``run(factory)`` takes a
callable returning a fresh restorer (e.g. ``despin.Despinner``) so other scripts (such as a
leave-one-spinner-out loop) can reuse it; an identity restorer is the baseline measured in
the same process.

    python benchmarks/quality.py [--limit N] [--rate R] [--seed S] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys

from despin.edits import Restoration
from despin.evaluation import GENRES, evaluate, load_heldout
from despin.evaluation.metrics import prf
from despin.spin import PRESETS


class Identity:
    """Baseline: restores nothing (recall 0)."""

    def restore(self, text: str) -> Restoration:
        return Restoration(text, [])


def run(despinner_factory, *, limit=None, rate=None, seed=0, presets=None, genres=None) -> dict:
    """{preset: {genre: Report}} on the test split (``limit`` documents per genre)."""
    docs = load_heldout(genres, "test", limit)
    out = {}
    for preset in presets or PRESETS:
        restorer = despinner_factory()
        out[preset] = {
            g: evaluate(
                restorer, [d for d in docs if d.genre == g], preset=preset, rate=rate, seed=seed
            )
            for g in genres or GENRES
        }
    return out


def totals(reps: dict) -> dict:
    """Micro-averaged restore scores over genres."""
    tp, fp, fn = (sum(r.restore[k] for r in reps.values()) for k in ("tp", "fp", "fn"))
    return prf(tp, fp, fn)


def table(results: dict, baseline: dict) -> str:
    genres = list(next(iter(results.values())))
    cols = [f"{g} F0.5" for g in genres] + ["P", "R", "F0.5", "F0.5 identity", "AUROC", "clean FPR"]
    lines = ["| preset | " + " | ".join(cols) + " |", "|" + " --- |" * (len(cols) + 1)]
    for preset, reps in results.items():
        t, base = totals(reps), totals(baseline[preset])
        auc = [
            x.detect["auroc"] for x in reps.values() if x.detect and x.detect["auroc"] is not None
        ]
        fpr = [x.clean["false_positive_rate"] for x in reps.values() if x.detect]
        row = [f"{reps[g].restore['f05']:.3f}" for g in genres]
        row += [f"{t[k]:.3f}" for k in ("precision", "recall", "f05")] + [f"{base['f05']:.3f}"]
        row += [f"{sum(v) / len(v):.3f}" if v else "-" for v in (auc, fpr)]
        lines.append(f"| {preset} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="documents per genre")
    ap.add_argument("--rate", type=float, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", default=None, help="also write all reports to this file")
    ap.add_argument("--loso", action="store_true",
                    help="leave-one-spinner-out: score each preset with a channel trained "
                    "without it (on the train split)")
    ap.add_argument("--train-docs", type=int, default=10, help="train docs per genre (--loso)")
    args = ap.parse_args()
    import despin

    opts = {"limit": args.limit, "rate": args.rate, "seed": args.seed}
    baseline = run(Identity, **opts)
    if args.loso:
        from despin.channel.train import trained

        results = {}
        for preset in PRESETS:
            engine = trained([p for p in PRESETS if p != preset], args.train_docs)
            results |= run(lambda e=engine: e, presets=[preset], **opts)
    else:
        results = run(despin.Despinner, **opts)
    print(table(results, baseline))
    print("\nreproduce: python benchmarks/quality.py " + " ".join(sys.argv[1:]))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(
                {p: {g: r.to_json() for g, r in reps.items()} for p, reps in results.items()}, f
            )


if __name__ == "__main__":
    main()
