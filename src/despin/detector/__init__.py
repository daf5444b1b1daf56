"""Document-level detection: a calibrated probability that a text was spun.

Evidence is the engine's proposed edits (how many confident swaps there are per word, how
confident the strongest ones are, whether known tortured phrases occur) and the fast screen's
log-odds (per-word evidence over the whole text, see :mod:`despin.detector.screen`). A logistic model
(learned on spun vs clean training documents, see :mod:`despin.channel.train`) turns the
evidence into a probability; its weights ship as ``data/detector.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources

from despin.channel import sigmoid
from despin.edits import Edit

FORMAT = "despin-detector/1"
PRIOR_WORDS = 100  # pseudo-words without swaps added to every text: few words, little evidence
GATE_WORDS = 100  # a shorter text's gate shrinks with its length


def gated(score: float, words: int, gate: float) -> bool:
    """True for a text whose spun probability is under ``gate``, scaled down for a text under
    GATE_WORDS words (its score, shrunk by PRIOR_WORDS, carries less evidence): a sentence of
    20 words is left alone only under a fifth of the gate."""
    return score < gate * min(1.0, words / GATE_WORDS)


def tail_score(scores: Sequence[float], max_fpr: float) -> float:
    """The score at most ``max_fpr`` of ``scores`` (sorted, lowest first) lie above: where a
    "spun" threshold keeps false positives on clean scores at ``max_fpr``."""
    return scores[min(len(scores) - 1, int(len(scores) * (1 - max_fpr)))]


def document_features(edits: Sequence[Edit], n_tokens: int, screen: float = 0.0
                      ) -> dict[str, float]:
    conf = sorted((e.confidence for e in edits), reverse=True)
    n = n_tokens + PRIOR_WORDS  # short texts are shrunk toward "no swaps"
    top = conf[:5] + [0.0] * (5 - len(conf[:5]))
    return {
        "mass": sum(conf) / n * 100,  # expected swaps per 100 words
        "strong": sum(c >= 0.8 for c in conf) / n * 100,
        "medium": sum(c >= 0.5 for c in conf) / n * 100,
        "top_mean": sum(top) / 5,
        "tortured": float(sum(e.kind == "tortured" and e.confidence >= 0.5 for e in edits)),
        "screen": screen,
        "bias": 1.0,
    }


@dataclass
class DocumentScorer:
    """``threshold``: the score from which a text is labelled spun; ``gate``: restore and the
    marked spans leave a text alone below this score (tuned with the edit threshold for F0.5 on
    spun and clean text, so clean text keeps its words)."""

    weights: dict[str, float] = field(default_factory=dict)
    threshold: float = 0.5
    gate: float = 0.0

    def score(self, edits: Sequence[Edit], n_tokens: int, screen: float = 0.0) -> float:
        """From the text's proposed edits, its words and the fast screen's log-odds."""
        return self.score_features(document_features(edits, n_tokens, screen))

    def score_features(self, f: dict[str, float]) -> float:
        return sigmoid(sum(self.weights.get(k, 0.0) * v for k, v in f.items()))

    def to_json(self) -> dict:
        return {"format": FORMAT, "weights": self.weights, "threshold": self.threshold,
                "gate": self.gate}

    @classmethod
    def load(cls) -> DocumentScorer:
        data = json.loads(resources.files("despin.data").joinpath("detector.json").read_text())
        if data.get("format") != FORMAT:
            raise ValueError(f"detector.json: not a {FORMAT} file")
        return cls(data["weights"], data["threshold"], data.get("gate", 0.0))
