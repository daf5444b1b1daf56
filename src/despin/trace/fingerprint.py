"""Shingles over canonical tokens, MinHash signatures (datasketch) and LSH band keys."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

_SEP = "\x1f"
_MUL = np.uint64(0x9E3779B97F4A7C15)


def shingles(tokens: list[str], k: int) -> list[bytes]:
    """Distinct k-token shingles (a short text is one shingle)."""
    if len(tokens) <= k:
        return [_SEP.join(tokens).encode()] if tokens else []
    return list({_SEP.join(tokens[i : i + k]).encode() for i in range(len(tokens) - k + 1)})


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int):
    return MinHash(num_perm=num_perm, seed=seed).permutations


def signature(features: list[bytes], num_perm: int, seed: int = 1) -> np.ndarray:
    m = MinHash(num_perm, seed, permutations=_permutations(num_perm, seed), scheme="affine32")
    m.update_batch(features)
    return m.hashvalues


def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH picks for this threshold and num_perm."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def band_keys(sigs: np.ndarray, b: int, r: int) -> np.ndarray:
    """One 64-bit key per (document, band), shape (len(sigs), b); keys differ across bands."""
    rows = sigs[:, : b * r].reshape(len(sigs), b, r).astype(np.uint64)
    key = np.broadcast_to(np.arange(1, b + 1, dtype=np.uint64), (len(sigs), b))
    with np.errstate(over="ignore"):
        for j in range(r):
            key = key * _MUL + rows[:, :, j]
    return key ^ (key >> np.uint64(29))
