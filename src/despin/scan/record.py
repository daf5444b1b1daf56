"""The per-record function every engine runs: text -> despin fields, and where the record goes."""

from __future__ import annotations

import pyarrow as pa

SPANS_TYPE = pa.list_(
    pa.struct(
        [
            ("offset", pa.int64()),
            ("length", pa.int64()),
            ("text", pa.string()),
            ("suggestion", pa.string()),
            ("confidence", pa.float64()),
        ]
    )
)
FIELD_TYPES = {
    "despin_score": pa.float64(),
    "despin_label": pa.string(),
    "despin_spans": SPANS_TYPE,
    "despin_restored": pa.string(),
}
REASON = "despin_flag_reason"


def annotator(fast: bool = False, channel: str | None = None):
    """What annotates each record: the fast screen, or the engine (with ``channel``, a channel
    file from `despin learn`)."""
    if fast:
        from despin.detector.screen import Screen

        return Screen.load()
    from despin.engine import Despinner

    return Despinner(channel=channel)


def annotate_texts(engine, texts: list[str], restore: bool = False) -> list[dict]:
    """:func:`annotate_text` for many texts; the fast screen scores them all in one pass."""
    if restore or not hasattr(engine, "detect_many"):
        return [annotate_text(engine, t, restore) for t in texts]
    return [_fields(d) for d in engine.detect_many(texts)]


def annotate_text(engine, text: str, restore: bool = False) -> dict:
    """The fields added to a record: score, label, spans and, with ``restore``, restored text
    (both from one pass of the engine)."""
    found, restored = engine.analyze(text) if restore else (engine.detect(text), None)
    return _fields(found, restored)


def _fields(found, restored=None) -> dict:
    det = found.to_json()
    out = {"despin_score": det["score"], "despin_label": det["label"], "despin_spans": det["spans"]}
    if restored is not None:
        out["despin_restored"] = restored.text
    return out


def flag_reason(fields: dict, min_score: float | None) -> str | None:
    """Why a record goes to the flagged output (None: it stays in the main output)."""
    if min_score is None or fields["despin_score"] < min_score:
        return None
    return f"despin_score >= min_score {min_score:g}"


def text_of(record: dict, field: str) -> str:
    """The record's text, or KeyError/TypeError with a one-line reason."""
    if field not in record:
        raise KeyError(f"missing text field {field!r}")
    text = record[field]
    if not isinstance(text, str):
        raise TypeError(f"text field {field!r} is {type(text).__name__}, expected a string")
    return text
