"""The Despinner facade: tokenize -> candidates -> score -> decode -> edits."""

from __future__ import annotations

from functools import lru_cache

from despin.edits import Detection, Edit, Restoration, Span, apply_edits
from despin.text import Token, tokenize

DEFAULT_MIN_CONFIDENCE = 0.5
DEFAULT_SPUN_THRESHOLD = 0.5


class Despinner:
    """Loads the language data once; cheap to call many times; re-creatable per worker."""

    def __init__(self, min_confidence: float = DEFAULT_MIN_CONFIDENCE):
        self.min_confidence = min_confidence

    def __reduce__(self):
        return (type(self), (self.min_confidence,))

    # -- pipeline stages -------------------------------------------------
    def tokenize(self, text: str) -> list[Token]:
        return tokenize(text)

    def propose(self, text: str, tokens: list[Token]) -> list[Edit]:
        """All edits the engine believes in, with confidences (before thresholding)."""
        return []

    # -- public API -----------------------------------------------------
    def restore(self, text: str, *, min_confidence: float | None = None) -> Restoration:
        threshold = self.min_confidence if min_confidence is None else min_confidence
        edits = [e for e in self.propose(text, self.tokenize(text)) if e.confidence >= threshold]
        return Restoration(apply_edits(text, edits), edits)

    def detect(self, text: str) -> Detection:
        edits = self.propose(text, self.tokenize(text))
        score = 0.0
        spans = [
            Span(e.offset, e.length, e.spun, e.restored, e.confidence)
            for e in edits
            if e.confidence >= self.min_confidence
        ]
        return Detection(score, "spun" if score >= DEFAULT_SPUN_THRESHOLD else "clean", spans)


@lru_cache(maxsize=1)
def default() -> Despinner:
    return Despinner()


def restore(text: str, *, min_confidence: float | None = None) -> Restoration:
    return default().restore(text, min_confidence=min_confidence)


def detect(text: str) -> Detection:
    return default().detect(text)
