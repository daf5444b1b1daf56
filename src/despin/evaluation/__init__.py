"""Evaluation harness: spin held-out text, restore/detect it, score against the gold edits."""

from despin.evaluation.corpus import GENRES, OTHER, Doc, Pair, gold_edits, load_heldout, load_pairs
from despin.evaluation.harness import Report, SpansAsEdits, evaluate, spin_docs

__all__ = [
    "GENRES",
    "OTHER",
    "Doc",
    "Pair",
    "Report",
    "SpansAsEdits",
    "evaluate",
    "gold_edits",
    "load_heldout",
    "load_pairs",
    "spin_docs",
]
