"""Edit-, span- and document-level metrics (ERRANT-style edit matching)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.metrics import roc_auc_score

from despin.edits import Edit
from despin.text import normalize


def edit_key(e: Edit, fold: bool = True) -> tuple[int, int, str]:
    """Canonical form of an edit: the minimal changed span and its replacement.

    Trimming the shared prefix and suffix makes edits that produce the same text compare
    equal whatever span granularity a system uses ("U.Okay" -> "U.K" equals "Okay" -> "K").
    ``fold`` compares case-insensitively.
    """
    s, r = (e.spun.lower(), e.restored.lower()) if fold else (e.spun, e.restored)
    i = 0
    while i < min(len(s), len(r)) and s[i] == r[i]:
        i += 1
    j = 0
    while j < min(len(s), len(r)) - i and s[-1 - j] == r[-1 - j]:
        j += 1
    return e.offset + i, len(s) - i - j, r[i : len(r) - j]


def prf(tp: int, fp: int, fn: int, beta: float = 0.5) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    b2 = beta * beta
    f = (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": p,
        "recall": r,
        f"f{beta:g}".replace(".", ""): f,
    }


def match_edits(gold: list[Edit], pred: list[Edit], fold: bool = True) -> list[bool]:
    """For each predicted edit, whether it matches a gold edit (each gold edit used once)."""
    left = {}
    for g in gold:
        left.setdefault(edit_key(g, fold), []).append(g)
    hits = []
    for p in pred:
        bucket = left.get(edit_key(p, fold))
        hits.append(bool(bucket))
        if bucket:
            bucket.pop()
    return hits


def match_spans(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> int:
    """Predicted (offset, length) spans overlapping a distinct gold span (greedy, one-to-one)."""
    free = sorted(gold)
    tp = 0
    for off, n in sorted(pred):
        for k, (go, gn) in enumerate(free):
            if off < go + gn and go < off + n:
                tp += 1
                del free[k]
                break
    return tp


def span_hits(gold: Iterable[Edit], spans: Sequence) -> tuple[int, int]:
    """How many ``spans`` (a detection's) cover a gold edit exactly, and how many of those
    suggest its original (words compared as the tokenizer normalizes them)."""
    originals = {(e.offset, e.length): normalize(e.restored) for e in gold}
    found = [originals.get((s.offset, s.length)) for s in spans]
    return (sum(o is not None for o in found),
            sum(o == normalize(s.suggestion) for o, s in zip(found, spans)))


def auroc(labels: list[int], scores: list[float]) -> float | None:
    return float(roc_auc_score(labels, scores)) if len(set(labels)) == 2 else None


def pr_curve(confidences: Iterable[float], hits: Iterable[bool], n_gold: int) -> list[dict]:
    """Precision and recall of the edits kept at each confidence threshold."""
    pts = sorted(zip(confidences, hits), key=lambda x: -x[0])
    out, tp = [], 0
    for k, (c, h) in enumerate(pts, 1):
        tp += h
        if k == len(pts) or pts[k][0] != c:
            out.append(
                {"threshold": c, "precision": tp / k, "recall": tp / n_gold if n_gold else 0.0}
            )
    return out


def calibration(
    confidences: list[float], hits: list[bool], bins: int = 10
) -> tuple[float, list[dict]]:
    """Expected calibration error and the reliability-diagram bins of edit confidences."""
    if not confidences:
        return 0.0, []
    conf, acc = np.asarray(confidences, float), np.asarray(hits, float)
    which = np.minimum((conf * bins).astype(int), bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        m = which == b
        if m.any():
            c, a = float(conf[m].mean()), float(acc[m].mean())
            ece += m.mean() * abs(a - c)
            table.append(
                {
                    "low": b / bins,
                    "high": (b + 1) / bins,
                    "confidence": c,
                    "accuracy": a,
                    "count": int(m.sum()),
                }
            )
    return float(ece), table
