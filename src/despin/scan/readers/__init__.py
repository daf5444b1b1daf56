"""Readers by input format. Each yields deterministic ``Chunk``s (the unit of sharding and
resume) in the main process and decodes a chunk back into records in a worker."""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from despin.scan.problems import Problem, ScanError

SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".warc": "warc",
    ".arc": "warc",
}
COMPRESSIONS = (".gz", ".zst")


@dataclass
class Chunk:
    shard: str  # output shard name, stable across runs: part-<file>-<chunk>
    path: str
    fmt: str
    payload: object = None  # format-specific: bytes of JSONL lines, Arrow IPC bytes, WARC items
    first: int = 0  # line number / row number of the first record
    nbytes: int = 0  # input bytes this chunk consumed (for progress)
    problems: list[Problem] = field(default_factory=list)


def format_of(path: Path) -> str | None:
    suffixes = path.suffixes[-2:]
    if suffixes and suffixes[-1] in COMPRESSIONS:
        suffixes = suffixes[:-1]
    return SUFFIXES.get(suffixes[-1].lower()) if suffixes else None


def expand(inputs: list[str]) -> list[Path]:
    """Files, folders (searched recursively for known formats) and globs -> sorted unique files."""
    found: list[Path] = []
    for spec in inputs:
        p = Path(spec)
        if p.is_dir():
            found += [f for f in sorted(p.rglob("*")) if f.is_file() and format_of(f)]
        elif p.is_file():
            if not format_of(p):
                raise ScanError(
                    f"{p}: unknown format (expected .jsonl[.gz|.zst], .parquet, .warc[.gz])"
                )
            found.append(p)
        else:
            matches = [Path(m) for m in sorted(glob.glob(spec, recursive=True))]
            files = [m for m in matches if m.is_file() and format_of(m)]
            if not files:
                raise ScanError(f"{spec}: no such file, folder or matching glob")
            found += files
    return list(dict.fromkeys(f.resolve() for f in found))


def reader(fmt: str):
    from despin.scan.readers import jsonl, parquet, warc

    return {"jsonl": jsonl, "parquet": parquet, "warc": warc}[fmt]


def chunks(index: int, path: Path, size: int, is_done: Callable[[str], bool]) -> Iterator[Chunk]:
    fmt = format_of(path)
    yield from reader(fmt).chunks(f"part-{index:05d}", path, size, is_done)


def records(chunk: Chunk, opts) -> Iterator[tuple[str, dict | Problem]]:
    """(location, record) pairs of a chunk; an undecodable record comes as a Problem."""
    return reader(chunk.fmt).records(chunk, opts)
