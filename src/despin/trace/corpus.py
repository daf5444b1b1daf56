"""Read (id, text) documents from JSONL, Parquet or a folder of .txt files.

A record whose text is missing, not a string or unreadable is still yielded, with
``None`` as its text, so the indexer can skip and count it instead of stopping.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from despin.text import InputError, decode

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}


def count(paths: list[Path]) -> int | None:
    """Number of records when cheap to know (folders, Parquet), else None."""
    total = 0
    for p in paths:
        if p.is_dir():
            total += sum(1 for _ in p.rglob("*.txt"))
        elif p.suffix == ".parquet":
            import pyarrow.parquet as pq

            total += pq.ParquetFile(p).metadata.num_rows
        else:
            return None
    return total


def read(paths: list[Path], id_field: str = "id", text_field: str = "text") -> Iterator[tuple]:
    for p in paths:
        if p.is_dir():
            yield from _folder(p)
        elif not p.exists():
            raise InputError(f"{p}: no such file or folder")
        elif p.suffix in JSONL_SUFFIXES:
            yield from _jsonl(p, id_field, text_field)
        elif p.suffix == ".parquet":
            yield from _parquet(p, id_field, text_field)
        else:
            raise InputError(
                f"{p}: unsupported corpus format (use .jsonl, .parquet or a folder of .txt)"
            )


def _folder(root: Path) -> Iterator[tuple]:
    for f in sorted(root.rglob("*.txt")):
        try:
            text = decode(f.read_bytes(), str(f))
        except (InputError, OSError):
            text = None
        yield f.relative_to(root).as_posix(), text


def _jsonl(path: Path, id_field: str, text_field: str) -> Iterator[tuple]:
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                rec = None
            if not isinstance(rec, dict):
                yield f"{path.name}:{n}", None
                continue
            yield str(rec.get(id_field, f"{path.name}:{n}")), rec.get(text_field)


def _parquet(path: Path, id_field: str, text_field: str) -> Iterator[tuple]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises several types for a bad file
        raise InputError(f"{path}: not a readable Parquet file ({type(e).__name__})") from None
    names = pf.schema_arrow.names
    if text_field not in names:
        raise InputError(f"{path}: no column {text_field!r} (columns: {', '.join(names)})")
    cols = [text_field] + ([id_field] if id_field in names else [])
    n = 0
    for batch in pf.iter_batches(columns=cols):
        texts = batch.column(text_field).to_pylist()
        ids = batch.column(id_field).to_pylist() if id_field in names else [None] * len(texts)
        for doc_id, text in zip(ids, texts):
            n += 1
            yield str(doc_id) if doc_id is not None else f"{path.name}:{n}", text
