"""Canonical tokens: what survives spinning stays literal, what a spinner swaps is masked.

Words and phrases of the lexicon's synonym tables (the vocabulary spinners draw from) become
one class token ``~`` and a run of them collapses into one, so ``stated``/``said``,
``army``/``military`` and ``millions``/``thousands and thousands`` all read ``~``. Function
words, numbers, names and words no table knows stay literal: they are the anchors spinners
leave alone. The table is stored inside each index, so a query is canonicalized exactly like
the documents were.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from despin.text import WORD_RE, normalize

# Function words: kept literal, they carry a text's skeleton.
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
CLASS_CACHE = 1 << 18  # words whose class is remembered
CLASS_PREFIX = "~"
_LEMMA_POS = ("VERB", "NOUN", "ADJ", "ADV")
_WORD_OK = re.compile(r"^[a-z][a-z' -]*$")


def words(text: str) -> list[str]:
    """The words of ``text`` normalized like ``despin.text.Token.norm``, without offsets."""
    return list(map(normalize, WORD_RE.findall(text)))


def spinnable(sources: Iterable[str] | None = None) -> set[str]:
    """Every word and phrase of the lexicon's forward tables (``despin.lexicon``): the
    vocabulary a spinner draws from and replaces. Function words stay out."""
    from despin.lexicon import Lexicon

    lex = Lexicon.load()
    words: set[str] = set()
    for source in sources or lex.sources:
        for head, syns in lex.thesaurus(source).items():
            words.add(head)
            words.update(syns)
    return {w for w in words if _WORD_OK.match(w) and w not in STOPWORDS}


@lru_cache(maxsize=1 << 18)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's lemmas of ``word`` by part of speech."""
    from lemminflect import getAllLemmas

    return getAllLemmas(word)


def lemma(word: str) -> str:
    found = lemmas(word)
    return next((found[pos][0] for pos in _LEMMA_POS if pos in found), word)


class Canon:
    """Turns text into canonical tokens: literal anchors and ``~`` for swappable runs."""

    def __init__(self, table: Iterable[str] | Mapping[str, str]):
        """``table``: swappable words and phrases (a mapping contributes keys and values)."""
        extra = table.values() if isinstance(table, Mapping) else ()
        self.table = frozenset(table) | frozenset(extra)
        lengths: dict[str, set[int]] = {}  # first word -> lengths of the phrases it starts
        for w in self.table:
            if 1 < (n := w.count(" ") + 1) <= MAX_PHRASE:
                lengths.setdefault(w.split(" ", 1)[0], set()).add(n)
        self.phrases = {w: sorted(ns, reverse=True) for w, ns in lengths.items()}
        self._classes: dict[str, str] = {}  # word -> its canonical token, emptied when full

    @classmethod
    def default(cls) -> Canon:
        return _default()

    def word_class(self, norm: str) -> str:
        """``~`` for a swappable word, the word itself otherwise."""
        c = self._classes.get(norm)
        if c is None:
            if len(self._classes) >= CLASS_CACHE:
                self._classes.clear()
            swappable = norm not in STOPWORDS and (
                norm in self.table or bool(_WORD_OK.match(norm)) and lemma(norm) in self.table
            )
            c = self._classes[norm] = CLASS_PREFIX if swappable else norm
        return c

    def tokens(self, norms: list[str]) -> list[str]:
        """Canonical tokens of a text's :func:`words`: anchors literal, each run of swappable
        words ``~``."""
        out, i = [], 0
        known, table = self._classes.get, self.table
        while i < len(norms):
            w, step, c = norms[i], 1, None
            for n in self.phrases.get(w, ()):  # longest phrase first
                if i + n <= len(norms) and " ".join(norms[i : i + n]) in table:
                    step, c = n, CLASS_PREFIX
                    break
            c = c or known(w) or self.word_class(w)
            if c != CLASS_PREFIX or not out or out[-1] != CLASS_PREFIX:
                out.append(c)
            i += step
        return out


@lru_cache(maxsize=1)
def _default() -> Canon:
    return Canon(spinnable())
