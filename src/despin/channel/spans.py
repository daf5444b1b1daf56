"""Context-free candidates of the commonest words and word pairs, computed ahead of time.

Most of the engine's time on new text goes to a word's first sight: its lexicon look-up,
synonym ranks and channel log-odds (``Despinner.options``). These depend only on the span, its
casing, the lexicon and the channel, so ``data/build_spans.py`` computes them once for the
commonest words and the common word pairs that have candidates, with the shipped lexicon and
channel. An engine uses the table only when its lexicon and channel are the ones it was built
with (``fingerprint``); anything else is computed on first sight, as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from despin.lexicon import source_sets

FORMAT_VERSION = 1
FILE = "spans.npz"


def fingerprint(lexicon, channel, rules) -> str:
    """What the context-free candidates depend on, hashed (``rules``: the engine's own settings
    for choosing them)."""
    key = [lexicon.meta.get("sha256"), channel.weights, channel.lm_weight, channel.pairs,
           channel.pair_weight, rules]
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


class SpanTable:
    """Options per (span, capitalized): the Arc fields after ``spun``, best first."""

    def __init__(self, arrays, meta: dict):
        self._sources, self._kinds = source_sets(meta["sources"]), meta["kinds"]
        self._keys = {k: i for i, k in enumerate(_strings(arrays["keys"]))}
        self._originals = [tuple(o.split()) for o in _strings(arrays["originals"])]
        self._ptr = arrays["ptr"].tolist()
        self._rows = arrays["original"], arrays["sources"], arrays["prior"], arrays["potential"], \
            arrays["kinds"]

    def __len__(self) -> int:
        return len(self._keys)

    def get(self, spun: tuple[str, ...], cap: bool) -> tuple | None:
        """The options of a span, or None when the table does not hold it."""
        i = self._keys.get(f"{int(cap)}{' '.join(spun)}")
        if i is None:
            return None
        rows = zip(*(a[self._ptr[i]:self._ptr[i + 1]].tolist() for a in self._rows))
        return tuple(
            (self._originals[o], self._sources[mask], prior, cap, potential, self._kinds[kind])
            for o, mask, prior, potential, kind in rows)

    @classmethod
    def load(cls, path: Path | str | None = None, fingerprint: str | None = None
             ) -> SpanTable | None:
        """The shipped table (cached), or None when there is none or, given ``fingerprint``,
        when it was built for other data (then only its small header is read)."""
        path = str(path or resources.files("despin.data").joinpath(FILE))
        meta = _meta(path)
        if meta is None or fingerprint not in (None, meta["fingerprint"]):
            return None
        return _load(path)


@lru_cache(maxsize=2)
def _meta(path: str) -> dict | None:
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode())
    except (OSError, ValueError, KeyError):
        return None
    return meta if meta.get("format") == FORMAT_VERSION else None


@lru_cache(maxsize=2)
def _load(path: str) -> SpanTable:
    with np.load(path, allow_pickle=False) as z:
        return SpanTable({k: z[k] for k in z.files if k != "meta"}, _meta(path))


def _strings(blob: np.ndarray) -> list[str]:
    return bytes(blob).decode().split("\n") if blob.size else []


def build(options, spans: Iterable[tuple[str, ...]], fp: str) -> dict[str, np.ndarray]:
    """Arrays of a table holding ``options(spun, cap)`` (the engine's Arc fields after
    ``spun``: words, sources, prior, capitalized, potential, kind) for each span, both
    casings; a multiword span only when it has candidates (most have none, and finding
    that out is cheap)."""
    keys, original, sources, prior, potential, kind, ptr = [], [], [], [], [], [], [0]
    originals: dict[str, int] = {}  # distinct originals, each stored once
    names: list[str] = []
    kinds: list[str] = []
    for spun in spans:
        for cap in (False, True):
            found: Sequence[tuple] = options(spun, cap)
            if not found and len(spun) > 1:
                continue
            keys.append(f"{int(cap)}{' '.join(spun)}")
            for orig, srcs, p, _, pot, k in found:
                names += sorted(set(srcs) - set(names))
                kinds += [k] if k not in kinds else []
                original.append(originals.setdefault(" ".join(orig), len(originals)))
                sources.append(sum(1 << names.index(n) for n in srcs))
                prior.append(p)
                potential.append(pot)
                kind.append(kinds.index(k))
            ptr.append(len(original))
    meta = {"format": FORMAT_VERSION, "fingerprint": fp, "sources": names, "kinds": kinds}
    return {
        "keys": _blob(keys), "originals": _blob(originals), "ptr": np.array(ptr, dtype=np.int32),
        "original": np.array(original, dtype=np.uint32),
        "sources": np.array(sources, dtype=np.uint16),
        "prior": np.array(prior, dtype=np.float64),
        "potential": np.array(potential, dtype=np.float64),
        "kinds": np.array(kind, dtype=np.uint8), "meta": _blob([json.dumps(meta)]),
    }


def _blob(strings: Iterable[str]) -> np.ndarray:
    return np.frombuffer("\n".join(strings).encode(), dtype=np.uint8)


def save(arrays: dict[str, np.ndarray], path: Path) -> None:
    """Write a table's arrays to ``path`` (atomically)."""
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(path)
