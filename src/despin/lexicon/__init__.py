"""Inverse lexicon: for a spun word or phrase, the originals a spinner could have replaced.

    lex = Lexicon.load()
    lex.lookup("stated")   # [Candidate("said", {"moby", ...}, 0.31), ...], best prior first
    lex.thesaurus("moby")  # forward table {lemma or phrase: synonyms} for the simulator

Artifacts are built by ``data/build_lexicon.py`` into ``despin/data/lexicon.{npz,json}``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from lemminflect import getAllInflections, getAllLemmas, getInflection

from despin.text import normalize

FORMAT_VERSION = 1
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CAP = 40  # candidates returned per lookup
CACHE_MAX = 200_000  # lookups kept (bounded for long-lived workers)
BASE_TAGS = {"VB", "VBP", "NN", "JJ", "RB", "NNP"}
NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
RULE_WEIGHT = 0.5  # phrase and slip rules are weaker evidence than a table link


class LexiconError(RuntimeError):
    """Missing, corrupt or mismatched lexicon data; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class Candidate:
    original: str
    sources: frozenset[str]
    prior: float


class _Table(Mapping[str, Sequence[str]]):
    """A forward thesaurus stored as CSR rows over the shared vocabulary."""

    def __init__(self, lex: Lexicon, ptr: np.ndarray, idx: np.ndarray):
        self._lex, self._ptr, self._idx = lex, ptr, idx
        self._heads = np.flatnonzero(np.diff(ptr))

    def _row(self, key: str) -> np.ndarray:
        i = self._lex._ids.get(key)
        return self._idx[self._ptr[i] : self._ptr[i + 1]] if i is not None else self._idx[:0]

    def __getitem__(self, key: str) -> tuple[str, ...]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default=None):
        row = self._row(key)
        return tuple(map(self._lex._vocab.__getitem__, row.tolist())) if len(row) else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(len(self._row(key)))

    def __iter__(self) -> Iterator[str]:
        return (self._lex._vocab[i] for i in self._heads)

    def __len__(self) -> int:
        return len(self._heads)


def source_sets(names: Sequence[str]) -> list[frozenset[str]]:
    """The source names of each bit mask over ``names`` (bit b: ``names[b]``)."""
    return [frozenset(n for b, n in enumerate(names) if m >> b & 1) for m in range(1 << len(names))]


@lru_cache(maxsize=100_000)
def _readings(word: str) -> tuple[tuple[str, str, str], ...]:
    """(lemma, upos, Penn tag) analyses of an inflected word, per lemminflect."""
    out = []
    for upos, lemmas in getAllLemmas(word).items():
        for lemma in lemmas:
            tags = [t for t, forms in getAllInflections(lemma, upos).items() if word in forms]
            out += [(lemma, upos, t) for t in tags or ("NN" if upos == "NOUN" else "VB",)]
    return tuple(out)


@lru_cache(maxsize=100_000)
def _upos(word: str) -> frozenset[str]:
    """The parts of speech lemminflect can read ``word`` as."""
    return frozenset(getAllLemmas(word))


@lru_cache(maxsize=100_000)
def _has_pos(word: str, upos: str) -> bool:
    return upos in _upos(word) or bool(getAllInflections(word, upos))


def _frame(words: Sequence[str], head: int) -> str:
    """The words with the one at ``head`` blanked: entries sharing a frame differ only there."""
    return " ".join([*words[:head], "*", *words[head + 1 :]])


def _end_frames(vocab: Sequence[str]) -> set[str]:
    """The frames of every multiword term's first and last word (string slicing where the
    words are single-spaced: most of the lexicon's load time otherwise)."""
    out = set()
    for term in vocab:
        if " " not in term:
            continue
        if "  " in term or term != term.strip():
            words = term.split()
            out.update((_frame(words, 0), _frame(words, len(words) - 1)))
        else:
            out.add("* " + term.partition(" ")[2])
            out.add(term.rpartition(" ")[0] + " *")
    return out


def _phrase_rule(words: Sequence[str]) -> bool:
    """Phrases a spinner makes of one word: "X and X" (thousands and thousands), "V to"
    (serving to: only a word that can be a verb)."""
    if len(words) == 3:
        return words[0] == words[2] and words[1] == "and"
    return len(words) == 2 and words[1] == "to" and "VERB" in _upos(words[0])


