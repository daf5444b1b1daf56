"""Context model: P(word | two preceding words), a normalized trigram over a web-size vocabulary.

The core is the CMU Sphinx US-English trigram shipped by ``pocketsphinx`` (~72k words, Katz
backoff), used in place. The probability mass that news text puts outside that vocabulary is
split, as estimated on held-apart Brown press text by ``data/build_lm.py``, into classes:

* ``num``  any token with a digit (one class, like the ``<num>`` token of many LMs);
* ``web``  the ~270k further words of Norvig's web unigram counts, by web frequency;
* ``unk``  anything else, by a uniform spelling model (finite, far below known words).

so ``P(w|h) = (1 - m_num - m_web - m_unk) * P_tri(w|h)`` for trigram words and ``m_c * P(w|c)``
otherwise: one distribution, so scores of alternatives at a position are comparable. Hyphenated
words, dotted acronyms and possessives the trigram lacks are scored as their parts
("co-op" = "co" "op", "u.s" = "u." "s.", "nato's" = "nato" "'s"). Words are lowercase;
``"<s>"`` in a history marks a sentence start, ``"</s>"`` may be scored as a word.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np
import pocketsphinx

from despin.text import Token, match_case

FORMAT_VERSION = 1
WEB_FORMAT_VERSION = 1  # of web_ngrams.npz
VECTORS_FORMAT_VERSION = 1  # of vectors.npz
CONTENT_ZIPF = 5.0  # words at least this common (the, of, said) say nothing of a topic
TOPIC_WIDTH = 10  # tokens on each side of a span whose topic words form its context
VECTOR_CACHE = 100_000  # spans whose vectors are kept
BACKOFF = math.log(0.4)  # stupid backoff from a word pair the web counts lack to the word
LN_BASE = math.log(1.0001)  # pocketsphinx log base
SPELL_LOGP = math.log(1 / 30)  # per character (and one for the end) of an unknown word
MEMO_MAX = 500_000  # entries per memo (~60 MB) before it is cleared
DIGIT_RE = re.compile(r"\d")
ACRONYM_RE = re.compile(r"[a-z](?:\.[a-z])+\.?")  # u.s / u.s. (the tokenizer drops the last dot)
_MODEL = Path(pocketsphinx.get_model_path()) / "en-us"  # pocketsphinx's US-English model files

INDEFINITE = frozenset({"a", "an"})  # the indefinite articles
# CMU dictionary phones that open with a vowel sound: "an" goes before them (an hour, a user)
VOWEL_PHONES = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())
VOWELS = frozenset("aeiou")  # by spelling, for words the dictionary lacks

__all__ = ["INDEFINITE", "LanguageModel", "Topics", "WebCounts", "WordVectors", "agreeing",
           "article", "split_word", "trigram_path", "trigram_vocab"]


def trigram_path() -> Path:
    return _MODEL / "en-us.lm.bin"


def article(word: str) -> str:
    """The indefinite article before a lowercase ``word``: "an" before a vowel sound, by the
    pronouncing dictionary pocketsphinx ships (hour, honest; not user, one), else by spelling."""
    return "an" if _vowel_sound().get(word, word[:1] in VOWELS) else "a"


def agreeing(before: Token, word: str) -> str | None:
    """The token ``before`` rewritten, in its casing, as the indefinite article ``word`` takes;
    None when it is no indefinite article or already agrees (an amusement -> a game)."""
    new = article(word)
    return match_case(before.text, new) if before.norm in INDEFINITE - {new} else None


@cache
def _vowel_sound() -> dict[str, bool]:
    """The dictionary's words whose first sound their first letter mispredicts."""
    out = {}
    with open(_MODEL / "cmudict-en-us.dict") as f:
        for line in f:
            word, _, phones = line.partition(" ")
            vowel = phones.split()[0] in VOWEL_PHONES
            if "(" not in word and vowel != (word[:1] in VOWELS):
                out[word] = vowel
    return out


def trigram_vocab(path: Path) -> list[str]:
    """The word table at the end of a pocketsphinx trie LM: NUL-terminated strings; the header
    is the 19-byte magic, the order (1 byte), then the n-gram counts (uint32, unigrams first)."""
    data = path.read_bytes()
    n = int.from_bytes(data[20:24], "little")
    return [w.decode() for w in data.rstrip(b"\0").split(b"\0")[-n:]]


def split_word(word: str, known) -> tuple[str, ...]:
    """The tokens a word is scored as: itself, or its parts if only those may be ``known``."""
    if known(word):
        return (word,)
    if "-" in word.strip("-"):
        return tuple(x for x in word.split("-") if x)
    if ACRONYM_RE.fullmatch(word):
        return tuple(c + "." for c in word.replace(".", ""))
    if word.endswith("'s") and len(word) > 2:
        return (word[:-2], "'s")
    return (word,)


