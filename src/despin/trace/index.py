"""The trace index: synonym-robust MinHash LSH over canonical shingles, stored in one file.

Build: text -> canonical tokens (canon.py) -> k-shingles -> MinHash (datasketch) -> one key
per LSH band. Query: the same fingerprint, the documents sharing a band key are candidates,
ranked by estimated Jaccard; the few near the best are aligned word by word with the query
(align.py: verbatim or lexicon synonym swaps), which gives the score and, for the best match,
the substitution list (which words were swapped).

Memory for >= 1M documents: the index is one file whose arrays (signatures: num_perm x 4
bytes per document; sorted band keys and their document numbers: 12 bytes per band per
document; texts) are memory-mapped on load, so a query touches only the pages it needs.
``write_index`` holds at most ``CHUNK`` new documents in memory while building: each chunk
is flushed to a side file and mapped back (1M documents at num_perm 128 and 32 bands: about
0.9 GB of arrays plus the texts on disk, resident memory about one chunk).
"""

from __future__ import annotations

import itertools
import json
import os
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from despin.trace import store
from despin.trace.align import Substitution, align, substitutions
from despin.trace.canon import Canon, words
from despin.trace.fingerprint import band_keys, bands, shingles, signature

DEFAULTS = {"num_perm": 128, "shingle": 3, "threshold": 0.3, "seed": 1}
MIN_SCORE = 0.9  # share of aligned words below which a candidate is not a match
MIN_JACCARD = 0.2  # candidates are aligned if their estimated Jaccard is at least this
RERANK_MARGIN = 0.1  # and within this of the best candidate's
CHUNK = 100_000  # documents held in memory while building a file
MAX_CANDIDATES = 100  # documents sharing most bands, before Jaccard ranking


@dataclass(frozen=True)
class Match:
    """A source: ``score`` is the share of words aligned verbatim or as synonym swaps,
    ``jaccard`` MinHash's estimate over canonical shingles."""

    id: str
    score: float
    jaccard: float
    substitutions: list[Substitution] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "jaccard": round(self.jaccard, 4),
            "substitutions": [s.to_json() for s in self.substitutions],
        }


@dataclass
class AddStats:
    added: int = 0
    skipped: int = 0


