"""Lattice of candidate restorations over a token sequence, and its Viterbi search.

An :class:`Arc` covers spun tokens ``[start, end)`` and proposes ``words`` as their original.
Every token also has an implicit keep-arc. The path score is the sum of the channel's log-odds
of its edits plus ``lm_weight`` times the language-model log-probability of the path's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from despin.text import Token

# Text between two tokens that ends a sentence (LM context restarts, no arc may cross it).
_BREAK_RE = re.compile(r"[.!?;:()\[\]{}\n\"“”–—]|\s-\s")
# Text between two tokens that a multiword arc may cross (plain spacing only).
_JOIN_RE = re.compile(r"[ \t\u00a0]+")


@dataclass(slots=True)
class Arc:
    start: int
    end: int
    spun: tuple[str, ...]  # the spun words it replaces, lowercase
    words: tuple[str, ...]  # proposed original, lowercase words
    sources: frozenset[str]
    prior: float
    capitalized: bool
    potential: float = 0.0  # channel log-odds of this edit, without the LM
    kind: str = "word"
    confidence: float = 0.0
    evidence: dict = field(default_factory=dict)  # context features, for the confidence trees


def sentences(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Split token indices into sentence-like segments ``[start, end)``."""
    segs, start = [], 0
    for i in range(1, len(tokens)):
        if _BREAK_RE.search(text, tokens[i - 1].end, tokens[i].start):
            segs.append((start, i))
            start = i
    if tokens:
        segs.append((start, len(tokens)))
    return segs


def joined(text: str, tokens: Sequence[Token], start: int, end: int) -> list[bool]:
    """For each of tokens ``start..end-1``, True if plain spaces alone part it from the token
    before (False for the first): a multiword arc may cross only such gaps."""
    return [i > start and bool(_JOIN_RE.fullmatch(text, tokens[i - 1].end, tokens[i].start))
            for i in range(start, end)]


LogProb = Callable[[str, tuple[str, ...]], float]


def viterbi(
    words: Sequence[str],
    arcs: Sequence[Arc],
    logprob: LogProb,
    lm_weight: float,
    beam: int = 12,
) -> list[Arc]:
    """Best-scoring set of non-overlapping arcs for one segment (trigram-state Viterbi).

    ``words`` are the segment's spun words (lowercase), arcs use segment-local indices.
    """
    n = len(words)
    by_start: dict[int, list[Arc]] = {}
    for a in arcs:
        by_start.setdefault(a.start, []).append(a)
    # state: last two words -> (score, backpointer (prev_pos, prev_state, arc or None))
    chart: list[dict[tuple[str, ...], tuple[float, tuple | None]]] = [dict() for _ in range(n + 1)]
    chart[0][("<s>",)] = (0.0, None)
    for i in range(n):
        states = chart[i]
        if not states:
            continue
        if len(states) > beam:
            states = dict(sorted(states.items(), key=lambda kv: -kv[1][0])[:beam])
        options = [(i + 1, (words[i],), None, 0.0)]
        options += [(a.end, a.words, a, a.potential) for a in by_start.get(i, ())]
        for state, (score, _) in states.items():
            for end, out, arc, potential in options:
                hist, lm = state, 0.0
                for w in out:
                    lm += logprob(w, hist)
                    hist = (hist + (w,))[-2:]
                total = score + lm_weight * lm + potential
                best = chart[end].get(hist)
                if best is None or total > best[0]:
                    chart[end][hist] = (total, (i, state, arc))
    final = chart[n]
    state = max(final, key=lambda s: final[s][0])
    path, pos = [], n
    while pos > 0:
        _, (prev, prev_state, arc) = chart[pos][state]
        if arc is not None:
            path.append(arc)
        pos, state = prev, prev_state
    return path[::-1]
