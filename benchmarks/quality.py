"""Restoration/detection quality on spun held-out text: every preset x genre, test split.

Prints the README quality table and the command that reproduces it. ``run(factory)`` takes a
callable returning a fresh restorer (e.g. ``despin.Despinner``) so other scripts (such as a
leave-one-spinner-out loop) can reuse it; an identity restorer is the baseline measured in
the same process.

    python benchmarks/quality.py [--limit N] [--rate R] [--seed S] [--chunk-words W] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace

from despin.edits import Restoration
from despin.evaluation import GENRES, evaluate, load_heldout
from despin.evaluation.metrics import prf
from despin.spin import PRESETS


class Identity:
    """Baseline: restores nothing (recall 0)."""

    def restore(self, text: str) -> Restoration:
        return Restoration(text, [])


def run(despinner_factory, *, limit=None, rate=None, seed=0, presets=None, genres=None,
        chunk_words=None) -> dict:
    """{preset: {genre: Report}} on the test split (``limit`` documents per genre, each cut into
    pieces of about ``chunk_words`` words when given: short texts, as users paste them)."""
    docs = load_heldout(genres, "test", limit)
    if chunk_words:
        docs = [replace(d, id=f"{d.id}#{i}", text=c)
                for d in docs for i, c in enumerate(pieces(d.text, chunk_words))]
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


def pieces(text: str, words: int) -> list[str]:
    """Runs of whole sentences of at least ``words`` words (a short rest joins the last)."""
    out, cur = [], []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        cur.append(sentence)
        if len(" ".join(cur).split()) >= words:
            out.append(" ".join(cur))
            cur = []
    if cur:
        if out and len(" ".join(cur).split()) < words / 2:
            out[-1] += " " + " ".join(cur)
        else:
            out.append(" ".join(cur))
    return out


def totals(reps: dict) -> dict:
    """Micro-averaged restore scores over genres."""
    tp, fp, fn = (sum(r.restore[k] for r in reps.values()) for k in ("tp", "fp", "fn"))
    return prf(tp, fp, fn)


def table(results: dict, baseline: dict) -> str:
    genres = list(next(iter(results.values())))
    cols = [f"{g} F0.5" for g in genres]
    cols += ["P", "R", "F0.5", "F0.5 identity", "AUROC", "clean FPR", "clean fixes / 1k words"]
    lines = ["| preset | " + " | ".join(cols) + " |", "|" + " --- |" * (len(cols) + 1)]
    for preset, reps in results.items():
        t, base = totals(reps), totals(baseline[preset])
        auc = [
            x.detect["auroc"] for x in reps.values() if x.detect and x.detect["auroc"] is not None
        ]
        fpr = [x.clean["false_positive_rate"] for x in reps.values() if x.detect]
        fixes = [x.clean["edits_per_1k_words"] for x in reps.values()]
        row = [f"{reps[g].restore['f05']:.3f}" for g in genres]
        row += [f"{t[k]:.3f}" for k in ("precision", "recall", "f05")] + [f"{base['f05']:.3f}"]
        row += [f"{sum(v) / len(v):.3f}" if v else "-" for v in (auc, fpr)]
        row.append(f"{sum(fixes) / len(fixes):.1f}")
        lines.append(f"| {preset} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="documents per genre")
    ap.add_argument("--rate", type=float, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--chunk-words", type=int, default=None,
                    help="cut each document into pieces of about this many words")
    ap.add_argument("--json", default=None, help="also write all reports to this file")
    ap.add_argument("--loso", action="store_true",
                    help="leave-one-spinner-out: score each preset with a channel trained "
                    "without it (on the train split)")
    ap.add_argument("--train-docs", type=int, default=10, help="train docs per genre (--loso)")
    args = ap.parse_args()
    import despin

    opts = {"limit": args.limit, "rate": args.rate, "seed": args.seed,
            "chunk_words": args.chunk_words}
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
