"""The fast screen: a document's spun probability from per-word array look-ups, at corpus speed.

Evidence for each word, all precomputed per vocabulary word (no candidate search, no decoding):

* ``spin``: how much likelier the word is in spinner output than in English at large,
  ``ln((1 - r) + r * Q(w) / P(w))``, with Q the words the simulator's spinners put in and P
  wordfreq's frequency (English at large, not the training corpus);
* ``gain``: how much better the word's likeliest originals (inverse lexicon) fit between its
  neighbours than the word itself, under the web word-pair counts (the engine's ``web_delta``);
* ``rarity``: how much rarer on the web the word is than its commonest original.

A logistic model over per-word rates of these gives the probability. A second one, over a
word's own evidence and its text's log-odds, gives the probability that the word is a swap: the
words from SPAN_MIN_PRECISION's threshold are the spans, each with the likeliest original of
:class:`Suggestions`; a text scoring under the span gate has none. Rougher than the engine's
spans, at corpus speed. Built by ``data/build_screen.py`` into ``data/screen.npz`` (the
suggestions, after the channel, by ``data/build_suggest.py``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from despin.detector import PRIOR_WORDS, gated, tail_score
from despin.edits import Detection, Span
from despin.lm import BACKOFF
from despin.text import WORD_RE, match_case, normalize, pieces

if TYPE_CHECKING:
    from despin.channel.train import Sample

FORMAT_VERSION = 2
ORIGINALS = 3  # likeliest one-word originals kept per word
SPIN_RATE = 0.2  # share of words a spinner replaces, in the spin weight's mixture
MIN_FREQ = 1e-7  # wordfreq frequency floor for words it lacks
# per-word rates over (words + PRIOR_WORDS): name -> (evidence, cut), counted where evidence > cut
RATES = {"spin_1": ("spin", 1), "spin_2": ("spin", 2), "spin_3": ("spin", 3),
         "gain_2": ("gain", 2), "gain_4": ("gain", 4)}
PIECE_CHARS = 100_000  # a longer text is read in pieces (cut at line breaks) ...
BATCH_CHARS = 1_000_000  # ... and pieces in batches of about this size: bounded memory
GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # multiplicative hashing (Knuth)
FEATURES = ("spin", "gain", "rarity", *RATES, "rare_fit", "spin_fit", "bias")
# per word, for its probability of being a swap: its evidence, its text's log-odds (context)
SPAN_FEATURES = ("spin", "gain", "loss", "rarity", "spin_fit", "rare_fit", "context", "bias")
CLIP = 10.0  # a word's context log-odds and its loss (ln P) are clipped to this
SPLIT_RE = re.compile(f"({WORD_RE.pattern})")  # a text's words and what is between them
SUGGEST_FILE = "suggest.npz"
SUGGESTIONS = 8  # one-word originals kept per word for its suggestion
SPAN_MIN_PRECISION = 0.8  # the span threshold: the lowest that keeps this precision
SPAN_GATE_LOSS = 0.02  # the span gate: the highest that costs spun texts this share of spans


class Screen:
    """``score(text)``: probability that a text was spun; ``threshold``: labelled spun from."""

    def __init__(self, words: Sequence[str], arrays: Mapping[str, np.ndarray], model: dict,
                 suggestions: Suggestions | None = None):
        self.words, self.arrays, self.model = words, arrays, model
        self.suggestions = suggestions  # none: no spans
        self.path: Path | None = None  # the file it was loaded from
        self._ids = {w: i for i, w in enumerate(words)}
        self._unknown = self._ids["<unk>"]  # any other word; also the text boundary: no pairs, rarest
        self._spin, self._wlog = arrays["spin"], arrays["wlog"]
        self._orig, keys = arrays["orig"], arrays["pair_keys"]
        self._pairs = HashIndex(keys)
        # ln P(b | a) of each web pair (a, b), and stupid backoff's for any other pair
        self._pair = arrays["pair_log"] - self._wlog[keys // len(words)]
        self._backoff = BACKOFF + self._wlog - float(model["log_total"])
        # how much rarer on the web each word is than its commonest original (0: none)
        common = np.where(self._orig >= 0, self._wlog[self._orig], -np.inf).max(axis=1)
        self._rarity = np.maximum(common - self._wlog, 0.0)
        self._n = np.int64(len(words))
        self.weights = np.array([model["weights"].get(k, 0.0) for k in FEATURES])
        self.threshold = float(model["threshold"])
        self.span_weights = np.array([model.get("span_weights", {}).get(k, 0.0)
                                      for k in SPAN_FEATURES])
        self.span_threshold = float(model.get("span_threshold", math.inf))  # none: no spans
        # a text scoring under it (or under the label's threshold, if lower) has no spans
        self.span_gate = float(model.get("span_gate", 0.0))

    @staticmethod
    @cache
    def load(path: Path | None = None) -> Screen:
        path = path or Path(str(files("despin.data") / "screen.npz"))
        with np.load(path) as z:
            if int(z["version"]) != FORMAT_VERSION:
                raise RuntimeError(f"{path.name}: format {int(z['version'])}, expected "
                                   f"{FORMAT_VERSION}; run `make screen`")
            arrays = {k: z[k] for k in z.files}
        words = bytes(arrays.pop("words")).decode().split("\n")
        screen = Screen(words, arrays, json.loads(bytes(arrays.pop("model")).decode()),
                        Suggestions.load(path.with_name(SUGGEST_FILE), words))
        screen.path = path
        return screen

    def __reduce__(self):
        """Pickles as its file's path: a worker loads the arrays itself."""
        if self.path is None:
            raise TypeError("a screen pickles as its file: save it first")
        return (Screen.load, (self.path,))

    def detect(self, text: str, *, threshold: float | None = None,
               min_confidence: float | None = None) -> Detection:
        """The document score and label (spun from ``threshold``, by default the screen's) and
        the words it suspects (probability of a swap from ``min_confidence``, by default the
        span threshold; none in a text under the span gate or ``threshold``), each with a
        suggested original."""
        return self.detect_many([text], threshold=threshold, min_confidence=min_confidence)[0]

    def detect_many(self, texts: Sequence[str], *, threshold: float | None = None,
                    min_confidence: float | None = None) -> list[Detection]:
        """:meth:`detect` for many texts at once (one pass of array operations: far faster
        per text for short ones)."""
        least = self.threshold if threshold is None else threshold
        gate = min(self.span_gate, least)
        features, words, spans = self._read(texts, self.span_threshold if min_confidence is None
                                            else min_confidence, gate)
        return [Detection(s, "spun" if s >= least else "clean", [] if gated(s, n, gate) else found)
                for s, n, found in zip(self._probability(features).tolist(), words.tolist(), spans)]

    def score(self, text: str) -> float:
        return float(self.scores([text])[0])

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        return self._probability(self.features(texts))

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """The scores' log-odds (evidence the engine's document scorer adds to its own)."""
        return self._logits(self.features(texts))

    def _logits(self, features: np.ndarray) -> np.ndarray:
        return np.clip(features @ self.weights, -30.0, 30.0)

    def _probability(self, features: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-self._logits(features)))

    def _piece_features(self, words: _Words) -> np.ndarray:
        """FEATURES of each text :meth:`_words` read, on its own."""
        own = words.sums / (words.lens + PRIOR_WORDS)[:, None]
        return np.hstack([own, np.ones((len(own), 1))])

    def features(self, texts: Sequence[str]) -> np.ndarray:
        """One row of FEATURES per text."""
        return self._read(texts)[0]

    def _read(self, texts: Sequence[str], min_confidence: float | None = None,
              gate: float = 0.0) -> tuple[np.ndarray, np.ndarray, list[list[Span]]]:
        """FEATURES, words and, given ``min_confidence``, the words suspected from it, per text
        (none in a text read in one piece that is ``gate``d). Texts are read in pieces of at most
        PIECE_CHARS, BATCH_CHARS at a time, so memory stays bounded for any input."""
        sums = np.zeros((len(texts), len(FEATURES) - 1))
        lens = np.zeros(len(texts), dtype=np.int64)
        found: list[list[Span]] = [[] for _ in texts]
        for where, batch in self._batches(texts):
            words = self._words([p for _, p in batch])
            np.add.at(sums, where, words.sums)
            np.add.at(lens, where, words.lens)
            if min_confidence is not None:
                score = self._probability(self._piece_features(words))
                shown = [len(piece) < len(texts[i]) or not gated(s, n, gate) for i, (_, piece), s, n
                         in zip(where, batch, score.tolist(), words.lens.tolist())]
                for k, spans in self._spans(batch, words, min_confidence, np.array(shown)):
                    found[where[k]] += spans
        features = np.hstack([sums / (lens + PRIOR_WORDS)[:, None], np.ones((len(texts), 1))])
        return features, lens, found

    @staticmethod
    def _batches(texts: Sequence[str]) -> Iterator[tuple[list[int], list[tuple[int, str]]]]:
        """Each text's pieces ``(offset, piece)``, in batches of about BATCH_CHARS, with the
        index of the text each piece is from."""
        where, batch, size = [], [], 0
        for i, t in enumerate(texts):
            for piece in pieces(t, PIECE_CHARS):
                where.append(i)
                batch.append(piece)
                size += len(piece[1])
                if size >= BATCH_CHARS:
                    yield where, batch
                    where, batch, size = [], [], 0
        if batch:
            yield where, batch

    def _words(self, texts: Sequence[str]) -> _Words:
        """The per-word evidence of ``texts``, all their words in a row."""
        # all texts in one, split into words and what is between them (no word holds a line
        # break), lower-cased first where that goes character by character (all but İ, and Σ,
        # lower-cased by context): the same words in the same places
        text = "\n".join(texts)
        low = normalize(text)
        same = len(low) == len(text) and "Σ" not in text
        parts = SPLIT_RE.split(low if same else text)
        words = parts[1::2] if same else normalize("\n".join(parts[1::2])).split("\n")
        bounds = np.cumsum(np.fromiter(map(len, parts), np.int64, len(parts)))  # each part's end
        starts, sizes = bounds[:-1:2], bounds[1::2] - bounds[:-1:2]
        first = np.cumsum([0, *(len(t) + 1 for t in texts)])  # each text's start
        lens = np.diff(np.searchsorted(starts, first))
        starts -= np.repeat(first[:-1], lens)  # each word's offset in its text
        # the texts' word ids in a row, each text after a boundary (<unk>: no pairs), one last
        at = np.arange(len(words)) + np.repeat(np.arange(len(texts)), lens) + 1
        t = np.full(len(words) + len(texts) + 1, self._unknown, dtype=np.int64)
        t[at] = np.fromiter(map(self._ids.get, words, repeat(self._unknown)), np.int64, len(words))
        cur = t[at]
        # one look-up for every word pair needed: each word with its neighbours, and each
        # original of a word that has some in the word's place
        m = np.flatnonzero(self._orig[cur, 0] >= 0)
        orig = self._orig[cur[m]]
        o = np.where(orig >= 0, orig, self._unknown).ravel()
        prev, nxt = np.repeat(t[at[m] - 1], ORIGINALS), np.repeat(t[at[m] + 1], ORIGINALS)
        lp = self._lp(np.concatenate([t[:-1], prev, o]), np.concatenate([t[1:], o, nxt]))
        pair, k = lp[: len(t) - 1], len(o)
        fit = (lp[len(t) - 1 : len(t) - 1 + k] + lp[len(t) - 1 + k :]).reshape(orig.shape)
        gain = np.zeros(len(cur))  # ln P gain of the best original over the word, in place
        gain[m] = np.where(orig >= 0, fit, -np.inf).max(axis=1) - (
            pair[at[m] - 1] + pair[at[m]])
        rarity, spin = self._rarity[cur], self._spin[cur]
        ev = {"spin": spin, "gain": gain}
        per_word = np.column_stack([
            spin, np.maximum(gain, 0), rarity, *(ev[e] > cut for e, cut in RATES.values()),
            (rarity > 2) & (gain > 0), (spin > 1) & (gain > 0)])
        sums = np.vstack([np.zeros(per_word.shape[1]), np.cumsum(per_word, axis=0)])
        ends = np.cumsum(lens)
        return _Words(lens, sums[ends] - sums[ends - lens], spin, gain, rarity, t, at, starts, sizes)

    def span_features(self, words: _Words, rows: np.ndarray) -> np.ndarray:
        """SPAN_FEATURES of the words ``rows`` (of texts read by :meth:`_words`): each word's
        own evidence and its text's log-odds (clipped: its context)."""
        context = np.clip(self._logits(self._piece_features(words)), -CLIP, CLIP)
        spin, gain, rarity = words.spin[rows], words.gain[rows], words.rarity[rows]
        return np.column_stack([
            spin, np.maximum(gain, 0), np.minimum(-gain, CLIP).clip(0), rarity,
            (spin > 1) & (gain > 0), (rarity > 2) & (gain > 0),
            np.repeat(context, words.lens)[rows], np.ones(len(rows))])

    def _spans(self, pieces: Sequence[tuple[int, str]], words: _Words, least: float,
               shown: np.ndarray) -> Iterator[tuple[int, list[Span]]]:
        """``(piece index, spans)``: in each ``shown`` piece (offset, text) the words whose
        probability of being a spinner's swap reaches ``least``, with a suggestion (see
        :class:`Suggestions`)."""
        if self.suggestions is None:
            return
        rows = np.flatnonzero((self.suggestions.orig[words.ids[words.at], 0] >= 0)
                              & np.repeat(shown, words.lens))
        p = 1 / (1 + np.exp(-(self.span_features(words, rows) @ self.span_weights)))
        hit, p = rows[p >= least], p[p >= least]
        if not len(hit):
            return
        # the suggestion: each hit's original with the best log-odds + fit between neighbours
        at = words.at[hit]
        orig, logodds = self.suggestions.of(words.ids[at])
        r, c = np.nonzero(logodds > -np.inf)
        o = orig[r, c]
        fit = self._lp(words.ids[at[r] - 1], o) + self._lp(o, words.ids[at[r] + 1])
        logodds[r, c] += self.suggestions.fit * fit
        best = orig[np.arange(len(hit)), logodds.argmax(axis=1)]
        of = np.searchsorted(np.cumsum(words.lens), hit, side="right")  # each hit's piece
        starts, sizes = words.starts[hit], words.sizes[hit].tolist()
        raw = [pieces[k][1][i : i + n] for k, i, n in zip(of.tolist(), starts.tolist(), sizes)]
        offsets = np.array([offset for offset, _ in pieces])[of] + starts
        spans = list(map(Span, offsets.tolist(), sizes, raw, [
            original if word.islower() else match_case(word, original)
            for word, original in zip(raw, map(self.words.__getitem__, best.tolist()))], p.tolist()))
        found, cuts = np.unique(of, return_index=True)  # the pieces with hits, where theirs start
        for k, start, end in zip(found.tolist(), cuts.tolist(), [*cuts[1:].tolist(), len(hit)]):
            yield k, spans[start:end]

    def _lp(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """ln P(b | a) by stupid backoff over the web pair counts (as :class:`WebCounts`)."""
        i = self._pairs.find(a * self._n + b)
        return np.where(i >= 0, self._pair[i], self._backoff[b])


@dataclass(frozen=True)
class Suggestions:
    """Each screen word's likeliest one-word originals (word ids, best first, -1 for none) by
    the engine's context-free log-odds (its channel: what spinners turn into that word). A
    span's suggestion is the original with the highest log-odds plus ``fit`` times its ln P
    between the word's neighbours. Built by ``data/build_suggest.py`` after the channel."""

    orig: np.ndarray
    logodds: np.ndarray
    fit: float

    def of(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The originals of words ``ids`` (<unk> where none) and their log-odds (-inf)."""
        orig = self.orig[ids]
        return np.maximum(orig, 0), np.where(orig >= 0, self.logodds[ids], -np.inf)

    @staticmethod
    def load(path: Path, words: Sequence[str]) -> Suggestions | None:
        """The suggestions at ``path`` when they were built for the screen words ``words``."""
        if not path.exists():
            return None
        with np.load(path) as z:
            if str(z["words_sha"]) != words_sha(words):
                return None
            return Suggestions(z["orig"], z["logodds"], float(z["fit"]))

    def save(self, path: Path, words: Sequence[str]) -> None:
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, orig=self.orig, logodds=self.logodds, fit=self.fit,
                            words_sha=words_sha(words))
        tmp.replace(path)


def words_sha(words: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(words).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class _Words:
    """The evidence of a batch of texts, per text (``lens`` words each) and per word."""

    lens: np.ndarray
    sums: np.ndarray  # per text, the sums of the per-word evidence (FEATURES but the bias)
    spin: np.ndarray
    gain: np.ndarray
    rarity: np.ndarray
    ids: np.ndarray  # word ids, every text after a boundary (<unk>), one boundary last
    at: np.ndarray  # where each word is in ``ids``
    starts: np.ndarray  # each word's offset in its text
    sizes: np.ndarray  # and its length


class HashIndex:
    """Vectorized look-up of int64 keys: open addressing with linear probing, a quarter full."""

    def __init__(self, keys: np.ndarray):
        self._shift = np.uint64(64 - max(1, int(len(keys) * 4 - 1).bit_length()))
        size = 1 << (64 - int(self._shift))
        self._mask = size - 1
        self._slots = np.full(size, -1, dtype=np.int64)
        self._at = np.zeros(size, dtype=np.int32)
        pos, todo = self._home(keys), np.arange(len(keys))
        while len(todo):  # each free slot goes to its first claimant; the rest probe on
            p = pos[todo]
            free = self._slots[p] == -1
            slot, first = np.unique(p[free], return_index=True)
            won = todo[free][first]
            self._slots[slot], self._at[slot] = keys[won], won
            todo = np.setdiff1d(todo, won, assume_unique=True)
            pos[todo] = (pos[todo] + 1) & self._mask

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * GOLDEN) >> self._shift).astype(np.int64)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The index of each key in the key array, or -1."""
        pos = self._home(keys)
        slot = self._slots[pos]  # most keys are found (or not) at home: all at once
        hit = slot == keys
        out = np.where(hit, self._at[pos], -1)
        todo = np.flatnonzero(~hit & (slot != -1))
        while len(todo):
            p = pos[todo] = (pos[todo] + 1) & self._mask
            slot = self._slots[p]
            hit = slot == keys[todo]
            out[todo[hit]] = self._at[p[hit]]
            todo = todo[~hit & (slot != -1)]
        return out


def tables(lexicon, web_words: Mapping[str, float], web_pairs: Mapping[str, float],
           plausible) -> tuple[list[str], dict[str, np.ndarray]]:
    """The word arrays that do not depend on the spinners: the vocabulary (the web words that
    have originals, are one, or are in a web pair: any other word scores as ``<unk>`` does),
    each word's likeliest originals, web log counts of words and pairs. ``plausible(spun,
    original, sources)`` is the engine's filter of swaps no spinner makes."""
    web = sorted(web_words)
    ids = {w: i for i, w in enumerate(web)}
    found = {w: [c.original for c in lexicon.lookup(w) if c.original in ids
                 and plausible(w, c.original, c.sources)][:ORIGINALS] for w in web}
    paired = {w for p in web_pairs for w in p.split(" ")}
    keep = {w for w, originals in found.items() if originals} | paired
    keep |= {o for originals in found.values() for o in originals}
    words = ["<unk>", *(w for w in web if w in keep)]
    ids = {w: i for i, w in enumerate(words)}
    orig = np.full((len(words), ORIGINALS), -1, dtype=np.int32)
    for w, i in ids.items():
        originals = [ids[o] for o in found.get(w, ())]
        orig[i, : len(originals)] = originals
    pairs = sorted((ids[a] * len(words) + ids[b], v) for p, v in web_pairs.items()
                   for a, b in [p.split(" ")] if a in ids and b in ids)
    floor = min(web_words.values())  # <unk> counts as the rarest web word
    return words, {
        "wlog": np.array([web_words.get(w, floor) for w in words], np.float32),
        "orig": orig,
        "pair_keys": np.array([k for k, _ in pairs], dtype=np.int64),
        "pair_log": np.array([v for _, v in pairs], dtype=np.float32),
    }


def spin_weights(words: Sequence[str], spun: Iterable[Sequence[str]]) -> np.ndarray:
    """Each word's spin weight from ``spun``, the words that spinner edits put in."""
    from wordfreq import word_frequency

    put_in = Counter(w for ws in spun for w in ws)
    total = sum(put_in.values()) or 1
    return np.array([math.log((1 - SPIN_RATE) + SPIN_RATE * put_in[w] / total / max(
        word_frequency(w, "en"), MIN_FREQ)) if put_in[w] else 0.0 for w in words], np.float32)


def trained(words: Sequence[str], arrays: Mapping[str, np.ndarray], log_total: float,
            clean: Sequence[str], spun: Mapping[str, Sequence[Sample]],
            max_fpr: float = 0.01) -> tuple[Screen, dict[str, Screen]]:
    """A screen fit on ``clean`` texts and ``spun`` ones (simulator output with gold edits, by
    spinner): spin weights from the words all their edits put in; logistic weights cross-fitted,
    each spinner's copies (and the clean texts) scored with spin weights from the other spinners
    only, as an unseen spinner's would be; the threshold: 0.5, or higher where more than
    ``max_fpr`` of the clean texts score over it. Also, per spinner, its cross-fitting screen
    (the same model, spin weights from the other spinners only)."""
    from sklearn.linear_model import LogisticRegression

    def fitted_to(samples) -> Screen:
        put_in = (WORD_RE.findall(normalize(e.spun)) for s in samples for e in s.gold)
        return Screen(words, {**arrays, "spin": spin_weights(words, put_in)},
                      {"log_total": log_total, "weights": {}, "threshold": 0.5})

    x, y, folds, read = [], [], {}, {}
    for name, samples in spun.items():
        fold = folds[name] = fitted_to(
            [s for other in spun if other != name for s in spun[other]] or samples)
        read[name] = fold._read([s.text for s in samples])[:2]  # features, words
        x += [fold.features(clean), read[name][0]]
        y += [np.zeros(len(clean)), np.ones(len(samples))]
    lr = LogisticRegression(C=10, max_iter=5000, fit_intercept=False, class_weight="balanced")
    screen = fitted_to([s for samples in spun.values() for s in samples])
    screen.weights = lr.fit(np.vstack(x), np.concatenate(y)).coef_[0]
    clean_scores = sorted(screen.scores(clean).tolist())
    screen.threshold = max(0.5, tail_score(clean_scores, max_fpr))
    screen.model.update(weights=dict(zip(FEATURES, screen.weights.tolist())),
                        threshold=round(screen.threshold, 4))
    for fold in folds.values():
        fold.weights, fold.threshold, fold.model = screen.weights, screen.threshold, screen.model
    x, y, spun_rows, scores, words = [], [], [], [], []
    for name, samples in spun.items():
        texts = [s.text for s in samples]
        clean_rows = span_rows(folds[name], clean, [()] * len(clean))
        rows = span_rows(folds[name], texts, [s.gold for s in samples])
        x += [clean_rows[0], rows[0]]
        y += [clean_rows[1], rows[1]]
        spun_rows.append(rows)
        scores += screen._probability(read[name][0]).tolist()
        words += read[name][1].tolist()
    lr = LogisticRegression(C=10, max_iter=5000, fit_intercept=False)
    lr.fit(np.vstack(x), np.concatenate(y))
    screen.span_weights = lr.coef_[0]
    screen.span_threshold = span_threshold(lr.predict_proba(np.vstack(x))[:, 1], np.concatenate(y))
    # per spun text, its right spans: the gate may cost few of them
    right = np.concatenate([np.bincount(of, (lr.predict_proba(rows)[:, 1] >= screen.span_threshold)
                                        & (labels == 1), minlength=len(samples))
                            for (rows, labels, of), samples in zip(spun_rows, spun.values())])
    screen.span_gate = span_gate(scores, words, right, screen.threshold)
    screen.model.update(span_weights=dict(zip(SPAN_FEATURES, screen.span_weights.tolist())),
                        span_threshold=round(screen.span_threshold, 4),
                        span_gate=round(screen.span_gate, 4))
    for fold in folds.values():
        fold.span_weights, fold.span_threshold = screen.span_weights, screen.span_threshold
        fold.span_gate = screen.span_gate
    return screen, folds


def span_gate(scores: Sequence[float], words: Sequence[int], right: np.ndarray, top: float
              ) -> float:
    """The highest gate (see :func:`despin.detector.gated`), at most ``top``, under which the
    spun texts with scores ``scores`` lose at most SPAN_GATE_LOSS of their ``right`` spans."""
    total = right.sum()
    for gate in np.arange(top, 0.0, -0.05):
        kept = sum(r for s, n, r in zip(scores, words, right) if not gated(s, n, gate))
        if kept >= (1 - SPAN_GATE_LOSS) * total:
            return round(float(gate), 4)
    return 0.0


def span_rows(screen: Screen, texts: Sequence[str], golds: Sequence[Sequence]
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SPAN_FEATURES of every word of ``texts`` that has an original, whether it is in one of
    its text's gold edits (``golds``: each text's, with offsets and lengths), and its text."""
    x, y, of = [], [], []
    for where, batch in screen._batches(texts):
        words = screen._words([p for _, p in batch])
        known = np.flatnonzero(screen._orig[words.ids[words.at], 0] >= 0)
        x.append(screen.span_features(words, known))
        swapped = []
        for i, (offset, _), at in zip(where, batch, np.split(words.starts, np.cumsum(words.lens)[:-1])):
            ends = sorted((e.offset + e.length, e.offset) for e in golds[i])
            last = np.array([e for e, _ in ends], dtype=np.int64)
            first = np.array([b for _, b in ends], dtype=np.int64)
            k = np.searchsorted(last, offset + at, side="right")  # the first edit ending after it
            swapped.append((k < len(last)) & (first[np.minimum(k, len(last) - 1)] <= offset + at)
                           if len(last) else np.zeros(len(at), bool))
        y.append(np.concatenate(swapped)[known])
        of.append(np.repeat(where, words.lens)[known])
    return np.vstack(x), np.concatenate(y).astype(int), np.concatenate(of)


def span_threshold(p: np.ndarray, swapped: np.ndarray) -> float:
    """The lowest word probability whose spans keep SPAN_MIN_PRECISION on ``swapped``."""
    order = np.argsort(-p)
    precision = np.cumsum(swapped[order]) / np.arange(1, len(p) + 1)
    ok = np.flatnonzero(precision >= SPAN_MIN_PRECISION)
    return float(p[order[ok[-1]]]) if len(ok) else 1.0


def save(screen: Screen, path: Path) -> None:
    """Write the screen's arrays and model to ``path`` (atomically)."""
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(
        tmp, version=FORMAT_VERSION, **screen.arrays,
        words=np.frombuffer("\n".join(screen.words).encode(), dtype=np.uint8),
        model=np.frombuffer(json.dumps(screen.model).encode(), dtype=np.uint8))
    tmp.replace(path)