def _artifact(path: Path | None, name: str, version: int, target: str):
    """The arrays of a shipped artifact (``path``, default the package's ``name``), once its
    format is known to be ``version`` (else an error naming the make target that rebuilds it)."""
    path = Path(path or str(files("despin.data") / name))
    z = np.load(path)
    if (found := int(z["version"])) != version:
        z.close()
        raise RuntimeError(f"{path.name}: format {found}, expected {version}; run `make {target}`")
    return z


class LanguageModel:
    """Natural-log word probabilities given the preceding words (oldest first)."""

    def __init__(self, artifact: Path | None = None):
        tri_path = trigram_path()
        artifact = Path(artifact or str(files("despin.data") / "lm_oov.npz"))
        with _artifact(artifact, artifact.name, FORMAT_VERSION, "data") as z:
            if int(z["trigram_bytes"]) != tri_path.stat().st_size:
                raise RuntimeError(
                    f"{artifact.name} was built for another pocketsphinx trigram; run `make data`"
                )
            words = str(z["words"]).split("\n")
            self._web = dict(zip(words, z["logp"].tolist()))
            log_num, log_web, log_unk = z["log_mass"].tolist()
        self._tri = pocketsphinx.NGramModel(
            pocketsphinx.Config(), pocketsphinx.LogMath(), str(tri_path)
        )
        self._vocab = set(trigram_vocab(tri_path))
        self._log_tri = math.log1p(-sum(map(math.exp, (log_num, log_web, log_unk))))
        self._log_num, self._log_web, self._log_unk = log_num, log_web, log_unk
        self.vocab_size = len(self._vocab - {"<s>"}) + len(self._web) + 1  # + the num class
        self._memo: dict[tuple, float] = {}
        self._window_memo: dict[tuple, float] = {}
        self._parts_memo: dict[str, tuple[str, ...] | None] = {}
        self._seen_memo: dict[str, tuple[str, ...] | None] = {}

    @staticmethod
    @cache
    def load() -> LanguageModel:
        """The shared instance (loaded once per process)."""
        return LanguageModel()

    # -- public API -------------------------------------------------------
    def logprob(self, word: str, history=()) -> float:
        """ln P(word | history); ``history`` holds the preceding words, oldest first. An
        indefinite article just before ``word`` is read as the one ``word`` takes (a spinner
        that swaps "game" for "amusement" writes "an amusement", and "a game" is restored);
        one just before the last history word, as the one that word takes."""
        if history:
            if history[-1] in INDEFINITE:
                history = (*history[-2:-1], article(word))
            elif len(history) > 1 and history[-2] in INDEFINITE:
                history = (article(history[-1]), history[-1])
        key = (word, *history[-2:])
        v = self._memo.get(key)
        if v is None:
            v = _room(self._memo)[key] = self._score(self._parts(word), self._context(history[-2:]))
        return v

    def score(self, words, history=()) -> float:
        """ln P(words | history): the sum of each word's logprob given what precedes it."""
        total, history, logprob = 0.0, tuple(history[-2:]), self.logprob
        for w in words:
            total += logprob(w, history)
            history = (*history[-1:], w)
        return total

    def window_score(self, left, candidate, right=()) -> float:
        """ln P(candidate + right[:2] | left): all of a sentence's score that depends on which
        candidate fills the slot, so candidates of any length compare directly."""
        key = (*left[-2:], None, *candidate, None, *right[:2])  # None: no word is None
        v = self._window_memo.get(key)
        if v is None:
            v = _room(self._window_memo)[key] = self.score([*candidate, *right[:2]], left)
        return v

    def known(self, word: str) -> bool:
        """True for words of the trigram or the web vocabulary (numbers included)."""
        return word in self._vocab or word in self._web or bool(DIGIT_RE.search(word))

    # -- internals --------------------------------------------------------
    def _parts(self, word: str) -> tuple[str, ...]:
        p = self._parts_memo.get(word)
        if p is None:
            p = _room(self._parts_memo)[word] = split_word(word, self.known)
        return p

    def _context(self, history) -> tuple[str, ...]:
        """The trigram tokens of the last two history words, cut at anything it cannot see."""
        ctx: tuple[str, ...] = ()
        for w in history:
            parts = self._seen(w)
            ctx = ctx + parts if parts is not None else ()
        return ctx[-2:]

    def _seen(self, word: str) -> tuple[str, ...] | None:
        """A history word's trigram tokens, or None when the trigram cannot see them all."""
        if word not in self._seen_memo:
            parts = (word,) if word == "<s>" else self._parts(word)
            _room(self._seen_memo)[word] = parts if all(p in self._vocab for p in parts) else None
        return self._seen_memo[word]

    def _score(self, parts: tuple[str, ...], ctx: tuple[str, ...]) -> float:
        total = 0.0
        for w in parts:
            if w in self._vocab:
                total += self._log_tri + LN_BASE * self._tri.prob([w, *reversed(ctx)])
                ctx = (*ctx, w)[-2:]
                continue
            if DIGIT_RE.search(w):
                total += self._log_num
            elif w in self._web:
                total += self._log_web + self._web[w]
            else:
                total += self._log_unk + SPELL_LOGP * (len(w) + 1)
            ctx = ()
        return total


