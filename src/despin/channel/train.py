"""Learn the channel and the document scorer from simulated spinner output.

Clean training documents are spun by the simulator presets; every candidate arc the lexicon
proposes is labelled right (it restores a gold edit) or wrong, and a logistic model learns how
much each piece of evidence (lexicon sources, frequencies, the LM's preference) is worth. The
change threshold is then tuned for F0.5 on decoded output, and the document scorer is fit on
spun vs clean documents.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from despin.channel import (
    MIN_COUNT,
    PAIR_WEIGHT,
    Channel,
    add_count,
    arc_features,
    count_swaps,
    frequent,
    swap_key,
)
from despin.channel.trees import TreeEnsemble
from despin.detector import DocumentScorer, document_features, gated, tail_score
from despin.edits import Edit
from despin.evaluation.metrics import prf
from despin.text import tokenize

NEGATIVE_SAMPLE = 0.15  # share of wrong candidate arcs kept for fitting the channel
DETECT_MAX_FPR = 0.005  # clean training documents the detector may call spun (half
# the 1% target: a margin for clean text unlike the training genres)
FOLD_REPEATS = 5  # shuffles of the detector's folds whose held-out clean scores are averaged
DETECT_RATES = (0.1, 0.2)  # the detector learns from light and heavy spinning alike
PATH_BIAS = 1.0  # extra log-odds for changes while decoding; the trees then filter
GATES = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)  # document gates tried with the threshold


@dataclass
class Sample:
    """One spun document with its gold edits (offsets in the spun text)."""

    text: str
    gold: list[Edit] = field(default_factory=list)


def spun_samples(docs: Sequence[str], presets: Iterable[str], rate: float, seed: int) -> list[Sample]:
    from despin.spin import Spinner

    out = []
    for k, preset in enumerate(presets):
        spinner = Spinner(preset=preset, rate=rate, seed=seed + k)
        for doc in docs:
            res = spinner.spin(doc)
            out.append(Sample(res.text, list(res.edits)))
    return out


def _gold_map(gold: Sequence[Edit]) -> dict[tuple[int, int], str]:
    return {(e.offset, e.offset + e.length): swap_key(e.restored) for e in gold}


def arc_rows(despinner, samples: Sequence[Sample], keep_negatives: float = NEGATIVE_SAMPLE,
             seed: int = 0) -> tuple[list[dict], list[int], list[float]]:
    """Features (with the LM delta in the observed context), labels and sample weights of the
    candidate arcs; wrong arcs are subsampled (and up-weighted) to keep training fast."""
    rng = random.Random(seed)
    rows, labels, weights = [], [], []
    for smp in samples:
        gold = _gold_map(smp.gold)
        tokens = tokenize(smp.text)
        for s, _, arcs, features in despinner.lattices(smp.text, tokens):
            for a, f in zip(arcs, features):
                span = (tokens[s + a.start].start, tokens[s + a.end - 1].end)
                label = int(gold.get(span) == " ".join(a.words))
                if not label and rng.random() >= keep_negatives:
                    continue
                f.update(arc_features(a.spun, a.words, a.sources, a.prior, a.capitalized,
                                      despinner.vectors, despinner.lexicon))
                rows.append(f)
                labels.append(label)
                weights.append(1.0 if label else 1.0 / keep_negatives)
    return rows, labels, weights


def fit_logistic(rows: Sequence[dict], labels: Sequence[int], weights=None,
                 c: float = 1.0) -> dict[str, float]:
    """Weights (including ``bias``) of an L2 logistic regression over dict features."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=c, max_iter=3000, fit_intercept=False)
    model.fit(x, labels, sample_weight=weights)
    return {k: float(w) for k, w in zip(vec.feature_names_, model.coef_[0], strict=True)}


def fit_channel(despinner, samples: Sequence[Sample]) -> Channel:
    rows, labels, sample_weights = arc_rows(despinner, samples)
    weights = fit_logistic(rows, labels, sample_weights)
    lm_weight = weights.pop("lm_delta", 1.0)
    return Channel(weights=weights, lm_weight=lm_weight,
                   meta={"arcs": len(rows), "positives": int(sum(labels))})


def edit_counts(proposed: Sequence[Edit], gold: Sequence[Edit]) -> list[tuple[float, bool]]:
    """(confidence, correct) for each proposed edit against the gold edits."""
    g = _gold_map(gold)
    return [(e.confidence, g.get((e.offset, e.offset + e.length)) == swap_key(e.restored))
            for e in proposed]


