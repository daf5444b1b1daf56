"""Align a copy with a candidate source: which words are the same, which were swapped.

The words of both texts are aligned in order (difflib). Inside each run that differs, spans
of up to ``MAX_SPAN`` words are paired when a table of the lexicon lists the copy's span (or
its lemma form) as a synonym of the source's: a spinner's synonym swap. The score is the share
of both texts' words aligned either way. A spun copy keeps or swaps nearly every word; a
rewrite of the same story by another writer, or a template filled with other names and
numbers, does not.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from despin.text import WORD_RE
from despin.trace.canon import lemmas

MAX_SPAN = 3  # words on either side of one swap
MAX_CELLS = 36  # a differing run larger than this (copy words x source words) has no swaps
SKIP_TABLES = {"moby"}  # rows of hundreds of loose synonyms: slow, and they align rewrites too
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


@lru_cache(maxsize=1 << 17)
def forms(span: str) -> frozenset[str]:
    """``span`` and its variants with the first or last word lemmatized (went up: go up)."""
    words = span.split(" ")
    return frozenset(
        " ".join([*words[:i], w, *words[i + 1 :]])
        for i in {0, len(words) - 1}
        for w in (words[i], *(w for ws in lemmas(words[i]).values() for w in ws))
    )


@lru_cache(maxsize=1)
def _tables() -> list:
    from despin.lexicon import Lexicon

    lex = Lexicon.load()
    return [lex.thesaurus(s) for s in lex.sources if s not in SKIP_TABLES]


@lru_cache(maxsize=1 << 17)
def synonyms(span: str) -> frozenset[str]:
    """What the lexicon's tables let a spinner write for ``span`` (in lemma form)."""
    return frozenset(w for f in forms(span) for t in _tables() for w in t.get(f, ()))


def swapped(copy: list[str], source: list[str]) -> int:
    """Most words of the two runs covered by in-order synonym swaps."""
    n, m = len(copy), len(source)
    if n == m == 1:
        return 2 if forms(copy[0]) & synonyms(source[0]) else 0
    if n * m > MAX_CELLS:
        return 0
    links: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (i, j): swaps ending there
    for j in range(1, m + 1):
        for q in range(1, min(MAX_SPAN, j) + 1):
            if syns := synonyms(" ".join(source[j - q : j])):
                for i in range(1, n + 1):
                    for p in range(1, min(MAX_SPAN, i) + 1):
                        if forms(" ".join(copy[i - p : i])) & syns:
                            links.setdefault((i, j), []).append((p, q))
    if not links:
        return 0
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            swaps = (best[i - p][j - q] + p + q for p, q in links.get((i, j), ()))
            best[i][j] = max(best[i - 1][j], best[i][j - 1], *swaps)
    return best[n][m]


def align(copy: list[str], source: list[str]) -> tuple[float, list[Run]]:
    """Share of both word lists aligned verbatim or as synonym swaps, and the runs that
    differ with words on both sides (the swapped wording)."""
    same, runs = 0, []
    for op, a0, a1, b0, b1 in SequenceMatcher(None, copy, source, autojunk=False).get_opcodes():
        if op == "equal":
            same += 2 * (a1 - a0)
        elif op == "replace":
            same += swapped(copy[a0:a1], source[b0:b1])
            runs.append((a0, a1, b0, b1))
    total = len(copy) + len(source)
    return (same / total if total else 0.0), runs


def substitutions(copy: str, source: str, runs: list[Run]) -> list[Substitution]:
    """The runs of :func:`align` (over ``canon.words``) as spans of ``copy`` and ``source``."""
    a, b = spans(copy), spans(source)
    out = []
    for a0, a1, b0, b1 in runs:
        start, end = a[a0][0], a[a1 - 1][1]
        original = source[b[b0][0] : b[b1 - 1][1]]
        out.append(Substitution(start, end - start, copy[start:end], original))
    return out


def spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each word of ``text``, as ``despin.text.tokenize`` finds them."""
    return [m.span() for m in WORD_RE.finditer(text)]
