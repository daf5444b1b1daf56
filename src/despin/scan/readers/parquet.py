"""Parquet via pyarrow; a chunk is up to ``size`` rows of one row group, shipped as Arrow IPC."""

from __future__ import annotations

import math
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from despin.scan.problems import Problem
from despin.scan.readers import Chunk


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    return sink.getvalue().to_pybytes()


def chunks(prefix: str, path: Path, size: int, is_done):
    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as e:
        yield Chunk(
            f"{prefix}-{0:06d}",
            str(path),
            "parquet",
            problems=[Problem(str(path), "corrupt_parquet", f"unreadable Parquet ({e})")],
        )
        return
    nbytes = path.stat().st_size / max(1, pf.metadata.num_rows)
    row, k = 0, 0
    for g in range(pf.num_row_groups):
        n = pf.metadata.row_group(g).num_rows
        names = [f"{prefix}-{k + j:06d}" for j in range(max(1, math.ceil(n / size)))]
        if not all(map(is_done, names)):
            try:
                table = pf.read_row_group(g)
            except (pa.ArrowException, OSError) as e:
                msg = f"row group {g} ({n} rows) unreadable ({e})"
                yield Chunk(
                    names[0],
                    str(path),
                    "parquet",
                    first=row,
                    nbytes=int(n * nbytes),
                    problems=[Problem(f"{path}#row={row}", "corrupt_parquet", msg)],
                )
                row, k = row + n, k + len(names)
                continue
        for j, name in enumerate(names):
            part = None if is_done(name) else _ipc(table.slice(j * size, size))
            rows = min(size, n - j * size)
            yield Chunk(name, str(path), "parquet", part, row + j * size, int(rows * nbytes))
        row, k = row + n, k + len(names)


def records(chunk: Chunk, opts):
    if chunk.payload is None:
        return
    for i, rec in enumerate(pa.ipc.open_stream(chunk.payload).read_all().to_pylist()):
        yield f"{chunk.path}#row={chunk.first + i}", rec