class Index:
    """MinHash LSH over canonical shingles. ``build``/``add``/``save``/``load``/``query``."""

    def __init__(self, canon: Canon, **params):
        self.canon = canon
        self.params = {**DEFAULTS, **params}
        self.bands = bands(self.params["threshold"], self.params["num_perm"])
        self._sigs = [np.zeros((0, self.params["num_perm"]), np.uint32)]
        self._keys = np.zeros(0, np.uint64)  # band keys of all documents, sorted
        self._order = np.zeros(0, np.uint32)  # the document of each key
        self._buckets: tuple[np.ndarray, np.uint64] | None = None  # see ``_starts``
        self._offsets = [np.zeros(1, np.uint64)]
        self._blob = [np.zeros(0, np.uint8)]
        self._blob_size = 0

    # -- building ---------------------------------------------------------
    @classmethod
    def build(
        cls,
        docs: Iterable[tuple[str, str]],
        canon: Canon | None = None,
        *,
        progress: Callable[[int], None] | None = None,
        **params,
    ) -> Index:
        index = cls(canon or Canon.default(), **params)
        index.add(docs, progress=progress)
        return index

    def fingerprint(self, norms: list[str]) -> np.ndarray | None:
        """MinHash signature of the canonical shingles of a text's :func:`words` (None for a
        text without words)."""
        feats = shingles(self.canon.tokens(norms), self.params["shingle"])
        return signature(feats, self.params["num_perm"], self.params["seed"]) if feats else None

    def add(
        self, docs: Iterable[tuple[str, str]], *, progress: Callable[[int], None] | None = None
    ) -> AddStats:
        """Add (id, text) documents; ones without words are skipped and counted."""
        stats, sigs, lines = AddStats(), [], []
        for doc_id, text in docs:
            sig = self.fingerprint(words(text)) if isinstance(text, str) else None
            if sig is None:
                stats.skipped += 1
            else:
                sigs.append(sig)
                lines.append(json.dumps([str(doc_id), text], ensure_ascii=False).encode() + b"\n")
                stats.added += 1
            if progress:
                progress(1)
        if sigs:
            self._append(np.asarray(sigs, np.uint32), lines)
        return stats

    def _append(self, sigs: np.ndarray, lines: list[bytes]) -> None:
        sizes = np.fromiter((len(x) for x in lines), np.uint64, len(lines))
        self._offsets.append(self._blob_size + np.cumsum(sizes, dtype=np.uint64))
        self._blob.append(np.frombuffer(b"".join(lines), np.uint8))
        self._blob_size += int(sizes.sum())
        start = len(self)
        self._sigs.append(sigs)
        keys = np.concatenate([self._keys, band_keys(sigs, *self.bands).ravel()])
        docs = np.repeat(np.arange(start, len(self), dtype=np.uint32), self.bands[0])
        order = np.concatenate([self._order, docs])
        sort = np.argsort(keys, kind="stable")  # two sorted runs: a merge
        self._keys, self._order, self._buckets = keys[sort], order[sort], None

    def __len__(self) -> int:
        return sum(len(s) for s in self._sigs)

    # -- persistence ------------------------------------------------------
    def save(self, path: str | Path) -> None:
        table = zlib.compress("\n".join(sorted(self.canon.table)).encode(), 6)
        P = store.Parts
        store.write(
            path,
            {"params": self.params, "count": len(self)},
            {
                "sigs": P(self._sigs),
                "keys": P([self._keys]),
                "order": P([self._order]),
                "offsets": P(self._offsets),
                "blob": P(self._blob),
                "canon": P([np.frombuffer(table, np.uint8)]),
            },
        )

    @classmethod
    def load(cls, path: str | Path) -> Index:
        meta, a = store.read(path)
        try:
            table = zlib.decompress(bytes(a["canon"])).decode().split("\n")
            index = cls(Canon(table), **meta["params"])
            index._sigs = [a["sigs"]]
            index._keys, index._order = a["keys"], a["order"]
            index._offsets, index._blob = [a["offsets"]], [a["blob"]]
            index._blob_size = int(a["offsets"][-1])
            n = meta["count"]
            ok = len(index) == n == len(a["offsets"]) - 1 and len(index._keys) == n * index.bands[0]
        except (KeyError, TypeError, ValueError, zlib.error) as e:
            raise store.IndexFileError(f"{path}: corrupt index ({type(e).__name__})") from None
        if not ok:
            raise store.IndexFileError(f"{path}: corrupt index (inconsistent sizes)")
        index._starts()  # the bucket table, so the first query does not build it
        return index

    # -- lookup -----------------------------------------------------------
    def _flat(self, name: str) -> np.ndarray:
        parts = getattr(self, name)
        if len(parts) > 1:
            parts[:] = [np.concatenate(parts)]
        return parts[0]

    def doc(self, i: int) -> tuple[str, str]:
        """Document ``i``: its id and its text."""
        offsets, blob = self._flat("_offsets"), self._flat("_blob")
        doc_id, text = json.loads(bytes(blob[int(offsets[i]) : int(offsets[i + 1])]))
        return doc_id, text

    def _starts(self) -> tuple[np.ndarray, np.uint64]:
        """Where each bucket of sorted keys (those sharing their top bits, about four keys a
        bucket) starts, and the shift that gives a key's bucket: a lookup reads one bucket
        instead of binary-searching all keys."""
        if self._buckets is None:
            bits = max(1, len(self._keys).bit_length() - 2)
            shift = np.uint64(64 - bits)
            tops = np.arange(1 << bits, dtype=np.uint64) << shift
            self._buckets = np.append(np.searchsorted(self._keys, tops), len(self._keys)), shift
        return self._buckets

    def candidates(self, sig: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Documents sharing a band with ``sig`` and their estimated Jaccard, best first."""
        qkeys = band_keys(sig[None, :], *self.bands)[0]
        starts, shift = self._starts()
        bucket = (qkeys >> shift).astype(np.intp)
        lo, n = starts[bucket], starts[bucket + 1] - starts[bucket]
        pos = np.repeat(lo - np.cumsum(n) + n, n) + np.arange(n.sum())  # keys in those buckets
        pos = pos[self._keys[pos] == np.repeat(qkeys, n)]
        if not len(pos):
            return np.zeros(0, np.int64), np.zeros(0)
        found, counts = np.unique(self._order[pos], return_counts=True)
        if len(found) > MAX_CANDIDATES:
            found = found[np.argsort(-counts, kind="stable")[:MAX_CANDIDATES]]
        jac = np.count_nonzero(self._flat("_sigs")[found] == sig, axis=1) / len(sig)
        best = np.argsort(-jac, kind="stable")
        return found[best], jac[best]

    def query(self, text: str, top: int = 10, min_score: float = MIN_SCORE) -> list[Match]:
        """Sources of ``text`` best first; the first carries the substitution list.

        Up to ``top`` candidates are aligned, in order of estimated Jaccard, while it is at
        least ``MIN_JACCARD`` and within ``RERANK_MARGIN`` of the best."""
        qwords = words(text)
        sig = self.fingerprint(qwords)
        found, jac = self.candidates(sig) if sig is not None and len(self) else ((), ())
        if not len(found):
            return []
        n = int(np.count_nonzero(jac[:top] >= max(MIN_JACCARD, jac[0] - RERANK_MARGIN)))
        scored = []
        for i, j in zip(found[:n].tolist(), jac[:n].tolist()):
            doc_id, source = self.doc(i)
            score, runs = align(qwords, words(source))
            if score >= min_score:
                scored.append((score, j, doc_id, source, runs))
        scored.sort(key=lambda s: -s[0])
        out = [Match(d, score, j) for score, j, d, _, _ in scored]
        if out:
            out[0].substitutions.extend(substitutions(text, *scored[0][3:]))
        return out


def write_index(
    path: str | Path,
    docs: Iterable[tuple[str, str]],
    index: Index,
    *,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> tuple[Index, AddStats]:
    """Add ``docs`` to ``index`` and save it at ``path``, holding at most ``chunk`` new
    documents in memory: each full chunk is flushed to a side file that is memory-mapped
    back, and only the finished index replaces ``path`` (a crash leaves the old one)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    total, it = AddStats(), iter(docs)
    try:
        while batch := list(itertools.islice(it, chunk)):
            stats = index.add(batch, progress=progress)
            total.added += stats.added
            total.skipped += stats.skipped
            index.save(partial)
            index = Index.load(partial)
        if not partial.exists():
            index.save(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Index.load(path), total
