"""Shared by the scan tests: a deterministic engine and corpus builders."""

from __future__ import annotations

import json
from pathlib import Path

from despin.edits import Detection, Edit, Restoration, Span, apply_edits

SENTENCES = [
    "The minister stated on Monday that the budget would pass.",
    "Rain is expected across the north of the country this week.",
    "Officials stated that the army had stated its position twice.",
    "Café owners said the new rules were clear.",
]


class MarkEngine:
    """Picklable stand-in engine: each 'stated' is a span (-> 'said', 0.9); score = spans / 2."""

    def _edits(self, text: str) -> list[Edit]:
        from despin.text import tokenize

        return [Edit(t.start, 6, t.text, "said", 0.9) for t in tokenize(text) if t.norm == "stated"]

    def detect(self, text: str) -> Detection:
        spans = [
            Span(e.offset, e.length, e.spun, e.restored, e.confidence) for e in self._edits(text)
        ]
        score = min(1.0, len(spans) / 2)
        return Detection(score, "spun" if score >= 0.5 else "clean", spans)

    def restore(self, text: str) -> Restoration:
        edits = self._edits(text)
        return Restoration(apply_edits(text, edits), edits)

    def analyze(self, text: str) -> tuple[Detection, Restoration]:
        return self.detect(text), self.restore(text)


def records(n: int, start: int = 0) -> list[dict]:
    return [
        {"id": i, "text": SENTENCES[i % len(SENTENCES)], "n": i} for i in range(start, start + n)
    ]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path


def read_role(out: Path, role: str = "data") -> list[dict]:
    """All records of one output role, in shard order (parquet or jsonl)."""
    rows = []
    for f in sorted((out / role).glob("*")):
        if f.suffix == ".parquet":
            import pyarrow.parquet as pq

            rows += pq.read_table(f).to_pylist()
        else:
            rows += [json.loads(line) for line in f.read_text().splitlines()]
    return rows