def best_setting(docs: Sequence[tuple[float, int, list, int]], beta: float = 0.5
                 ) -> tuple[float, float]:
    """The (edit threshold, document gate) that maximize F-beta of the kept edits over ``docs``:
    (document score, words, [(confidence, correct)], gold edits) each; a gated document keeps
    no edit. No gate when none helps; when several gates do equally well (spun and clean
    documents far apart), the highest: a wrong fix costs more than a missed one, and unseen
    clean text scores higher than the training's, spun text far above every gate."""
    n_gold = sum(d[3] for d in docs)
    best: dict[float, tuple[float, float]] = {}  # gate -> (F-beta, threshold)
    for gate in GATES:
        scored = [e for score, words, edits, _ in docs if not gated(score, words, gate)
                  for e in edits]
        for t in np.linspace(0.3, 0.99, 70).round(2).tolist():
            tp = sum(ok for c, ok in scored if c >= t)
            fp = sum(not ok for c, ok in scored if c >= t)
            f = prf(tp, fp, n_gold - tp, beta)[f"f{beta:g}".replace(".", "")]
            if f > best.get(gate, (-1.0,))[0]:
                best[gate] = (f, t)
    top = max(f for f, _ in best.values())
    tied = [g for g in GATES if best[g][0] >= top - 1e-9]
    gate = 0.0 if 0.0 in tied else tied[-1]
    return best[gate][1], gate


def tune_threshold(despinner, docs: Sequence[str], presets: Sequence[str], rate: float,
                   seed: int, clean: Sequence[str] = ()) -> float:
    """Set the channel's threshold and the scorer's gate for F0.5 over the spun copies of
    ``docs`` AND as many clean originals, and ``clean`` texts as often (users screen mostly
    clean text: a fix there is an error too)."""
    def row(smp: Sample) -> tuple[float, int, list, int]:
        edits, words = despinner.edits(smp.text)
        score = despinner.document_score(smp.text, edits, words)
        return score, words, edit_counts(edits, smp.gold), len(smp.gold)

    rows = [row(smp) for smp in spun_samples(docs, presets, rate, seed)]
    rows += [row(Sample(d)) for d in [*docs, *clean]] * len(presets)
    despinner.channel.threshold, despinner.scorer.gate = best_setting(rows)
    return despinner.channel.threshold


