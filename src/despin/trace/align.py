"""Align a copy with a candidate source: which words are the same, which were swapped.

The words of both texts are aligned in order (difflib). Inside each run that differs, spans
of up to ``MAX_SPAN`` words are paired when the inverse lexicon lists the source's span among
the originals of the copy's span: a spinner's synonym swap. The score is the share of both
texts' words aligned either way. A spun copy keeps or swaps nearly every word; a rewrite of
the same story by another writer, or a template filled with other names and numbers, does not.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from despin.text import tokenize
from despin.trace.canon import Canon

MAX_SPAN = 3  # words on either side of one swap
MAX_CELLS = 400  # a differing run larger than this (copy words x source words) has no swaps

Run = tuple[int, int, int, int]  # copy words [a0, a1) differ from source words [b0, b1)


@dataclass(frozen=True)
class Substitution:
    """``spun`` at ``offset``/``length`` (code points) in the query replaced ``original``."""

    offset: int
    length: int
    spun: str
    original: str

    def to_json(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=1)
def _lexicon():
    from despin.lexicon import Lexicon

    return Lexicon.load()


@lru_cache(maxsize=1 << 17)
def _originals(span: str) -> frozenset[str]:
    return frozenset(c.original for c in _lexicon().lookup(span))


def originals(span: str, canon: Canon) -> frozenset[str]:
    """What a spinner could have replaced with ``span`` (lower-case words); only spans of
    the canonical table are looked up in the lexicon."""
    return _originals(span) if canon.swappable(span) else frozenset()


def swapped(copy: list[str], source: list[str], canon: Canon) -> int:
    """Most words of the two runs covered by in-order synonym swaps."""
    n, m = len(copy), len(source)
    if n == m == 1:
        return 2 if source[0] in originals(copy[0], canon) else 0
    if n * m > MAX_CELLS:
        return 0
    spans: dict[str, list[tuple[int, int]]] = {}
    for j in range(1, m + 1):
        for q in range(1, min(MAX_SPAN, j) + 1):
            spans.setdefault(" ".join(source[j - q : j]), []).append((j, q))
    links: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (i, j): swaps ending there
    for i in range(1, n + 1):
        for p in range(1, min(MAX_SPAN, i) + 1):
            for orig in originals(" ".join(copy[i - p : i]), canon) & spans.keys():
                for j, q in spans[orig]:
                    links.setdefault((i, j), []).append((p, q))
    if not links:
        return 0
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            swaps = (best[i - p][j - q] + p + q for p, q in links.get((i, j), ()))
            best[i][j] = max(best[i - 1][j], best[i][j - 1], *swaps)
    return best[n][m]


def align(copy: list[str], source: list[str], canon: Canon) -> tuple[float, list[Run]]:
    """Share of both word lists aligned verbatim or as synonym swaps, and the runs that
    differ with words on both sides (the swapped wording)."""
    same, runs = 0, []
    for op, a0, a1, b0, b1 in SequenceMatcher(None, copy, source, autojunk=False).get_opcodes():
        if op == "equal":
            same += 2 * (a1 - a0)
        elif op == "replace":
            same += swapped(copy[a0:a1], source[b0:b1], canon)
            runs.append((a0, a1, b0, b1))
    total = len(copy) + len(source)
    return (same / total if total else 0.0), runs


def substitutions(copy: str, source: str, runs: list[Run]) -> list[Substitution]:
    """The runs of :func:`align` (over ``canon.words``) as spans of ``copy`` and ``source``."""
    a, b = tokenize(copy), tokenize(source)
    out = []
    for a0, a1, b0, b1 in runs:
        start, end = a[a0].start, a[a1 - 1].end
        out.append(
            Substitution(start, end - start, copy[start:end], source[b[b0].start : b[b1 - 1].end])
        )
    return out
