"""Channel model: how likely a spinner turned this original into this spun span.

A logistic model over features of a candidate arc (which lexicons link the pair, the lexicon
prior, word frequencies, lengths, casing) plus the language model's preference for the
original in context. Its log-odds split into a context-free ``potential`` (the channel proper)
and ``lm_weight`` times the LM delta, so the decoder can add LM scores along a lattice path.
Weights are learned (see :mod:`despin.channel.train`) and persisted as JSON.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lemminflect import getAllLemmas
from wordfreq import zipf_frequency

from despin.channel.trees import TreeEnsemble
from despin.text import normalize

FORMAT = "despin-channel/1"
PAIR_WEIGHT = 1.0  # weight of learned swap counts, for a channel that has learned none yet
MIN_COUNT = 1.5  # expected count at which a spun term's proposed swaps count as learned


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@lru_cache(maxsize=200_000)
def zipf(phrase: str) -> float:
    return zipf_frequency(phrase, "en")


RANKED = ("wordnet", "mythes", "moby")  # forward tables whose lists put close synonyms first


@lru_cache(maxsize=100_000)
def lemmas(phrase: str) -> tuple[str, ...]:
    """The phrase itself and its lemmatized forms (the last word lemmatized)."""
    head, _, last = phrase.rpartition(" ")
    out = [phrase]
    for forms in getAllLemmas(last).values():
        out += [f"{head} {f}".strip() for f in forms if f != last]
    return tuple(dict.fromkeys(out))


def synonym_ranks(lexicon, spun: str, original: str) -> dict[str, float]:
    """Reciprocal rank of the spun term in the original's synonym list (``rank_*``) and of the
    original in the spun term's list (``rrank_*``), per ranked source: spinners pick close,
    common synonyms, which these lists put first."""
    f = {}
    for src in RANKED:
        if src not in lexicon.sources:
            continue
        for name, a, b in (("rank", original, spun), ("rrank", spun, original)):
            lists = _lists(lexicon, src, a)
            best = min((row.index(t) for row in lists for t in lemmas(b) if t in row), default=None)
            if best is not None:
                f[f"{name}_{src}"] = 1.0 / (1 + best)
    return f


@lru_cache(maxsize=100_000)
def _lists(lexicon, source: str, term: str) -> tuple[tuple[str, ...], ...]:
    """The synonym lists of the term's forms (itself and lemmas) in one source."""
    return tuple(row for head in lemmas(term) if (row := _table(lexicon, source).get(head)))


@lru_cache(maxsize=16)
def _table(lexicon, source: str):
    return lexicon.thesaurus(source)


def arc_features(spun: tuple[str, ...], original: tuple[str, ...], sources, prior: float,
                 capitalized: bool, vectors, lexicon=None) -> dict[str, float]:
    """Context-free features of replacing ``spun`` by ``original`` (``vectors``: word vectors,
    for how close the two are in meaning; ``lexicon``: for synonym ranks)."""
    zs, zo = zipf(" ".join(spun)), zipf(" ".join(original))
    vs, vo = vectors.vector(spun), vectors.vector(original)
    f = {f"src_{s}": 1.0 for s in sources}
    if lexicon is not None:
        f.update(synonym_ranks(lexicon, " ".join(spun), " ".join(original)))
    f.update(
        n_sources=float(len(sources)),
        log_prior=math.log(max(prior, 1e-6)),
        zipf_spun=zs,
        zipf_orig=zo,
        zipf_gain=zo - zs,
        rare_orig=float(zo < 3.0),
        len_spun=float(len(spun)),
        len_diff=float(len(original) - len(spun)),
        capitalized=float(capitalized),
        synonymy=float(vs @ vo) if vs is not None and vo is not None else 0.0,
        bias=1.0,
    )
    return f


def count_swaps(edits, counts: dict[str, dict[str, float]] | None = None
                ) -> dict[str, dict[str, float]]:
    """Each proposed swap's expected count (its confidence) added to ``counts``, by spun and
    restored words (normalized)."""
    counts = {} if counts is None else counts
    for e in edits:
        add_count(counts, swap_key(e.spun), swap_key(e.restored), e.confidence)
    return counts