def fit_detector(despinner, spun: Mapping[str, Sequence[str]], clean: Sequence[str],
                 folds: Mapping | None = None, max_fpr: float = DETECT_MAX_FPR,
                 k: int = 5) -> DocumentScorer:
    """A logistic document scorer from ``spun`` texts (by spinner) against ``clean`` ones
    (classes weighted equally). A spinner's texts get the fast screen's log-odds from its
    screen in ``folds``, which never saw that spinner (as an unseen spinner's would be). The
    "spun" threshold keeps false positives at ``max_fpr`` or below (never under 0.5) on the
    clean texts, each scored by models fit on the other ``k`` - 1 parts of the data (scores
    of texts a model was fit on run low), averaged over FOLD_REPEATS shuffles of the parts."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    folds = folds or {}
    groups = [(1, texts, folds.get(name, despinner.screener)) for name, texts in spun.items()]
    rows, labels = [], []
    for label, texts, screener in [*groups, (0, clean, despinner.screener)]:
        for text, z in zip(texts, screener.logits(texts).tolist()):
            tokens = tokenize(text)
            rows.append(document_features(despinner.propose(text, tokens), len(tokens), z))
            labels.append(label)

    def fitted(idx) -> DocumentScorer:
        y = [labels[i] for i in idx]
        weight = sum(y) / max(1, len(y) - sum(y))  # classes weighted equally
        return DocumentScorer(fit_logistic([rows[i] for i in idx], y,
                                           [1.0 if v else weight for v in y]), 0.5)

    scorer = fitted(range(len(rows)))
    k = min(k, sum(labels), len(labels) - sum(labels))
    # each clean text's score is its mean over FOLD_REPEATS shuffles of the folds: the
    # threshold is a far tail, and one shuffle moved it by up to 0.06
    parts = RepeatedStratifiedKFold(n_splits=k, n_repeats=FOLD_REPEATS, random_state=0).split(
        rows, labels) if k > 1 else ()
    held_out: dict[int, list[float]] = {}
    for fit, held in parts:
        model = fitted(fit)
        for i in held:
            if not labels[i]:
                held_out.setdefault(i, []).append(model.score_features(rows[i]))
    clean_scores = sorted(sum(v) / len(v) for v in held_out.values())
    if clean_scores:
        scorer.threshold = max(0.5, round(tail_score(clean_scores, max_fpr) + 1e-4, 4))
    return scorer


def chunks(text: str, words: int = 300) -> list[str]:
    """Split a document into pieces of about ``words`` words at line or sentence ends."""
    out, cur, n = [], [], 0
    for line in text.splitlines(keepends=True):
        cur.append(line)
        n += len(line.split())
        if n >= words:
            out.append("".join(cur))
            cur, n = [], 0
    if n >= words / 3:
        out.append("".join(cur))
    return out


def heldout_training_docs(per_genre: int, join: int = 4) -> list[str]:
    """The first ``per_genre`` TRAIN-split documents of each held-out genre, ``join`` at a time
    concatenated into article-length texts (so document-level evidence, like a word repeated
    across a text, has the range it has in real articles), genres interleaved so every part
    used by :func:`train` sees every genre."""
    from despin.evaluation import load_heldout

    docs: dict[str, list[str]] = {}
    for d in load_heldout(None, "train", per_genre):
        docs.setdefault(d.genre, []).append(d.text)
    long = [["\n".join(g[i : i + join]) for i in range(0, len(g), join)] for g in docs.values()]
    return [d for row in zip(*long) for d in row]


def trained(presets: Sequence[str], per_genre: int, rate: float = 0.2, seed: int = 0):
    """A Despinner whose channel, scorer and fast screen are learned from ``presets`` alone."""
    from despin.detector.screen import Screen
    from despin.engine import Despinner

    shipped = Screen.load()  # its word tables; its spinner evidence is learned anew
    screener, folds = fit_screen(shipped.words, shipped.arrays, shipped.model["log_total"],
                                 presets, rate, seed)
    despinner = Despinner(channel=initial_channel(), scorer=DocumentScorer({}, 0.5),
                          screener=screener)
    train(despinner, heldout_training_docs(per_genre), presets, rate, seed, folds)
    return despinner


def fit_screen(words, arrays, log_total: float, presets: Sequence[str], rate: float = 0.2,
               seed: int = 0):
    """A fast screen over the word tables ``words``/``arrays`` (see
    :func:`despin.detector.screen.tables`), fit on every held-out TRAIN document and its copies
    spun by each of ``presets``; with its cross-fitting screen per preset."""
    from despin.detector.screen import trained as screen_trained
    from despin.evaluation import load_heldout

    docs = [d.text for d in load_heldout(None, "train")]
    spun = {p: spun_samples(docs, [p], rate, seed + k) for k, p in enumerate(presets)}
    return screen_trained(words, arrays, log_total, docs, spun)


def edit_rows(despinner, samples: Sequence[Sample]) -> tuple[list[dict], list[int]]:
    """Evidence and correctness of every decoded edit (for the confidence trees)."""
    rows, labels = [], []
    for smp in samples:
        gold = _gold_map(smp.gold)
        tokens = tokenize(smp.text)
        decoded = despinner.decode_document(smp.text, tokens)
        rows += despinner.edit_features(decoded, len(tokens))
        for s, a in decoded:
            span = (tokens[s + a.start].start, tokens[s + a.end - 1].end)
            labels.append(int(gold.get(span) == " ".join(a.words)))
    return rows, labels


def train(despinner, docs: Sequence[str], presets: Sequence[str], rate: float = 0.2,
          seed: int = 0, folds: Mapping | None = None) -> tuple[Channel, DocumentScorer]:
    """Learn a channel (linear lattice weights, then confidence trees over decoded edits), its
    F0.5 threshold and a document scorer from ``docs`` spun by ``presets``; three disjoint
    thirds of the documents serve the three fits. The document scorer also learns from every
    TRAIN-split document as clean text (the five genres' and OTHER genres', so that its
    threshold is set on varied clean text), and from spinning at each of DETECT_RATES of the
    last third and of as many OTHER documents (so that genre tells it nothing), whose clean
    text the restore threshold and gate are also tuned on; ``folds``: per preset, a fast
    screen that never saw it (:func:`fit_screen`)."""
    from despin.evaluation import GENRES, OTHER, load_heldout

    adapt, despinner.adapt = despinner.adapt, False  # the fits see each text decoded once
    third = len(docs) // 3
    parts = docs[:third], docs[third : 2 * third], docs[2 * third :]
    despinner.channel = fit_channel(despinner, spun_samples(parts[0], presets, rate, seed))
    despinner.spans = None  # a shipped table fits these weights only if built by this code
    despinner.channel.path_bias = PATH_BIAS
    rows, labels = edit_rows(despinner, spun_samples(parts[1], presets, rate, seed + 100))
    despinner.channel.trees = TreeEnsemble.fit(rows, labels)
    despinner.channel.meta["tree_rows"] = len(rows)
    pieces = [c for d in parts[2] for c in chunks(d)]
    others = [d.text for d in load_heldout([OTHER], "train")]
    other = others[:: max(1, len(others) // max(1, len(pieces)))][: len(pieces)]  # spread out
    spun = {p: [s.text for r in DETECT_RATES
                for s in spun_samples(pieces + other, [p], r, seed + 300 + k)]
            for k, p in enumerate(presets)}
    clean = [d.text for d in load_heldout(list(GENRES), "train")] + others
    despinner.scorer = fit_detector(despinner, spun, clean, folds)
    tune_threshold(despinner, parts[2], presets, rate, seed + 200, other)
    despinner.channel.meta.update(presets=list(presets), rate=rate, docs=len(docs))
    despinner.min_confidence = despinner.channel.threshold
    despinner.adapt = adapt
    return despinner.channel, despinner.scorer


def initial_channel() -> Channel:
    """Hand-set starting weights, used only to build the first training lattice."""
    return Channel(weights={"bias": -4.0, "log_prior": 0.3, "zipf_gain": 0.5}, lm_weight=1.0,
                   threshold=0.5, meta={"initial": True})


def learn_pairs(despinner, pairs: Sequence, max_words: int = 4) -> Channel:
    """Learn a spinner's swaps from its output paired with the originals
    (:class:`despin.evaluation.Pair`): each aligned swap of at most ``max_words`` words a side
    counts once, and the engine then proposes it even where the lexicon has no such link."""
    ch = despinner.channel
    ch.pair_weight = ch.pair_weight or PAIR_WEIGHT
    counts = {s: dict(row) for s, row in ch.pairs.items()}
    for pair in pairs:
        for e in pair.edits:
            spun, original = swap_key(e.spun), swap_key(e.restored)
            if spun and original and max(len(spun.split()), len(original.split())) <= max_words:
                add_count(counts, spun, original, 1.0)
    ch.pairs = counts
    despinner.channel = ch  # drops the log-odds cached before these pairs
    ch.meta["learned_pairs"] = ch.meta.get("learned_pairs", 0) + len(pairs)
    return ch


def adapt(despinner, texts: Iterable[str], rounds: int = 2, min_count: float = MIN_COUNT,
          progress=None) -> Channel:
    """EM on unlabeled spun text: a spinner re-uses one dictionary, so swaps it made
    repeatedly become likely everywhere (``Channel.pairs``). Each round counts every proposed
    swap weighted by its confidence (its expected count; the decoder proposes only swaps it
    finds likely) and keeps the swaps of a spun term whose count reaches ``min_count``, on top
    of the swaps the channel has learned before (from pairs or an earlier run). Each text is
    decoded once, without learning its own swaps first: the corpus's counts are the evidence."""
    texts = list(texts)
    ch = despinner.channel
    ch.pair_weight = ch.pair_weight or PAIR_WEIGHT
    known = ch.pairs  # learned before (from pairs): kept under the counts of each round
    for _ in range(rounds):
        counts = {s: dict(row) for s, row in known.items()}
        for text in texts:
            count_swaps(despinner.propose(text, tokenize(text), adapt=False), counts)
            if progress:
                progress()
        ch.pairs = {s: {o: round(c, 3) for o, c in row.items()}
                    for s, row in frequent(counts, min_count, keep=known).items()}
        despinner.channel = ch  # drops the log-odds cached before these pairs
    ch.meta["adapted_on"] = len(texts)
    return ch
