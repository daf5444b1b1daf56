"""The Despinner facade: tokenize -> candidates -> score -> decode -> edits.

The lexicon (candidate originals), language model (context fit) and channel (how likely this
spinner made this swap) are injected; each stage is a method so it can be used or replaced alone.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterator, Sequence
from copy import copy
from dataclasses import replace
from functools import cached_property, lru_cache, partial
from itertools import islice

from despin.channel import (
    Channel,
    arc_features,
    count_swaps,
    frequent,
    lemmas,
    sigmoid,
    synonym_ranks,
)
from despin.channel.spans import SpanTable, fingerprint
from despin.decode import Arc, joined, sentences, viterbi
from despin.detector import GATE_WORDS, DocumentScorer, gated
from despin.edits import Detection, Edit, Restoration, Span, apply_edits
from despin.lexicon import Candidate
from despin.lm import Topics, agreeing
from despin.text import WORD_RE, Token, match_case, pieces, tokenize

LEARNED = frozenset({"learned"})  # the source of originals learned from a spinner's pairs
SPAN_WIDTH = 15  # candidates per span scored with the LM: the best by channel log-odds plus
# the LM's gain out of context
# how options() chooses a span's candidates (the width, and a version to raise whenever its code
# ranks or filters them differently): part of the precomputed table's fingerprint
OPTION_RULES = (SPAN_WIDTH, 2)
MAX_CANDIDATES = 4  # per span start, after local pruning
PRUNE_CONFIDENCE = 0.02  # arcs locally less likely than this never enter the lattice
PRUNE_LOGODDS = math.log(PRUNE_CONFIDENCE / (1 - PRUNE_CONFIDENCE))
RIVAL_FLOOR = -20.0  # log-odds of no other original
MAX_LM_GAIN = 12.0  # nats; an arc whose channel log-odds cannot be lifted this far ...
MAX_TOPIC_GAIN = 0.6  # ... and this much in topic fit (a cosine gain few edits pass) is skipped
CONTEXT = 2  # words of LM context on each side (trigram)
PIECE_CHARS = 100_000  # long texts are decoded in pieces of about this size, cut at line breaks
CACHE_MAX = 200_000  # spans whose candidates are kept per engine (bounded for long-lived workers)
# A listed multiword tortured phrase (counterfeit consciousness) is curated evidence that the
# simulator cannot teach (its held-out text predates most listed terms): its channel log-odds is
# at least this, and the LM decides.
TORTURED_LOGODDS = 0.0
# a text the fast screen scores under this (scaled down for short texts, as the gate) reads as
# clean without decoding: most clean text, almost no spun text (docs/EXPERIMENTS.md, prescreen)
PRESCREEN = 0.05
_MAGNITUDE = {"hundred": 2, "century": 2, "thousand": 3, "grand": 3, "million": 6, "billion": 9,
              "trillion": 12}
# British/American spelling pairs: a spelling variant is never a synonym swap
_SPELLING = [(re.compile(a), b) for a, b in (
    (r"is(e|es|ed|ing|ation|ations)\b", r"iz\1"), (r"our\b", "or"), (r"ours\b", "ors"),
    (r"tre(s?)\b", r"ter\1"), (r"ence\b", "ense"), (r"mme(s?)\b", r"m\1"),
    (r"ogue(s?)\b", r"og\1"), (r"ll(ed|ing|er)\b", r"l\1"), (r"ae", "e"), (r"oe", "e"),
)]


class Despinner:
    """Loads the language data once; cheap to call many times; re-creatable per worker."""

    def __init__(self, min_confidence: float | None = None, channel: Channel | str | None = None,
                 *, lexicon=None, lm=None, scorer=None, screener=None,
                 prescreen: float = PRESCREEN, adapt: bool = True):
        from despin.detector.screen import Screen
        from despin.lexicon import Lexicon
        from despin.lm import LanguageModel, WebCounts, WordVectors

        self._channel_arg = channel
        self.lexicon = lexicon or Lexicon.load()
        self.lm = lm or LanguageModel.load()
        self.web = WebCounts.load()
        self.vectors = WordVectors.load()
        self.channel = channel if isinstance(channel, Channel) else Channel.load(channel)
        self.min_confidence = self.channel.threshold if min_confidence is None else min_confidence
        self.scorer = scorer or DocumentScorer.load()
        self.screener = screener or Screen.load()  # the fast screen: evidence for the scorer
        self.prescreen = prescreen  # texts the screen scores under it are not decoded (0: all are)
        # learn each text's own repeated swaps (a spinner re-uses its dictionary) and decode it
        # again with them
        self.adapt = adapt

    @property
    def channel(self) -> Channel:
        return self._channel

    @channel.setter
    def channel(self, channel: Channel) -> None:
        self._channel = channel
        self._spans: dict[tuple, tuple] = {}  # context-free candidates, per channel
        self._own: frozenset[str] = frozenset()  # spun terms of swaps learned from the text
        self._own_spans: dict[tuple, tuple] = {}  # their candidates
        # the commonest words' and pairs' candidates, computed ahead for this lexicon and channel
        self.spans = SpanTable.load(fingerprint=self.fingerprint())
        ranks = [w for k, w in channel.weights.items() if k.startswith(("rank_", "rrank_"))]
        self._rank_gain = sum(max(w, 0.0) for w in ranks)  # the most ranks (each <= 1) can add

    def fingerprint(self) -> str:
        """What this engine's context-free candidates depend on (lexicon, channel and the rules
        of ``options``), hashed: a precomputed table holding another is not used."""
        return fingerprint(self.lexicon, self.channel, OPTION_RULES)

    def __reduce__(self):
        """Pickles as its settings (a worker re-loads the shared data), with the current
        channel whenever it was not loaded from a file."""
        channel = self._channel_arg if isinstance(self._channel_arg, str | None) else self.channel
        return (partial(type(self), scorer=self.scorer, screener=self.screener,
                        prescreen=self.prescreen, adapt=self.adapt),
                (self.min_confidence, channel))

    # -- pipeline stages -------------------------------------------------
    def tokenize(self, text: str) -> list[Token]:
        return tokenize(text)

    def candidates(self, text: str, tokens: Sequence[Token], start: int, end: int) -> list[Arc]:
        """Candidate arcs for the segment ``tokens[start:end]`` (segment-local indices)."""
        arcs, learned = [], self.channel.pairs  # swaps learned from a spinner's pairs
        norms = [t.norm for t in tokens[start:end]]
        joins = joined(text, tokens, start, end)
        for i in range(len(norms)):
            tok = tokens[start + i]
            if tok.text.isupper() and len(tok.text) > 1:
                continue  # acronyms (US, UN, NATO) are names, not words to spin
            cap = tok.text[0].isupper() and i > 0
            for n in range(1, min(self.lexicon.max_words, len(norms) - i) + 1):
                if n > 1 and not joins[i + n - 1]:  # the gaps before it were crossed
                    break
                spun = tuple(norms[i : i + n])
                if self.lexicon.covers(spun) or (learned and " ".join(spun) in learned):
                    arcs += [Arc(i, i + n, spun, *option) for option in self.options(spun, cap)]
        return arcs

    def options(self, spun: tuple[str, ...], cap: bool) -> Sequence[tuple]:
        """The span's best SPAN_WIDTH candidates by expected log-odds, as Arc fields after
        ``spun``; cached, as most of a text's spans were seen before (the commonest words' and
        word pairs' come from ``spans``, computed ahead)."""
        key, own = (spun, cap), bool(self._own) and " ".join(spun) in self._own
        cache = self._own_spans if own else self._spans  # the text's own swaps change these
        options = cache.get(key)
        if options is None:
            if len(cache) >= CACHE_MAX:
                cache.clear()
            options = self.spans.get(spun, cap) if self.spans is not None and not own else None
            if options is None:
                options = self._computed(spun, cap)
            cache[key] = options
        return options

    def _computed(self, spun: tuple[str, ...], cap: bool) -> tuple:
        ch, text, found = self.channel, " ".join(spun), []
        floor = PRUNE_LOGODDS - lift(ch)  # below it no context can keep it
        spun_prob = self._unigram(spun)
        for i, c in enumerate(self._lookup(text)):
            if not plausible_swap(text, c.original, c.sources):
                continue
            words = tuple(c.original.split())
            base = ch.potential(arc_features(spun, words, c.sources, c.prior, cap, self.vectors))
            base += ch.adapted(text, c.original)
            kind = _kind(c.sources, spun, words)
            listed = self._listed(spun, kind)
            most = max(base + self._rank_gain, TORTURED_LOGODDS if listed else -math.inf)
            if most >= floor:
                # ranked by the log-odds expected in context: the LM's gain without context
                expected = ch.lm_weight * (self._unigram(words) - spun_prob)
                found.append((most + expected, i, expected, base, words, c, kind, listed))
        # synonym ranks are costly: score the most promising first, stop when no rank
        # could lift the rest into the best SPAN_WIDTH
        options, best = [], []
        for most, i, expected, base, words, c, kind, listed in sorted(
                found, key=lambda f: (-f[0], f[1])):
            if len(best) == SPAN_WIDTH and most < best[0]:
                break
            potential = base + ch.potential(synonym_ranks(self.lexicon, text, c.original))
            if listed:
                potential = max(potential, TORTURED_LOGODDS)
            if potential >= floor:
                options.append((potential + expected, i, (words, c.sources, c.prior, cap,
                                                          potential, kind)))
                heapq.heappush(best, potential + expected)
                if len(best) > SPAN_WIDTH:
                    heapq.heappop(best)
        options.sort(key=lambda o: (-o[0], o[1]))
        return tuple(o for _, _, o in options[:SPAN_WIDTH])  # () is shared

    def _lookup(self, text: str) -> Sequence[Candidate]:
        """The lexicon's candidates for ``text``, then the originals learned for it from a
        spinner's own pairs that the lexicon lacks (source "learned", prior: their share)."""
        found = self.lexicon.lookup(text)
        learned = self.channel.pairs.get(text)
        if not learned:
            return found
        have = {c.original for c in found}
        total = sum(learned.values())
        return [*found, *(Candidate(o, LEARNED, n / total) for o, n in learned.items()
                          if o not in have)]

    def _listed(self, spun: tuple[str, ...], kind: str) -> bool:
        """True for a multiword tortured phrase of the list that is not itself an expected
        term of the list (search engine is English, though one entry lists it)."""
        return kind == "tortured" and len(spun) > 1 and lemmas(" ".join(spun))[-1] not in self._terms

    @cached_property
    def _terms(self) -> frozenset[str]:
        return frozenset(lemmas(t)[-1] for t in self.lexicon.thesaurus("tortured"))

    def context_features(self, words: Sequence[str], arcs: Sequence[Arc], topics: Topics,
                         offset: int) -> list[dict]:
        """Features that depend on the observed context: the LM's gain for each arc (and the
        web pair counts' gain, a second opinion from a far larger sample), how well the spun
        words fit (pointwise mutual information with their neighbours: spun words fit their
        context poorly), each arc's margin over its alternatives (keep included), and how much
        better the original fits the topic of the words around it (word vectors; ``topics``:
        the text's, whose token ``offset`` the segment ``words`` starts at)."""
        spans: dict[tuple[int, int], list[int]] = {}
        for i, a in enumerate(arcs):
            spans.setdefault((a.start, a.end), []).append(i)
        out: list[dict] = [{}] * len(arcs)
        for (start, end), group in spans.items():
            hist, right = self._window(words, start, end)
            spun = tuple(words[start:end])  # as observed
            base = self.lm.score(spun + right, hist)
            deltas = [self.lm.score(arcs[i].words + right, hist) - base for i in group]
            ranked = sorted([0.0, *deltas], reverse=True)
            fit, uni = base - self._unigram(spun + right), self._unigram(spun)
            near = (words[start - 1] if start else None, right[0] if right else None)
            web = self.web.score(spun, *near)
            vs = self.vectors.vector(spun)
            vos = [self.vectors.vector(arcs[i].words) for i in group]
            on_topic = topics.fit(offset + start, offset + end, [vs, *vos])
            for i, d, vo, topic in zip(group, deltas, vos, on_topic[1:]):
                a, rival = arcs[i], ranked[1] if ranked[0] == d else ranked[0]
                out[i] = {"lm_delta": d, "lm_margin": d - rival, "spun_fit": fit,
                          "uni_delta": self._unigram(a.words) - uni,
                          "web_delta": self.web.score(a.words, *near) - web,
                          "topic_gain": topic - on_topic[0] if vo is not None and vs is not None
                          else 0.0}
        return out

    def _unigram(self, words: tuple[str, ...]) -> float:
        return sum(map(self.lm.logprob, words))

    def lattices(self, text: str, tokens: Sequence[Token], only: set[int] | None = None
                 ) -> Iterator[tuple[int, list[str], list[Arc], list[dict]]]:
        """Each sentence's (first token, words, candidate arcs, their context features);
        ``only``: the first tokens of the sentences wanted (default: all)."""
        norms = [t.norm for t in tokens]
        topics = self.vectors.topics(norms)
        for s, e in sentences(text, tokens):
            if only is not None and s not in only:
                continue
            arcs = self.candidates(text, tokens, s, e)
            yield s, norms[s:e], arcs, self.context_features(norms[s:e], arcs, topics, s)

    def score(self, arcs: list[Arc], features: Sequence[dict]) -> list[Arc]:
        """Local log-odds of each arc from its ``features``; prune to the likely ones. Each
        arc's evidence gains ``odds_margin``: its log-odds less the best other original's for
        its span (RIVAL_FLOOR if none): a word may be surely spun, its original less sure."""
        ch, zs, top = self.channel, [], {}
        for a, f in zip(arcs, features):
            a.evidence = f
            a.potential += ch.potential(f)  # lm_delta has no weight here: it is lm_weight's
            z = ch.logodds(a.potential, f["lm_delta"])
            a.confidence = sigmoid(z)
            zs.append(z)
            best = top.setdefault((a.start, a.end), [RIVAL_FLOOR, RIVAL_FLOOR])
            if z > best[0]:
                best[:] = z, best[0]
            elif z > best[1]:
                best[1] = z
        for a, z in zip(arcs, zs):
            best = top[a.start, a.end]
            a.evidence["odds_margin"] = z - (best[1] if z == best[0] else best[0])
        kept: dict[int, list[Arc]] = {}
        for a in sorted(arcs, key=lambda a: -a.confidence):
            if a.confidence >= PRUNE_CONFIDENCE and len(kept.setdefault(a.start, [])) < MAX_CANDIDATES:
                kept[a.start].append(a)
        return [a for group in kept.values() for a in group]

    def decode(self, words: Sequence[str], arcs: list[Arc]) -> list[Arc]:
        """Jointly best arcs (Viterbi), each re-scored with its restored neighbours as context."""
        ch = self.channel
        for a in arcs:
            a.potential += ch.path_bias
        path = viterbi(words, arcs, self.lm.logprob, ch.lm_weight)
        restored = list(words)
        for a in reversed(path):
            restored[a.start : a.end] = [" ".join(a.words)] + [""] * (a.end - a.start - 1)
        for a in path:
            a.potential -= ch.path_bias
            a.evidence["lm_restored"] = self.lm_delta(restored, a, words)
            a.confidence = ch.confidence(a.potential, a.evidence["lm_restored"])
        return path

    def lm_delta(self, context: Sequence[str], arc: Arc, spun: Sequence[str] | None = None) -> float:
        """LM log-prob gain of the arc's original over the spun words, in ``context``.

        ``context`` holds one string per token (restored multiword spans in place);
        ``spun`` the segment's spun words when the context is a restored one.
        """
        spun = context if spun is None else spun
        hist, right = self._window(context, arc.start, arc.end)
        return self.lm.score(arc.words + right, hist) - self.lm.score(
            tuple(spun[arc.start : arc.end]) + right, hist
        )

    def _window(self, context: Sequence[str], start: int, end: int) -> tuple[tuple, tuple]:
        """LM history before a span (sentence start marked) and the words after it."""
        left = _flat(context[max(0, start - CONTEXT) : start])[-CONTEXT:]
        right = tuple(_flat(context[end : end + CONTEXT])[:CONTEXT])
        return (tuple(left) if start > CONTEXT else ("<s>", *left)), right

    def decode_document(self, text: str, tokens: Sequence[Token], only: set[int] | None = None
                        ) -> list[tuple[int, Arc]]:
        """Decoded arcs of every sentence (``only``: see ``lattices``), with the token index
        where their sentence starts."""
        out = []
        for s, words, arcs, features in self.lattices(text, tokens, only):
            arcs = self.score(arcs, features)
            out += [(s, a) for a in (self.decode(words, arcs) if arcs else ())]
        return out

    def edit_features(self, decoded: Sequence[tuple[int, Arc]], n_tokens: int) -> list[dict]:
        """All evidence about each decoded edit, for the confidence trees: the channel's own
        log-odds, context features, and the arc's lexicon features."""
        out = []
        for _, a in decoded:
            f = arc_features(a.spun, a.words, a.sources, a.prior, a.capitalized, self.vectors,
                             self.lexicon)
            f.update(a.evidence)
            f.update(linear=self.channel.logodds(a.potential, a.evidence["lm_restored"]),
                     density=len(decoded) / max(n_tokens, 1))
            out.append(f)
        return out

    def propose(self, text: str, tokens: Sequence[Token], *, adapt: bool | None = None
                ) -> list[Edit]:
        """All edits on the decoded path, with confidences (before thresholding). With
        ``adapt`` (default: the engine's), in a text labelled spun, swaps proposed again and
        again (expected count MIN_COUNT or more, as `despin learn` counts them) are learned for
        this text alone, and the sentences where they are not yet restored are decoded again: a
        spinner swaps every occurrence of a word it holds, so one confident swap makes its
        repeats likely."""
        decoded = self.decode_document(text, tokens)
        edits = self._edits(text, tokens, decoded)
        if not (self.adapt if adapt is None else adapt) or (
                self.document_score(text, edits, len(tokens)) < self.scorer.threshold):
            return edits  # a text that reads as clean: its repeated fixes are not learned
        own = frequent(count_swaps(edits))
        if not own:
            return edits
        # a sentence is decoded again where a learned swap's spun words are not yet restored
        # to one of its originals; elsewhere the learned swaps only add to the confidences
        done = {(s + a.start, a.spun) for s, a in decoded
                if " ".join(a.words) in own.get(" ".join(a.spun), ())}
        norms, terms = [t.norm for t in tokens], [tuple(k.split()) for k in own]
        redo = {s for s, e in sentences(text, tokens)
                if any(tuple(norms[i : i + len(k)]) == k and (i, k) not in done
                       for i in range(s, e) for k in terms)}
        other = self.learning(own)
        decoded = sorted([*other.decode_document(text, tokens, redo),
                          *((s, a) for s, a in decoded if s not in redo)],
                         key=lambda d: (d[0], d[1].start))
        return other._edits(text, tokens, decoded)

    def learning(self, swaps: dict[str, dict[str, float]]) -> Despinner:
        """A light copy of this engine (sharing data and caches) that has also learned
        ``swaps`` (counts by spun and original words, as ``Channel.pairs``)."""
        other = copy(self)
        other._channel = self.channel.with_pairs(swaps)
        other._own, other._own_spans, other.adapt = frozenset(swaps), {}, False
        return other

    def _edits(self, text: str, tokens: Sequence[Token], decoded: list[tuple[int, Arc]]
               ) -> list[Edit]:
        """The decoded arcs as edits, with the confidence trees' confidences."""
        trees = self.channel.trees
        if trees is not None:
            ch = self.channel
            for (_, a), f in zip(decoded, self.edit_features(decoded, len(tokens))):
                # swaps learned from this spinner's output (despin learn) are extra evidence
                z = trees.logodds(f) + ch.adapted(" ".join(a.spun), " ".join(a.words))
                if self._listed(a.spun, a.kind):  # the trees never saw enough of these
                    z = max(z, f["linear"])
                a.confidence = sigmoid(z)
        decoded = [(s, a) for s, a in decoded if not other_form(a.spun, a.words)]
        edits, covered = [], {s + i for s, a in decoded for i in range(a.start, a.end)}
        for s, a in decoded:
            first, last = tokens[s + a.start], tokens[s + a.end - 1]
            spun = text[first.start : last.end]
            restored = _cased(spun, " ".join(a.words), sentence_start=a.start == 0)
            k = s + a.start - 1  # the token before: a spun "an amusement" is "a game"
            agreed = agreeing(tokens[k], a.words[0]) if a.start and k not in covered else None
            if agreed and joined(text, tokens, k, k + 2)[1]:
                first, spun = tokens[k], text[tokens[k].start : last.end]
                restored = agreed + text[first.end : tokens[k + 1].start] + restored
            edits.append(Edit(first.start, len(spun), spun, restored, a.confidence, a.kind))
        return edits

    # -- public API -----------------------------------------------------
    def edits(self, text: str) -> tuple[list[Edit], int]:
        """Every proposed edit (offsets into ``text``) and the number of words. Long texts are
        processed in pieces that end at line breaks, so memory stays bounded."""
        edits, words = [], 0
        for offset, piece in pieces(text, PIECE_CHARS):
            tokens = self.tokenize(piece)
            words += len(tokens)
            edits += [replace(e, offset=e.offset + offset) for e in self.propose(piece, tokens)]
        return edits, words

    def restore(self, text: str, *, min_confidence: float | None = None,
                gate: float | None = None) -> Restoration:
        """The text with the edits at ``min_confidence`` or above applied; a text that reads as
        clean (document score under ``gate``, by default the scorer's tuned one, scaled down for
        texts under 100 words; 0 restores every text) is left as it is."""
        return self.analyze(text, min_confidence=min_confidence, gate=gate)[1]

    def detect(self, text: str, *, threshold: float | None = None) -> Detection:
        """The probability that ``text`` was spun, labelled spun from ``threshold`` (default:
        the scorer's, set for at most 1% false positives on clean text), and the spans."""
        return self.analyze(text, threshold=threshold)[0]

    def screen(self, text: str, *, threshold: float | None = None) -> Detection:
        """Fast detection at corpus speed: the fast screen's score, label and the words it
        suspects (rougher than :meth:`detect`'s)."""
        return self.screener.detect(text, threshold=threshold)

    def document_score(self, text: str, edits: Sequence[Edit], words: int) -> float:
        """The calibrated probability that ``text`` was spun, from its proposed edits and the
        fast screen's log-odds."""
        return self.scorer.score(edits, words, float(self.screener.logits([text])[0]))

    def analyze(self, text: str, *, min_confidence: float | None = None,
                gate: float | None = None, threshold: float | None = None
                ) -> tuple[Detection, Restoration]:
        """:meth:`detect` and :meth:`restore` from one pass over the text. A text the fast
        screen scores under ``prescreen`` (and under the gate: 0 decodes every text) is not
        decoded: it scores as if the engine proposed no edit."""
        least = self.min_confidence if min_confidence is None else min_confidence
        gate = self.scorer.gate if gate is None else gate
        screen = float(self.screener.logits([text])[0])
        short = sum(1 for _ in islice(WORD_RE.finditer(text), GATE_WORDS))  # words, up to 100
        if gated(sigmoid(screen), short, min(self.prescreen, gate)):
            edits, words = [], short
        else:
            edits, words = self.edits(text)
        score = self.scorer.score(edits, words, screen)
        kept = [] if gated(score, words, gate) else [e for e in edits if e.confidence >= least]
        spans = [Span(e.offset, e.length, e.spun, e.restored, e.confidence) for e in kept]
        label = "spun" if score >= (self.scorer.threshold if threshold is None else threshold) \
            else "clean"
        return Detection(score, label, spans), Restoration(apply_edits(text, kept), kept)


