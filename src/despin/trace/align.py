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

from despin.text import Token, tokenize

MAX_SPAN = 3  # words on either side of one swap
MAX_CELLS = 400  # a differing run larger than this (copy words x source words) has no swaps


@dataclass(frozen=True)
class Substitution:
    """``spun`` at ``offset``/``length`` (code points) in the query replaced ``original``."""

    offset: int
    length: int
    spun: str
    original: str

    def to_json(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=1 << 17)
def originals(span: str) -> frozenset[str]:
    """What a spinner could have replaced with ``span`` (lower-case words)."""
    from despin.lexicon import Lexicon

    return frozenset(c.original for c in Lexicon.load().lookup(span))


def swapped(copy: list[str], source: list[str]) -> int:
    """Most words of the two runs covered by in-order synonym swaps."""
    n, m = len(copy), len(source)
    if n * m > MAX_CELLS:
        return 0
    spans: dict[str, list[tuple[int, int]]] = {}
    for j in range(1, m + 1):
        for q in range(1, min(MAX_SPAN, j) + 1):
            spans.setdefault(" ".join(source[j - q : j]), []).append((j, q))
    links: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (i, j): swaps ending there
    for i in range(1, n + 1):
        for p in range(1, min(MAX_SPAN, i) + 1):
            for orig in originals(" ".join(copy[i - p : i])) & spans.keys():
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


def align(
    copy: str, source: str, words: list[Token] | None = None
) -> tuple[float, list[Substitution]]:
    """Share of both texts' words aligned verbatim or as synonym swaps, and the runs of
    ``copy`` (tokenized as ``words``) that differ from ``source``: the swapped wording."""
    words = tokenize(copy) if words is None else words
    src = tokenize(source)
    a, b = [t.norm for t in words], [t.norm for t in src]
    same, subs = 0, []
    for op, a0, a1, b0, b1 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            same += 2 * (a1 - a0)
        elif op == "replace":
            same += swapped(a[a0:a1], b[b0:b1])
            start, end = words[a0].start, words[a1 - 1].end
            original = source[src[b0].start : src[b1 - 1].end]
            subs.append(Substitution(start, end - start, copy[start:end], original))
    total = len(a) + len(b)
    return (same / total if total else 0.0), subs
