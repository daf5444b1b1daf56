"""A single-file container of named numpy arrays with a versioned JSON header.

Layout: ``MAGIC`` line, 8-byte header length, JSON header (format version, metadata and for
each array its dtype, shape and offset), then the arrays, 64-byte aligned. Arrays are
memory-mapped (``np.memmap``, handed out as plain read-only views) so a large index costs
address space, not resident memory. Writes go to a temporary file in the same folder and
replace the target with ``os.replace``, so a crash mid-write leaves the previous file intact.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

from despin.io import atomic_open

MAGIC = b"DESPIN-TRACE-INDEX\n"
FORMAT_VERSION = 2
_ALIGN = 64


class IndexFileError(ValueError):
    """An index file that is missing, corrupt or of another format version (one-line message)."""


class Parts:
    """An array given as parts stacked along axis 0, written without concatenating them."""

    def __init__(self, parts: list[np.ndarray]):
        self.parts = [p for p in parts if p.shape[0]] or parts[:1]
        self.dtype = self.parts[0].dtype
        self.shape = (sum(p.shape[0] for p in self.parts), *self.parts[0].shape[1:])
        self.nbytes = sum(p.nbytes for p in self.parts)


def write(path: str | Path, meta: dict, arrays: dict[str, Parts]) -> None:
    """Atomically write ``arrays`` and ``meta`` to ``path``."""
    path = Path(path)
    specs, offset = {}, 0
    for name, a in arrays.items():
        offset = -(-offset // _ALIGN) * _ALIGN
        specs[name] = {"dtype": a.dtype.str, "shape": list(a.shape), "offset": offset}
        offset += a.nbytes
    header = json.dumps({"version": FORMAT_VERSION, "meta": meta, "arrays": specs}).encode()
    base = len(MAGIC) + 8 + len(header)
    base = -(-base // _ALIGN) * _ALIGN
    with atomic_open(path) as f:
        f.write(MAGIC + struct.pack("<Q", len(header)) + header)
        for name, a in arrays.items():
            f.seek(base + specs[name]["offset"])
            for part in a.parts:
                if part.nbytes:
                    np.ascontiguousarray(part).tofile(f)
        f.truncate(base + offset)


def read(path: str | Path) -> tuple[dict, dict[str, np.ndarray]]:
    """Open ``path``; arrays are read-only memory maps. Raises IndexFileError on any problem."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            magic = f.read(len(MAGIC))
            if magic != MAGIC:
                raise IndexFileError(f"{path}: not a despin trace index")
            (hlen,) = struct.unpack("<Q", f.read(8))
            header = json.loads(f.read(hlen))
        size = path.stat().st_size
    except FileNotFoundError:
        raise IndexFileError(f"{path}: no such index") from None
    except IsADirectoryError:
        raise IndexFileError(f"{path}: is a directory, expected an index file") from None
    except (struct.error, UnicodeDecodeError, json.JSONDecodeError, OSError) as e:
        raise IndexFileError(f"{path}: corrupt index header ({type(e).__name__})") from None
    if not isinstance(header, dict) or header.get("version") != FORMAT_VERSION:
        found = header.get("version") if isinstance(header, dict) else None
        raise IndexFileError(
            f"{path}: index format version {found}, this despin reads version {FORMAT_VERSION};"
            " rebuild it with 'despin index build'"
        )
    base = -(-(len(MAGIC) + 8 + hlen) // _ALIGN) * _ALIGN
    arrays = {}
    try:
        for name, spec in header["arrays"].items():
            dtype, shape = np.dtype(spec["dtype"]), tuple(spec["shape"])
            start = base + spec["offset"]
            if start + dtype.itemsize * int(np.prod(shape)) > size:
                raise IndexFileError(f"{path}: index is truncated (array {name!r})")
            if int(np.prod(shape)) == 0:
                arrays[name] = np.zeros(shape, dtype)
            else:
                mapped = np.memmap(path, dtype, "r", offset=start, shape=shape)
                arrays[name] = mapped.view(np.ndarray)  # slicing a plain view is cheaper
        return header["meta"], arrays
    except (KeyError, TypeError, ValueError) as e:
        if isinstance(e, IndexFileError):
            raise
        raise IndexFileError(f"{path}: corrupt index header ({type(e).__name__})") from None