def add_count(counts: dict[str, dict[str, float]], spun: str, original: str, n: float) -> None:
    """``n`` more of the swap ``original`` → ``spun`` in ``counts`` (as ``Channel.pairs``)."""
    row = counts.setdefault(spun, {})
    row[original] = row.get(original, 0.0) + n


def frequent(counts: dict[str, dict[str, float]], min_count: float = MIN_COUNT, keep=()
             ) -> dict[str, dict[str, float]]:
    """The rows of spun terms whose swaps add up to ``min_count`` or more (and those in
    ``keep``): swaps a spinner made again and again."""
    return {s: row for s, row in counts.items() if s in keep or sum(row.values()) >= min_count}


def swap_key(words: str) -> str:
    return " ".join(normalize(words).split())


@dataclass
class Channel:
    """Learned weights; ``potential`` + ``lm_weight`` * LM delta = log-odds of the edit."""

    weights: dict[str, float] = field(default_factory=dict)
    lm_weight: float = 1.0
    threshold: float = 0.5  # default min confidence, tuned for F0.5
    pairs: dict[str, dict[str, float]] = field(default_factory=dict)  # learned swap counts
    pair_weight: float = 0.0
    path_bias: float = 0.0  # log-odds added to every change in the lattice (recall for trees)
    trees: TreeEnsemble | None = None  # confidence of decoded edits, from all their evidence
    meta: dict = field(default_factory=dict)

    def potential(self, feats: dict[str, float]) -> float:
        w, total = self.weights, 0
        for k, v in feats.items():  # a loop: the hottest line of the engine
            total += w.get(k, 0.0) * v
        return total

    def with_pairs(self, extra: dict[str, dict[str, float]]) -> Channel:
        """A copy that has learned ``extra`` swap counts on top of its own pairs."""
        pairs = {s: dict(row) for s, row in self.pairs.items()}
        for s, row in extra.items():
            for o, n in row.items():
                add_count(pairs, s, o, n)
        return replace(self, pairs=pairs, pair_weight=self.pair_weight or PAIR_WEIGHT)

    def adapted(self, spun: str, original: str) -> float:
        """Bonus for pairs learned from a spinner's own output (``despin learn``)."""
        n = self.pairs.get(spun, {}).get(original, 0.0)
        return self.pair_weight * math.log1p(n)

    def logodds(self, potential: float, lm_delta: float) -> float:
        return potential + self.lm_weight * lm_delta

    def confidence(self, potential: float, lm_delta: float) -> float:
        return sigmoid(self.logodds(potential, lm_delta))

    # -- persistence ------------------------------------------------------
    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "weights": self.weights,
            "lm_weight": self.lm_weight,
            "threshold": self.threshold,
            "pairs": self.pairs,
            "pair_weight": self.pair_weight,
            "path_bias": self.path_bias,
            "trees": self.trees.to_json() if self.trees else None,
            "meta": self.meta,
        }

    def save(self, path: str | Path) -> None:
        from despin.io import atomic_write_text

        atomic_write_text(Path(path), json.dumps(self.to_json(), indent=1, sort_keys=True))

    @classmethod
    def load(cls, path: str | Path | None = None) -> Channel:
        """Load a channel file (default: the one shipped with the package)."""
        if path is None:
            data = json.loads(resources.files("despin.data").joinpath("channel.json").read_text())
        else:
            try:
                data = json.loads(Path(path).read_text())
            except (OSError, ValueError) as e:
                raise ValueError(f"{path}: cannot read channel file ({e})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{path or 'channel.json'}: not a {FORMAT} channel file")
        return cls(
            weights=data["weights"],
            lm_weight=data["lm_weight"],
            threshold=data["threshold"],
            pairs=data.get("pairs", {}),
            pair_weight=data.get("pair_weight", 0.0),
            path_bias=data.get("path_bias", 0.0),
            trees=TreeEnsemble.from_json(data["trees"]) if data.get("trees") else None,
            meta=data.get("meta", {}),
        )