@lru_cache(maxsize=100_000)
def _inflect(phrase: str, upos: str, tag: str, known: frozenset[str]) -> str | None:
    """Put ``phrase`` (a lemma of part of speech ``known``, if known) in form ``tag``.

    None if the part of speech cannot fit.
    """
    words = phrase.split()
    # verbs inflect the first word, nouns the head before "of" (member of congress), else last
    i = 0 if upos in ("VERB", "AUX") else (words + ["of"]).index("of") - 1
    if known and upos not in known:
        return None
    if not _has_pos(words[i], upos):
        return None
    if tag not in BASE_TAGS:
        forms = getInflection(words[i], tag, inflect_oov=False)
        if not forms:
            return None
        words[i] = forms[0]
    return " ".join(words)


class Lexicon:
    """Loaded lexicon data; use :meth:`load` (cached) rather than the constructor."""

    def __init__(self, arrays: Mapping[str, np.ndarray], meta: dict):
        self.meta = meta
        self._names = source_sets(meta["sources"])
        self.sources: tuple[str, ...] = tuple(meta["forward"])
        self.max_words: int = meta["max_words"]
        self._vocab = bytes(arrays["vocab"]).decode().split("\n")
        self._ids = {w: i for i, w in enumerate(self._vocab)}
        self._zipf, self._pos, self._pos_bits = arrays["zipf"], arrays["pos"], meta["pos_bits"]
        self._step = meta["prior_step"]
        self._inv = arrays["inv_ptr"], arrays["inv_idx"], arrays["inv_src"], arrays["inv_prior"]
        self._fwd = {s: (arrays[f"fwd_{s}_ptr"], arrays[f"fwd_{s}_idx"]) for s in self.sources}
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        self._frames = _end_frames(self._vocab)

    @classmethod
    def load(cls, directory: Path | str | None = None) -> Lexicon:
        return _load(str(Path(directory or DATA_DIR).resolve()))

    def thesaurus(self, source: str) -> Mapping[str, Sequence[str]]:
        """Forward table of one source: lemma or phrase -> synonyms, commonest first."""
        if source not in self._fwd:
            raise KeyError(f"unknown lexicon source {source!r}; available: {self.sources}")
        return _Table(self, *self._fwd[source])

    def zipf(self, term: str) -> float:
        """Zipf frequency of a vocabulary term (0 when unknown)."""
        i = self._ids.get(term)
        return float(self._zipf[i]) if i is not None else 0.0

    # -- inverse lookup ---------------------------------------------------
    def lookup(self, spun: str) -> tuple[Candidate, ...]:
        """Candidate originals of a spun span (lowercase words joined by spaces), best first."""
        key = " ".join(normalize(spun).split())
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= CACHE_MAX:
                self._cache.clear()
            found = self._cache[key] = self._lookup(key)
        return found

    def _row(self, key: str) -> Iterator[tuple[str, int, float]]:
        i = self._ids.get(key)
        if i is None:
            return
        ptr, idx, src, prior = self._inv
        for j in range(ptr[i], ptr[i + 1]):
            yield self._vocab[idx[j]], int(src[j]), math.exp(-self._step * int(prior[j]))

    def pos(self, term: str) -> frozenset[str]:
        """Parts of speech WordNet or MyThes give a vocabulary term (empty when unknown)."""
        i = self._ids.get(term)
        mask = int(self._pos[i]) if i is not None else 0
        return frozenset(p for b, p in enumerate(self._pos_bits) if mask >> b & 1)

    def covers(self, words: Sequence[str]) -> bool:
        """False for a phrase no entry, inflected entry or rule can match (most word runs of a
        text): a cheap test before :meth:`lookup`. ``words`` are normalized."""
        if len(words) == 1 or " ".join(words) in self._ids or _phrase_rule(words):
            return True
        return any(phrase in self._ids for _, _, phrase in self._lemmatized(words))

    def _heads(self, words: Sequence[str]) -> set[int]:
        """The end words that may be inflected forms: a word's own, a phrase's only where some
        multiword entry shares the other words."""
        heads = {0, len(words) - 1}
        return heads if len(words) == 1 else {h for h in heads if _frame(words, h) in self._frames}

    def _lemmatized(self, words: Sequence[str]) -> Iterator[tuple[str, str, str]]:
        """(upos, tag, phrase) for each reading of each head word, the phrase holding the
        head's lemma: the table entries an inflected span may come from."""
        for head in self._heads(words):
            for lemma, upos, tag in _readings(words[head]) if len(words[head]) > 2 else ():
                yield upos, tag, " ".join([*words[:head], lemma, *words[head + 1 :]])

    def _lookup(self, key: str) -> tuple[Candidate, ...]:
        acc: dict[str, list] = {}  # original -> [prior, set of sources]

        def put(orig: str | None, mask_or_srcs, p: float) -> None:
            if not orig or orig == key:
                return
            cur = acc.setdefault(orig, [0.0, set()])
            cur[0] += p
            cur[1] |= self._names[mask_or_srcs] if isinstance(mask_or_srcs, int) else mask_or_srcs

        words = key.split()
        if key in self._ids:  # the spun form itself is a table entry
            # a word's original shares one of its parts of speech; a phrase's is unknown
            pos = {u for _, u, _ in _readings(key)} if len(words) == 1 else set()
            for orig, mask, p in self._row(key):
                if not pos or pos & (self.pos(orig) or _upos(orig)) or " " in orig:
                    put(orig, mask, p)
        for upos, tag, phrase in self._lemmatized(words):  # inflected: look up the lemma
            if phrase != key:
                for orig, mask, p in self._row(phrase):
                    put(_inflect(orig, upos, tag, self.pos(orig)), mask, p)
        self._rules(key, words, put)
        total = sum(v[0] for v in acc.values()) or 1.0
        ranked = sorted(acc.items(), key=lambda kv: -kv[1][0])[:CAP]
        return tuple(Candidate(o, frozenset(s), p / total) for o, (p, s) in ranked)

    def _rules(self, key: str, words: list[str], put) -> None:
        """Phrase and slip rules that no table holds."""
        if _phrase_rule(words):  # thousands and thousands, serving to -> helping
            for c in self.lookup(words[0]):
                put(c.original, c.sources | {"phrase"}, RULE_WEIGHT * c.prior)
        if len(words) == 1 and "." in key:  # u.okay -> u.k, three.5 -> 3.5
            chunks = key.split(".")
            abbrev = sum(len(c) > 2 for c in chunks) == 1  # u.okay: the other chunks are letters
            for i, chunk in enumerate(chunks):
                for orig, p in self._chunk_originals(chunk, abbrev):
                    put(".".join(chunks[:i] + [orig] + chunks[i + 1 :]), {"slip"}, RULE_WEIGHT * p)

    def _chunk_originals(self, chunk: str, abbrev: bool) -> list[tuple[str, float]]:
        """What one letter/number chunk of a dotted token was before it was spun."""
        if chunk in NUMBERS:
            return [(str(NUMBERS.index(chunk)), 1.0)]
        out = []
        for orig, _, p in self._row(chunk):
            if len(orig) <= 2 and re.fullmatch(r"[a-z0-9]+", orig):
                out.append((orig, p))
                if abbrev and len(orig) == 2:  # okay <- ok <- k: a letter of the short form
                    out += [(ch, p / 2) for ch in orig]
        return out


@lru_cache(maxsize=4)
def _load(directory: str) -> Lexicon:
    base = Path(directory)
    try:
        meta = json.loads((base / "lexicon.json").read_text())
        blob = (base / "lexicon.npz").read_bytes()
    except (OSError, ValueError) as e:
        raise LexiconError(
            f"lexicon data missing or unreadable in {base} ({e}); rebuild it with `make data`"
        ) from None
    if meta.get("format") != FORMAT_VERSION:
        raise LexiconError(
            f"lexicon data format {meta.get('format')} does not match this code "
            f"(expects {FORMAT_VERSION}); rebuild it with `make data`"
        )
    if hashlib.sha256(blob).hexdigest() != meta.get("sha256"):
        raise LexiconError(
            "lexicon.npz does not match the content hash in lexicon.json; "
            "rebuild it with `make data`"
        )
    with np.load(base / "lexicon.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    return Lexicon(arrays, meta)


__all__ = ["Candidate", "Lexicon", "LexiconError"]