@lru_cache(maxsize=CACHE_MAX)
def _american(word: str) -> str:
    for pattern, repl in _SPELLING:
        word = pattern.sub(repl, word)
    return word


def lift(channel: Channel) -> float:
    """The most the context can add to an arc's channel log-odds: the LM's and the topic's
    largest plausible gains."""
    topic = max(channel.weights.get("topic_gain", 0.0), 0.0)
    return channel.lm_weight * MAX_LM_GAIN + topic * MAX_TOPIC_GAIN


@lru_cache(maxsize=CACHE_MAX)
def plausible_swap(spun: str, original: str, sources: frozenset[str]) -> bool:
    """Rule out candidates no spinner produces, or that would change what a text says:
    spelling variants (defence/defense), abbreviations (pct/percent), other magnitudes
    (billion/million) and number words for digits (spinners write "three.5" for "3.5", never
    the reverse)."""
    if _american(spun) == _american(original) or _abbreviates(spun, original):
        return False
    sizes = {_MAGNITUDE.get(w.rstrip("s")) for w in (spun, original)}
    if None not in sizes and len(sizes) > 1:
        return False
    return "slip" in sources or not any(ch.isdigit() for ch in spun + original)


def _abbreviates(a: str, b: str) -> bool:
    """True when one term abbreviates the other: a vowel-less short form (pct for percent,
    tx for texas) or a phrase's initials (fcs for farm credit system)."""
    short, long = sorted((a, b), key=len)
    words = long.split()
    if " " in short or len(short) == len(long) or short[:1] != long[:1]:
        return False
    if len(words) > 1:
        if len(short) > len(words) + 1:  # initials: about a letter a word
            return False
    elif set(short) & set("aeiouy"):  # a word's abbreviation keeps no vowel
        return False
    rest = iter(long.replace(" ", ""))
    return all(ch in rest for ch in short)


