"""Value objects shared by every stage: an Edit, a Restoration, a Detection."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Edit:
    """A replacement of ``text[offset:offset + length]`` (code points) by ``restored``."""

    offset: int
    length: int
    spun: str
    restored: str
    confidence: float = 1.0
    kind: str = "word"  # word | phrase | entity | tortured | slip

    def to_json(self) -> dict:
        return {
            "offset": self.offset,
            "length": self.length,
            "spun": self.spun,
            "restored": self.restored,
            "confidence": round(self.confidence, 4),
        }


@dataclass(frozen=True)
class Restoration:
    text: str
    edits: list[Edit] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"text": self.text, "edits": [e.to_json() for e in self.edits]}


@dataclass(frozen=True)
class Span:
    offset: int
    length: int
    text: str
    suggestion: str
    confidence: float

    def to_json(self) -> dict:
        d = asdict(self)
        d["confidence"] = round(self.confidence, 4)
        return d


@dataclass(frozen=True)
class Detection:
    score: float
    label: str  # "spun" | "clean"
    spans: list[Span] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "score": round(self.score, 4),
            "label": self.label,
            "spans": [s.to_json() for s in self.spans],
        }


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits; everything outside them is kept verbatim."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.offset):
        if e.offset < pos:
            raise ValueError(f"overlapping edit at offset {e.offset}")
        out.append(text[pos : e.offset])
        out.append(e.restored)
        pos = e.offset + e.length
    out.append(text[pos:])
    return "".join(out)
