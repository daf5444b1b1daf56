"""Output folder layout, one file per shard and role, each renamed into place when complete:

OUTPUT/data/part-FFFFF-CCCCCC.{jsonl,parquet}   every good record + despin fields
OUTPUT/flagged/...                              records with score >= --min-score (+ reason)
OUTPUT/errors/....jsonl                         bad input: location, kind, message, raw record
OUTPUT/_done/....json                           written last: the shard is complete (resume)
OUTPUT/_scan.json                               inputs and options (resume must match)
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from despin.io import atomic_write_bytes, atomic_write_text
from despin.scan.problems import Problem, ScanError
from despin.scan.record import FIELD_TYPES

ROLES = ("data", "flagged", "errors", "_done")


def _jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows).encode()


def _parquet(rows: list[dict]) -> bytes:
    table = pa.Table.from_pylist(rows)
    for name, type_ in FIELD_TYPES.items():  # fixed types, even when every span list is empty
        if name in table.column_names:
            i = table.column_names.index(name)
            table = table.set_column(i, name, pa.array([r[name] for r in rows], type=type_))
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


class ShardStore:
    def __init__(self, root: Path, fmt: str = "jsonl"):
        self.root, self.fmt = Path(root), fmt

    def open(self, manifest: dict) -> None:
        """Create the layout, or check that an existing one is the same scan; drop stale temp files."""
        path = self.root / "_scan.json"
        if path.exists():
            old = json.loads(path.read_text())
            if old != manifest:
                diff = sorted(
                    k for k in manifest.keys() | old.keys() if old.get(k) != manifest.get(k)
                )
                raise ScanError(
                    f"{self.root} holds a different scan ({', '.join(diff)} differ); "
                    "use another --output or delete it"
                )
        elif self.root.exists() and any(self.root.iterdir()):
            raise ScanError(
                f"{self.root} exists and is not a despin scan output; use another --output"
            )
        for role in ROLES:
            (self.root / role).mkdir(parents=True, exist_ok=True)
            for tmp in (self.root / role).glob(".*.tmp"):
                tmp.unlink()
        atomic_write_text(path, json.dumps(manifest, indent=1))

    def done(self, shard: str) -> dict | None:
        path = self.root / "_done" / f"{shard}.json"
        return json.loads(path.read_text()) if path.exists() else None

    def write(
        self,
        shard: str,
        kept: list[dict],
        flagged: list[dict],
        problems: list[Problem],
        stats: dict,
    ) -> None:
        ext, encode = (".parquet", _parquet) if self.fmt == "parquet" else (".jsonl", _jsonl)
        for role, rows in (("data", kept), ("flagged", flagged)):
            if rows:
                atomic_write_bytes(self.root / role / f"{shard}{ext}", encode(rows))
        if problems:
            errors = _jsonl([p.to_json() for p in problems])
            atomic_write_bytes(self.root / "errors" / f"{shard}.jsonl", errors)
        atomic_write_text(self.root / "_done" / f"{shard}.json", json.dumps(stats))

    def write_summary(self, summary: dict) -> None:
        atomic_write_text(self.root / "_summary.json", json.dumps(summary, indent=1))
