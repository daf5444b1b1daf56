"""A context-free synonym spinner: a fixed per-lemma dictionary, phrase swaps, re-inflection, slips.

Like the real tools it models, it never looks at sense or capitalization context: every
occurrence of a lemma gets the same synonym (drawn once per preset and seed), capitalized words
inside names and titles are swapped like any other, and tokens such as ``U.K.`` or ``3.5`` are
split on their inner punctuation and swapped piecewise. Gold edits point back from the spun text
to the original, so ``apply_edits(result.text, result.edits)`` reproduces the input exactly.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from lemminflect import getAllLemmas, getInflection
from wordfreq import zipf_frequency

from despin.edits import Edit
from despin.lexicon import Lexicon
from despin.lm import agreeing
from despin.spin.presets import PRESETS, Preset
from despin.text import Token, match_case, tokenize

TAGS = {
    "VERB": ("VBD", "VBN", "VBG", "VBZ", "VB"),
    "NOUN": ("NNS", "NN"),
    "ADJ": ("JJR", "JJS", "JJ"),
    "ADV": ("RBR", "RBS", "RB"),
}
READING_ORDER = ("NOUN", "VERB", "ADJ", "ADV")
# What a spinner that splits "U.K." or "3.5" into pieces finds for the pieces.
NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
PIECES = {str(i): w for i, w in enumerate(NUMBERS)} | {"k": "okay"}
MAX_PHRASE = 4
OCCURRENCE_NOISE = 0.3  # how much single occurrences deviate from their word's draw
MAX_ZIPF = 6.5  # words commoner than this (the, of, to, in) are left to the phrase tables
MULTIWORD_PENALTY = 1.0  # score points per extra word: spinners prefer one-word synonyms
AGREEMENT = ("moby", "wordnet", "mythes")  # each further table linking the pair: +1 point
ARTICLES = {"a", "an", "the"}
# auxiliaries and modals: spinners' dictionaries leave these closed-class verbs alone
AUXILIARIES = {"be", "have", "do", "will", "would", "shall", "should", "can", "could", "may",
               "might", "must"}
VARIANT_SHARE = 0.6  # a shared prefix this long (of the shorter word) marks a variant
PHRASE_WORD_ZIPF = 4.0  # every word of a multiword synonym is this common
DATA = Path(__file__).resolve().parent.parent / "data" / "spin.json.gz"  # data/build_spin.py


@dataclass(frozen=True)
class SpinResult:
    text: str
    edits: list[Edit]
    words: int  # word tokens in the original
    replaced: int  # original word tokens covered by a swap

    @property
    def rate(self) -> float:
        return self.replaced / self.words if self.words else 0.0

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "edits": [e.to_json() | {"kind": e.kind} for e in self.edits],
            "rate": round(self.rate, 4),
        }


@dataclass(frozen=True)
class _Unit:
    first: int  # token index range [first, last]
    last: int
    start: int  # character range in the original
    end: int
    replacement: str
    kind: str


@lru_cache(maxsize=200_000)
def _reading(word: str) -> tuple[str, str | None, str | None]:
    """(lemma, universal POS, Penn tag) of a lower-cased word; inflected readings win."""
    lemmas = _lemmas(word)
    readings = []
    for pos in READING_ORDER:
        for lemma in lemmas.get(pos, ()):
            tags = TAGS[pos][-1:] if lemma == word else TAGS[pos]  # "account" is no plural
            tag = next((t for t in tags if word in getInflection(lemma, t)), None)
            if tag:
                readings.append((lemma != word, READING_ORDER.index(pos), lemma, pos, tag))
    if not readings:
        return word, None, None
    _, _, lemma, pos, tag = min(readings, key=lambda r: (not r[0], r[1]))
    return lemma, pos, tag


def _inflect(phrase: str, pos: str | None, tag: str | None) -> str | None:
    """Inflect a (multiword) synonym like the word it replaces: verbs at the head, nouns at the end."""
    if tag is None or tag in ("VB", "NN", "JJ", "RB"):
        return phrase
    words = phrase.split(" ")
    i = -1 if pos == "NOUN" else 0
    forms = getInflection(words[i], tag, inflect_oov=False)
    if not forms:
        return None
    words[i] = forms[0]
    return " ".join(words)


@lru_cache(maxsize=1)
def _senses() -> dict:
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        return json.load(f)


def senses(source: str, key: str, pos: str | None) -> list[list[str]]:
    """Senses of ``key`` (as ``pos``, or any part of speech) in ``source``, commonest first."""
    data = _senses()
    by_pos = data[source].get(key, {})
    lists = [by_pos.get(pos, [])] if pos else list(by_pos.values())
    if source == "wordnet":
        lists = [[data["synsets"][i] if i >= 0 else [] for i in ids] for ids in lists]
    return [sense for senses in lists for sense in senses]


def _fits(c: str, pos: str | None) -> bool:
    """``c`` can be read as ``pos`` (verbs by their first word, others by their last)."""
    words = c.split(" ")
    return not pos or pos in _lemmas(words[0 if pos == "VERB" else -1])


def _rank_in(source: str, c: str, key: str, pos: str | None) -> int | None:
    """Index of the first sense of ``c`` that lists ``key`` (None if none does)."""
    return next((i for i, s in enumerate(senses(source, c, pos)) if key in s), None)


def _variant(key: str, c: str) -> bool:
    """``c`` contains ``key`` or is a spelling or derivational variant (honour, tube for tubing)."""
    if key in re.split(r"[ -]", c):
        return True
    prefix = len(os.path.commonprefix([key, c]))
    return prefix >= 4 and prefix >= VARIANT_SHARE * min(len(key), len(c))


def _linked(tables: tuple[str, ...], a: str, b: str) -> bool:
    lex = Lexicon.load()
    return all(b in (t := lex.thesaurus(s)).get(a, ()) or a in t.get(b, ()) for s in tables)


@lru_cache(maxsize=100_000)
def ranked(p: Preset, key: str, pos: str | None) -> tuple[str, ...]:
    """Plausible synonyms of ``key`` read as ``pos`` in ``p``'s sources, best first.

    A candidate must share one of the first ``p.senses`` senses of ``key``, list ``key`` among
    its own first ``p.back`` senses, be read as the same part of speech, be common (zipf >=
    ``p.min_zipf``; a phrase one point less) and be linked by every table in ``p.agree``.
    Ranked by frequency, sense rank and agreement of the other sources.
    """
    cands = {}
    source = p.words if " " not in key else p.phrases
    if source is None:
        return ()
    if source == "moby":
        return _moby_ranked(p, key, pos)
    for rank, sense in enumerate(senses(source, key, pos)[: p.senses]):
        for c in sense:
            words = c.split(" ")
            if c in cands or _variant(key, c) or words[0] in ARTICLES or not _fits(c, pos):
                continue
            if any(key in lemmas for lemmas in _lemmas(c).values()):  # gains for gain
                continue
            back = _rank_in(source, c, key, pos)
            zipf = zipf_frequency(c, "en")
            if back is None or back >= p.back or zipf < p.min_zipf:
                continue
            if not _linked(p.agree + ("moby",) * (len(words) > 1), key, c):  # phrases: Moby too
                continue
            if min(map(_zipf, words)) < PHRASE_WORD_ZIPF:
                continue
            others = sum(_linked((s,), key, c) for s in AGREEMENT if s not in p.agree)
            cands[c] = zipf - rank - back / 2 + others - MULTIWORD_PENALTY * c.count(" ")
    return tuple(sorted(cands, key=lambda c: -cands[c]))


def _moby_ranked(p: Preset, key: str, pos: str | None) -> tuple[str, ...]:
    """Common synonyms that Moby lists both ways and WordNet or MyThes share a sense of, plus
    the word swaps real spinners made in the tortured-phrase list (``spinner`` table)."""
    lex = Lexicon.load()
    moby, real = lex.thesaurus("moby"), lex.thesaurus("spinner")
    cands = {}
    for c in (*real.get(key, ()), *moby.get(key, ())):
        if c in cands or _variant(key, c) or c.split(" ")[0] in ARTICLES or not _fits(c, pos):
            continue
        if " " in c or any(key in lemmas for lemmas in _lemmas(c).values()):
            continue
        listed_real = c in real.get(key, ())
        others = sum(any(c in sense for sense in senses(s, key, pos)) for s in ("wordnet", "mythes"))
        mutual = key in moby.get(c, ()) and _zipf(c) >= p.min_zipf
        if listed_real or (mutual and others):
            cands[c] = _zipf(c) + others + 2 * listed_real
    return tuple(sorted(cands, key=lambda c: -cands[c]))


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


@lru_cache(maxsize=200_000)
def _lemmas(word: str) -> dict:
    return getAllLemmas(word)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"“‘'([")
    return not before or before[-1] in ".!?:\n"


class Spinner:
    """Spins text like one spinner family; ``seed`` fixes its dictionary and its choices."""

    def __init__(
        self, preset: str = "spinbot", *, rate: float | None = None, seed: int = 0, **overrides
    ):
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r} (choose from {', '.join(PRESETS)})")
        if rate is not None:
            overrides["rate"] = rate
        self.preset: Preset = replace(PRESETS[preset], **overrides)
        for name in ("rate", "verb_to"):
            if not 0.0 <= (value := getattr(self.preset, name)) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        self.seed = seed
        self._tables = {s: Lexicon.load().thesaurus(s) for s in self.preset.lists}
        self._dictionary: dict[tuple, str | None] = {}

    # -- the fixed dictionary ---------------------------------------------
    def choice(self, key: str, pos: str | None = None, kind: str = "word") -> str | None:
        """The one synonym this spinner always uses for ``key`` read as ``pos`` (or None)."""
        memo = (key, pos, kind)
        if memo not in self._dictionary:
            self._dictionary[memo] = self._draw(key, pos, kind)
        return self._dictionary[memo]

    def _draw(self, key: str, pos: str | None, kind: str) -> str | None:
        p = self.preset
        if kind == "word":
            top = ranked(p, key, pos)[: p.top_k]
        else:  # real list entries (tortured phrases, country names), taken as they are
            top = self._tables[kind].get(key, ())[: p.top_k]
        return random.Random(f"{p.name}:{self.seed}:{key}:{pos}").choice(top) if top else None

    def _word(self, word: str, object_follows: bool = False) -> str | None:
        """Synonym for a lower-cased surface word, re-inflected (None if the dictionary has none);
        before an object, a verb the dictionary holds as "V to" becomes one (helping -> serving to)."""
        if not self.preset.inflect:
            return self.choice(word)
        lemma, pos, tag = _reading(word)
        syn = self.choice(lemma, pos)
        if syn and self.preset.verb_to and object_follows and pos == "VERB" and " " not in syn:
            draw = random.Random(f"{self.preset.name}:{self.seed}:{lemma}:to").random()
            syn += " to" * (draw < self.preset.verb_to)
        return _inflect(syn, pos, tag) if syn else None

    # -- spinning -----------------------------------------------------------
    def spin(self, text: str) -> SpinResult:
        tokens = tokenize(text)
        rng = random.Random(f"{self.preset.name}:{self.seed}:{zlib.crc32(text.encode())}")
        units = self._units(text, tokens, rng)
        weight = {"phrase": self.preset.phrase_weight, "tortured": self.preset.phrase_weight}

        def priority(u: _Unit) -> float:
            # a spinner's dictionary holds some words and swaps (nearly) every occurrence of
            # them: one draw per word decides, a small per-occurrence share stays unswapped
            word = random.Random(f"{self.preset.name}:{self.seed}:{text[u.start : u.end].lower()}")
            return (word.random() + OCCURRENCE_NOISE * rng.random()) / weight.get(u.kind, 1.0)

        units.sort(key=priority)
        target, used, taken, chosen = self.preset.rate * len(tokens), 0, set(), []
        for u in units:
            cost = u.last - u.first + 1
            span = range(u.first, u.last + 1)
            if used >= target or used + cost > target + 1 or taken.intersection(span):
                continue
            taken.update(span)
            used += cost
            chosen.append(u)
        out, edits, pos = [], [], 0
        length = 0
        for u in sorted(chosen, key=lambda u: u.start):
            u = self._agreed(text, tokens, u, taken)
            out.append(text[pos : u.start])
            length += u.start - pos
            edits.append(
                Edit(length, len(u.replacement), u.replacement, text[u.start : u.end], 1.0, u.kind)
            )
            out.append(u.replacement)
            length += len(u.replacement)
            pos = u.end
        out.append(text[pos:])
        return SpinResult("".join(out), edits, len(tokens), used)

    @staticmethod
    def _agreed(text: str, tokens: list[Token], u: _Unit, taken: set[int]) -> _Unit:
        """``u``, taking the article before it along when its replacement needs the other one
        (a game -> an amusement), as spinners write it."""
        k = u.first - 1
        if k < 0 or k in taken or u.start != tokens[u.first].start or (
                text[tokens[k].end : u.start] != " "):
            return u
        agreed = agreeing(tokens[k], u.replacement.split(" ")[0].lower())
        if not agreed:
            return u
        return replace(u, start=tokens[k].start, replacement=f"{agreed} {u.replacement}")

    def _units(self, text: str, tokens: list[Token], rng: random.Random) -> list[_Unit]:
        units = []
        for i, tok in enumerate(tokens):
            units += self._multiword(text, tokens, i)
            nxt = self._run(text, tokens, i, 2)  # the next word, one space on
            object_follows = bool(nxt) and nxt[1].text.isalpha() and nxt[1].norm != "to"
            units += self._single(text, tok, i, rng, object_follows)
        return units

    def _run(self, text: str, tokens: list[Token], i: int, n: int) -> list[Token] | None:
        """Tokens i..i+n-1 if they are plain words separated by single spaces."""
        run = tokens[i : i + n]
        if len(run) < n or any(text[a.end : b.start] != " " for a, b in pairwise(run)):
            return None
        return run

    def _multiword(self, text: str, tokens: list[Token], i: int) -> list[_Unit]:
        units = []
        for n in range(MAX_PHRASE, 1, -1):
            run = self._run(text, tokens, i, n)
            if not run:
                continue
            key = " ".join(t.norm for t in run)
            for table in ("word", *self.preset.lists):
                syn = self.choice(key, None, table)
                named = syn and any(self._is_name(text, t) for t in run)
                if syn and (not named or self.preset.names):
                    kind = "entity" if named else "tortured" if table == "tortured" else "phrase"
                    units.append(self._unit(i, run, match_case(run[0].text, syn), kind))
        return units

    def _single(self, text: str, tok: Token, i: int, rng: random.Random,
                object_follows: bool) -> list[_Unit]:
        if tok.norm in AUXILIARIES or _reading(tok.norm)[0] in AUXILIARIES:
            return []
        if tok.text.isalpha() and len(tok.text) > 1 and zipf_frequency(tok.norm, "en") <= MAX_ZIPF:
            named = self._is_name(text, tok)
            syn = (self.preset.names or not named) and self._word(tok.norm, object_follows)
            if not syn:
                return []
            kind = "entity" if named else "phrase" if " " in syn else "word"
            return [self._unit(i, [tok], match_case(tok.text, syn), kind)]
        if not self.preset.slips or not re.search(r"\w[.\-]\w", tok.text):
            return []
        pieces = [m for m in re.finditer(r"[^\W_]+", tok.text)]
        m = rng.choice(pieces)
        piece = m.group().lower()
        syn = PIECES.get(piece) or (piece.isalpha() and len(piece) > 1 and self._word(piece))
        if not syn or " " in syn:
            return []
        start = tok.start + m.start()
        return [_Unit(i, i, start, start + len(piece), match_case(m.group(), syn), "slip")]

    @staticmethod
    def _unit(i: int, run: list[Token], replacement: str, kind: str) -> _Unit:
        return _Unit(i, i + len(run) - 1, run[0].start, run[-1].end, replacement, kind)

    @staticmethod
    def _is_name(text: str, tok: Token) -> bool:
        return tok.text[0].isupper() and not _sentence_initial(text, tok.start)


def spin(
    text: str, preset: str = "spinbot", *, rate: float | None = None, seed: int = 0
) -> SpinResult:
    return Spinner(preset, rate=rate, seed=seed).spin(text)