def _room(memo: dict) -> dict:
    """``memo``, cleared first when it holds MEMO_MAX entries: memory stays bounded however
    many distinct words and contexts a corpus brings."""
    if len(memo) >= MEMO_MAX:
        memo.clear()
    return memo


class WebCounts:
    """Norvig's web word and word-pair counts (pairs seen 100,000+ times in a trillion words):
    a second, much larger-sample opinion on how well a word fits its neighbours."""

    def __init__(self, artifact: Path | None = None):
        with _artifact(artifact, "web_ngrams.npz", WEB_FORMAT_VERSION, "data") as z:
            self._words, self._pairs = (
                dict(zip(bytes(z[k]).decode().split("\n"), z[f"{k}_log"].tolist()))
                for k in ("words", "pairs"))
            logs = z["words_log"]
        self.log_total = float(np.log(np.exp(logs.astype(np.float64)).sum()))
        self._floor = float(logs.min())  # an unseen word counts as the rarest seen

    @staticmethod
    @cache
    def load() -> WebCounts:
        return WebCounts()

    def score(self, words, left: str | None = None, right: str | None = None) -> float:
        """ln P(words + right | left) by stupid backoff over pair and word counts (without a
        ``left``, the first word's own probability; an article on the left is read as the one
        ``words`` take, as in ``LanguageModel.logprob``)."""
        if left in INDEFINITE:
            left = article(words[0])
        pairs, word, log_total, floor = self._pairs, self._words.get, self.log_total, self._floor
        if left:
            a, total = left, 0.0
        else:
            a, total = words[0], word(words[0], floor) - log_total
            words = words[1:]
        for b in (*words, right) if right else words:
            pair = pairs.get(f"{a} {b}")
            total += pair - word(a, floor) if pair is not None else (
                BACKOFF + word(b, floor) - log_total)
            a = b
        return total

    @property
    def words(self) -> dict[str, float]:
        """Log count of each web word."""
        return self._words

    @property
    def pairs(self) -> dict[str, float]:
        """Log count of each web word pair ("a b")."""
        return self._pairs


class WordVectors:
    """GloVe word vectors (unit length): how well a word fits the topic of its surroundings, a
    third opinion that sees past the trigram's two words (a spinner's synonym is chosen without
    regard to them: metropolis among mayors and votes, city among them)."""

    def __init__(self, artifact: Path | None = None):
        with _artifact(artifact, "vectors.npz", VECTORS_FORMAT_VERSION, "vectors") as z:
            words = bytes(z["words"]).decode().split("\n")
            self._vectors = z["vectors"].astype(np.float32) / 127
            content = z["content"]
        self._ids = dict(zip(words, range(len(words))))
        self._topical = {w for w, c in zip(words, content.tolist()) if c}
        self.vector = lru_cache(maxsize=VECTOR_CACHE)(self._vector)  # a text's spans recur

    @staticmethod
    @cache
    def load() -> WordVectors:
        return WordVectors()

    def _vector(self, words: tuple[str, ...]) -> np.ndarray | None:
        """The unit-length sum of the words' vectors (None when none has one); ``vector``
        caches it."""
        rows = [i for w in words if (i := self._ids.get(w)) is not None]
        if not rows:
            return None
        v = self._vectors[rows].sum(axis=0)
        norm = float(np.linalg.norm(v))
        return v / norm if norm else None

    def topics(self, words) -> Topics:
        """The topic contexts of spans of ``words`` (a text's tokens, lowercase)."""
        rows = np.zeros((len(words) + 1, self._vectors.shape[1]), np.float32)
        for k, w in enumerate(words, 1):
            if w in self._topical:
                rows[k] = self._vectors[self._ids[w]]
        return Topics(np.cumsum(rows, axis=0))


class Topics:
    """Running sums of a text's topic-word vectors: any span's context vector in O(1)."""

    def __init__(self, sums: np.ndarray):
        self._sums = sums

    def fit(self, start: int, end: int, candidates) -> list[float]:
        """Cosine of each candidate's vector (None: 0.0) with the topic words within
        TOPIC_WIDTH tokens of the span ``[start, end)``, outside it."""
        s, n = self._sums, len(self._sums) - 1
        ctx = s[start] - s[max(0, start - TOPIC_WIDTH)] + s[min(n, end + TOPIC_WIDTH)] - s[end]
        norm = float(np.linalg.norm(ctx))
        return [float(v @ ctx) / norm if norm and v is not None else 0.0 for v in candidates]
