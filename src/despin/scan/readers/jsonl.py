"""JSON Lines, plain or compressed (.gz, .zst); a chunk is ``size`` raw lines."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import zstandard

from despin.scan.problems import Problem
from despin.scan.readers import Chunk


def _open(raw, path: Path):
    if path.suffix == ".gz":
        return gzip.GzipFile(fileobj=raw)
    if path.suffix == ".zst":
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw))
    return raw


def chunks(prefix: str, path: Path, size: int, is_done):
    with open(path, "rb") as raw:
        f, lines, first, k, pos, problem = _open(raw, path), [], 1, 0, 0, None

        def chunk(problems=()) -> Chunk:
            return Chunk(f"{prefix}-{k:06d}", str(path), "jsonl", b"".join(lines), first,
                         raw.tell() - pos, list(problems))

        try:
            for line in f:
                lines.append(line)
                if len(lines) == size:
                    yield chunk()
                    first, k, pos, lines = first + size, k + 1, raw.tell(), []
        except (EOFError, OSError, zstandard.ZstdError) as e:
            kind = "truncated_gzip" if isinstance(e, EOFError) else f"corrupt_{path.suffix[1:]}"
            msg = f"{str(e) or type(e).__name__}; rest of file skipped"
            problem = Problem(f"{path}:{first + len(lines)}", kind, msg)
        if lines or problem or k == 0:
            yield chunk([problem] if problem else [])


def records(chunk: Chunk, opts):
    for i, line in enumerate(chunk.payload.split(b"\n")):
        if not line.strip():
            continue
        loc = f"{chunk.path}:{chunk.first + i}"
        try:
            rec = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as e:
            text = line.decode("utf-8", "replace")
            yield loc, Problem(loc, "not_utf8", f"not valid UTF-8 (byte {e.start})", text)
            continue
        except json.JSONDecodeError as e:
            yield (
                loc,
                Problem(
                    loc,
                    "malformed_json",
                    f"malformed JSON ({e.msg}, column {e.colno})",
                    line.decode("utf-8"),
                ),
            )
            continue
        if not isinstance(rec, dict):
            yield (
                loc,
                Problem(
                    loc,
                    "not_object",
                    f"expected a JSON object, got {type(rec).__name__}",
                    line.decode("utf-8"),
                ),
            )
            continue
        yield loc, rec