_SUFFIXES = frozenset("s es d ed ing er r est ly ally al ical ic ian ion ation ship ness ment ity"
                      .split())


def other_form(spun: tuple[str, ...], original: tuple[str, ...]) -> bool:
    """True when one word is the other plus a suffix, its last consonant maybe doubled (swim →
    swimming, township → town, analytic → analytical): another form of the same word, which
    the decoder often picks for a spun word and which is rarely its original. Such fixes are
    dropped; the lattice keeps them, as the channel and trees learned with them. Compounds
    and clippings (warfare → war, sec → second) stay."""
    if len(spun) != 1 or len(original) != 1:
        return False
    short, long = sorted((spun[0], original[0]), key=len)
    if not long.startswith(short) or len(short) < 3:
        return False
    rest = long[len(short):]
    return rest in _SUFFIXES or (rest[:1] == short[-1] not in "aeiouy" and rest[1:] in _SUFFIXES)


def _flat(pieces: Sequence[str]) -> list[str]:
    return [w for p in pieces for w in p.split()]


def _kind(sources: frozenset[str], spun: tuple[str, ...], original: tuple[str, ...]) -> str:
    if "tortured" in sources:
        return "tortured"
    if "slip" in sources:
        return "slip"
    return "phrase" if len(spun) > 1 or len(original) > 1 else "word"


def _cased(spun: str, original: str, sentence_start: bool) -> str:
    """Carry the spun words' casing over to the restored words: word by word when both have
    as many words (Profound Learning -> Deep Learning), else the first's."""
    if any(c.isupper() for c in original):  # the lexicon knows a proper casing
        return original[0].upper() + original[1:] if sentence_start else original
    spun_words, words = spun.split(), original.split()
    if len(spun_words) == len(words):
        return " ".join(map(match_case, spun_words, words))
    return match_case(spun_words[0], original)


@lru_cache(maxsize=1)
def default() -> Despinner:
    return Despinner()


def restore(text: str, *, min_confidence: float | None = None,
            gate: float | None = None) -> Restoration:
    return default().restore(text, min_confidence=min_confidence, gate=gate)


def detect(text: str, *, threshold: float | None = None) -> Detection:
    return default().detect(text, threshold=threshold)


def screen(text: str, *, threshold: float | None = None) -> Detection:
    """:meth:`Despinner.screen` without loading the engine."""
    from despin.detector.screen import Screen

    return Screen.load().detect(text, threshold=threshold)
