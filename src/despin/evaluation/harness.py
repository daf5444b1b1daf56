"""Run a restorer/detector over spun and clean documents and score it against gold edits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from despin.edits import Edit, Restoration, apply_edits
from despin.evaluation.corpus import Doc, Pair
from despin.evaluation.metrics import auroc, calibration, match_edits, match_spans, pr_curve, prf
from despin.spin import Spinner
from despin.text import tokenize

DEFAULT_THRESHOLD = 0.5


@dataclass
class Report:
    """Scores of one system on one benchmark (one preset or one pairs file)."""

    name: str
    docs: int
    words: int
    gold_edits: int
    threshold: float
    restore: dict  # tp/fp/fn, precision, recall, f05 (case-insensitive replacement)
    restore_exact: dict  # the same with case-sensitive replacement
    by_kind: dict  # gold edit kind -> restore scores
    by_genre: dict  # genre -> restore scores, clean false-positive rate
    detect: dict  # auroc, precision, recall (documents), span precision/recall/f1 (overlap)
    ece: float
    calibration: list = field(default_factory=list)
    curve: list = field(default_factory=list)
    clean: dict = field(default_factory=dict)  # false positives on the unspun originals

    def to_json(self) -> dict:
        return _rounded(asdict(self))


def _rounded(obj):
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_rounded(v) for v in obj]
    return obj


def spin_docs(
    docs: list[Doc], preset: str = "spinbot", rate: float | None = None, seed: int = 0
) -> list[Pair]:
    spinner = Spinner(preset, rate=rate, seed=seed)
    pairs = []
    for d in docs:
        res = spinner.spin(d.text)
        pairs.append(Pair(d.id, d.genre, res.text, d.text, res.edits))
    return pairs


class SpansAsEdits:
    """A detector whose spans (with their suggestions) are scored as a restorer's edits: how
    the fast screen's spans compare with the engine's restoration."""

    def __init__(self, detector):
        self.detector = detector
        self.min_confidence = detector.span_threshold

    def restore(self, text: str, *, min_confidence: float | None = None) -> Restoration:
        spans = self.detector.detect(text, min_confidence=min_confidence).spans
        edits = [Edit(s.offset, s.length, s.text, s.suggestion, s.confidence) for s in spans]
        return Restoration(apply_edits(text, edits), edits)

    def detect(self, text: str):
        return self.detector.detect(text)


def _proposals(restorer, text: str) -> list[Edit]:
    """Every edit the restorer proposes, with its confidence (threshold 0 when supported)."""
    try:
        return list(restorer.restore(text, min_confidence=0.0).edits)
    except TypeError:  # a restorer without the keyword: its own threshold applies
        return list(restorer.restore(text).edits)


def evaluate(
    restorer,
    docs: list[Doc] | None = None,
    *,
    preset: str = "spinbot",
    rate: float | None = None,
    seed: int = 0,
    pairs: list[Pair] | None = None,
    name: str | None = None,
    progress=None,
) -> Report:
    """Score ``restorer`` (anything with ``.restore(text)``; ``.detect(text)`` is optional).

    Either spins ``docs`` with ``preset`` / ``rate`` / ``seed`` or uses the given ``pairs``.
    The originals double as the clean documents for false-positive rates. ``progress`` wraps
    the pair iterator (e.g. ``rich.progress.track``).
    """
    if pairs is None:
        if docs is None:
            raise ValueError("give docs to spin or pairs")
        pairs = spin_docs(docs, preset, rate, seed)
        name = name or preset
    threshold = getattr(restorer, "min_confidence", DEFAULT_THRESHOLD)
    detector = getattr(restorer, "detect", None)
    counts = {"fold": [0, 0, 0], "exact": [0, 0, 0]}
    kinds: dict = defaultdict(lambda: [0, 0, 0])
    genres: dict = defaultdict(
        lambda: {"tp": 0, "fp": 0, "fn": 0, "clean_docs": 0, "clean_flagged": 0}
    )
    confs, hits, labels, scores = [], [], [], []
    det_tp = det_fp = det_fn = span_tp = span_pred = 0
    clean_edits = clean_words = words = n_gold = 0
    for pair in progress(pairs) if progress else pairs:
        gold = pair.edits
        n_gold += len(gold)
        words += len(tokenize(pair.original))
        proposed = _proposals(restorer, pair.spun)
        confs += [e.confidence for e in proposed]
        hits += match_edits(gold, proposed)
        kept = [e for e in proposed if e.confidence >= threshold]
        for fold, c in (("fold", True), ("exact", False)):
            ok = match_edits(gold, kept, fold=c)
            tp = sum(ok)
            counts[fold][0] += tp
            counts[fold][1] += len(kept) - tp
            counts[fold][2] += len(gold) - tp
        ok = match_edits(gold, kept)
        g = genres[pair.genre]
        g["tp"] += sum(ok)
        g["fp"] += len(ok) - sum(ok)
        g["fn"] += len(gold) - sum(ok)
        # per kind: recall by gold kind, false positives by the kind the system gave
        matched = match_edits(kept, gold)
        for e, m in zip(gold, matched):
            kinds[e.kind][0 if m else 2] += 1
        for e, m in zip(kept, ok):
            if not m:
                kinds[e.kind][1] += 1
        # the clean original: any edit there is a false positive
        clean = [e for e in _proposals(restorer, pair.original) if e.confidence >= threshold]
        clean_edits += len(clean)
        clean_words += len(tokenize(pair.original))
        g["clean_docs"] += 1
        if detector:
            spun_det, clean_det = detector(pair.spun), detector(pair.original)
            labels += [1, 0]
            scores += [spun_det.score, clean_det.score]
            det_tp += spun_det.label == "spun"
            det_fn += spun_det.label != "spun"
            det_fp += clean_det.label == "spun"
            g["clean_flagged"] += clean_det.label == "spun"
            span_pred += len(spun_det.spans)
            span_tp += match_spans(
                [(e.offset, e.length) for e in gold], [(s.offset, s.length) for s in spun_det.spans]
            )
    ece, bins = calibration(confs, hits)
    detect = {}
    if detector:
        detect = {
            "auroc": auroc(labels, scores),
            **{
                k: v
                for k, v in prf(det_tp, det_fp, det_fn, 1.0).items()
                if k in ("precision", "recall")
            },
            "spans": prf(span_tp, span_pred - span_tp, n_gold - span_tp, 1.0),
        }
    by_genre = {
        k: {
            **prf(v["tp"], v["fp"], v["fn"]),
            "clean_docs": v["clean_docs"],
            "clean_fpr": v["clean_flagged"] / v["clean_docs"] if detector else None,
        }
        for k, v in sorted(genres.items())
    }
    return Report(
        name=name or "pairs",
        docs=len(pairs),
        words=words,
        gold_edits=n_gold,
        threshold=threshold,
        restore=prf(*counts["fold"]),
        restore_exact=prf(*counts["exact"]),
        by_kind={k: prf(*v) for k, v in sorted(kinds.items())},
        by_genre=by_genre,
        detect=detect,
        ece=ece,
        calibration=bins,
        curve=pr_curve(confs, hits, n_gold),
        clean={
            "edits_per_1k_words": 1000 * clean_edits / clean_words if clean_words else 0.0,
            "false_positive_rate": det_fp / len(pairs) if detector and pairs else None,
        },
    )
