"""Behaviour of the restore/detect engine: preservation, offsets, thresholds, clean text."""

import pickle
import re

import pytest

import despin
from despin.edits import apply_edits
from despin.evaluation import load_heldout
from despin.lm import article
from despin.spin import Spinner

WORD = re.compile(r"[a-z]+")
CLEAN = [
    "The committee will meet on Tuesday to discuss the budget for next year.",
    "She said the results were better than expected and thanked her team.",
    "We measured the temperature of each sample twice and report the mean.",
    "lol i think the new update broke my phone, anyone else having this problem??",
    "In my country many people is going to university after they finish the school.",
    "The river flows north through the valley before it reaches the sea.",
    "Net profit rose 12 pct to 1.5 billion dlrs, the company said on Tuesday.",
    "The Farm Credit System lost 2.7 billion dlrs last year.",
]

SPUN = (
    "The officials stated on Monday that the brand new policy would assist "
    "thousands and thousands of households, in line with the report."
)


@pytest.fixture(scope="module")
def engine():
    return despin.Despinner()


def test_clean_sentences_get_no_edits(engine):
    for text in CLEAN:
        assert engine.restore(text).edits == [], text


def test_restore_preserves_everything_outside_edits(engine):
    text = "  " + SPUN.replace(" ", "  ", 3) + "\n\n\tSecond line — “quoted” text.\n"
    r = engine.restore(text, min_confidence=0.0)
    assert r.text == apply_edits(text, r.edits)
    pos = 0
    for e in r.edits:
        assert text[e.offset : e.offset + e.length] == e.spun
        assert text[pos : e.offset] in r.text
        pos = e.offset + e.length


def test_offsets_count_code_points_with_emoji_cjk_rtl(engine):
    prefix = "😀👍🏽 漢字テキスト שלום עולם "
    r1 = engine.restore(SPUN, min_confidence=0.0)
    r2 = engine.restore(prefix + SPUN, min_confidence=0.0)
    assert [(e.offset + len(prefix), e.restored) for e in r1.edits] == [
        (e.offset, e.restored) for e in r2.edits
    ]
    for e in r2.edits:
        assert (prefix + SPUN)[e.offset : e.offset + e.length] == e.spun


def test_threshold_is_monotone(engine):
    text = Spinner(preset="spinbot", seed=3).spin(
        "The police said the new law will help thousands of people find work."
    ).text
    kept = [
        {(e.offset, e.restored) for e in engine.restore(text, min_confidence=t).edits}
        for t in (0.0, 0.3, 0.6, 0.9)
    ]
    assert all(a >= b for a, b in zip(kept, kept[1:]))


def test_restores_typical_spinner_swaps(engine):
    r = engine.restore(SPUN)
    restored = {e.spun.lower(): e.restored.lower() for e in r.edits}
    assert restored.get("stated") == "said"
    assert all(e.confidence >= engine.min_confidence for e in r.edits)


def test_replacements_keep_the_input_casing(engine):
    r = engine.restore("Stated simply, the plan failed.", min_confidence=0.0)
    for e in r.edits:
        assert e.restored[0].isupper() == e.spun[0].isupper()


@pytest.mark.parametrize("spun, edit", [
    ("The board held an encountering with the mayor to discuss the budget.",
     ("an encountering", "a meeting")),
    ("An encountering with the mayor was held to discuss the budget.",
     ("An encountering", "A meeting")),
])
def test_an_article_before_a_restored_word_is_made_to_agree(engine, spun, edit):
    assert edit in [(e.spun, e.restored) for e in engine.restore(spun, gate=0).edits]


def test_restored_words_never_follow_the_wrong_article(engine):
    spinner, checked = Spinner(preset="rewriter", rate=0.3), 0
    for doc in load_heldout(["news"], "test")[:20]:
        spun = spinner.spin(doc.text).text
        for e in engine.restore(spun, min_confidence=0.0, gate=0).edits:
            m = re.search(r"\b(an?) $", spun[: e.offset], re.IGNORECASE)
            first = e.restored.split()[0].lower()
            if m and WORD.fullmatch(first):
                checked += 1
                assert m.group(1).lower() == article(first), e
    assert checked


def test_listed_tortured_phrases_are_restored_with_their_casing(engine):
    r = engine.restore("Papers on counterfeit consciousness train a Convolutional Neural "
                       "Organization on the data.")
    assert "artificial intelligence" in r.text
    assert "Convolutional Neural Network" in r.text  # cased word by word
    kinds = {e.spun: e.kind for e in r.edits}
    assert kinds["counterfeit consciousness"] == kinds["Neural Organization"] == "tortured"


def test_listed_tortured_form_in_fluent_clean_text_is_kept(engine):
    assert engine.restore("The search engine company said profits rose.").edits == []
    # one list entry maps machine learning to "search engine", another expects search engines
    assert not engine._listed(("search", "engine"), "tortured")
    assert engine._listed(("counterfeit", "consciousness"), "tortured")


def test_detect_scores_spun_above_original(engine):
    original = (
        "The city council said on Friday that it would not raise taxes this year. "
        "Officials told reporters that the budget had been balanced by cutting costs, "
        "and that new projects would start in the spring. The mayor said the plan "
        "would help thousands of families and protect jobs across the region."
    )
    spun = Spinner(preset="spinbot", seed=1).spin(original).text
    d_spun, d_orig = engine.detect(spun), engine.detect(original)
    assert 0.0 <= d_orig.score < d_spun.score <= 1.0
    for s in d_spun.spans:
        assert spun[s.offset : s.offset + s.length] == s.text


def test_document_score_weighs_the_fast_screen(engine):
    text = " ".join(CLEAN)
    wary = despin.Despinner(screener=_wary(engine.screener, 3.0))
    assert wary.detect(text).score > engine.detect(text).score


def test_detector_scores_each_spinner_with_the_screen_that_never_saw_it(engine):
    from despin.channel.train import fit_detector

    spun = [Spinner(preset="spinbot", seed=k).spin(t).text for k, t in enumerate(CLEAN)]
    own = fit_detector(engine, {"spinbot": spun}, CLEAN)
    # a screen that finds the spun texts more (or less) spun than its own does
    sure, blind = (fit_detector(engine, {"spinbot": spun}, CLEAN,
                                {"spinbot": _wary(engine.screener, bias)}) for bias in (5.0, -5.0))
    assert sure.weights["screen"] > own.weights["screen"] > 0 > blind.weights["screen"]
    assert sure.threshold >= 0.5


def test_detector_threshold_clears_the_held_out_clean_scores(engine):
    from despin.channel.train import fit_detector

    spun = [Spinner(preset="spinbot", seed=k).spin(t).text for k, t in enumerate(CLEAN)]
    # half the "clean" texts look spun: the threshold must rise above them as allowed
    clean = CLEAN[:4] + [Spinner(preset="wordai", seed=9).spin(t).text for t in CLEAN[4:]]
    wary, some, lax = (fit_detector(engine, {"spinbot": spun}, clean, max_fpr=f)
                       for f in (0.0, 0.2, 0.5))
    assert wary.weights == lax.weights
    assert wary.threshold > some.threshold > lax.threshold >= 0.5


def _wary(screen, bias: float):
    """A new fast screen whose log-odds are ``bias`` higher for every text (a copy would be
    the loaded screen itself: a screen copies and pickles as its file)."""
    from despin.detector.screen import Screen

    wary = Screen(screen.words, screen.arrays, screen.model)
    wary.weights = wary.weights.copy()
    wary.weights[-1] += bias
    return wary


def test_engine_pickles_for_workers(engine):
    clone = pickle.loads(pickle.dumps(engine))
    assert clone.restore(SPUN).to_json() == engine.restore(SPUN).to_json()


def test_module_level_api():
    assert despin.restore(SPUN).text == despin.Despinner().restore(SPUN).text
    assert despin.detect(CLEAN[0]).label in {"spun", "clean"}


def test_long_text_is_decoded_in_pieces_with_right_offsets(engine, monkeypatch):
    import despin.engine

    monkeypatch.setattr(despin.engine, "PIECE_CHARS", 150)
    text = "\n".join(f"{i} 😀 {SPUN}" for i in range(6)) + "\n"
    r = engine.restore(text, min_confidence=0.0)
    assert len({e.offset // len(SPUN) for e in r.edits}) > 1  # edits from several pieces
    assert r.text == apply_edits(text, r.edits)
    for e in r.edits:
        assert text[e.offset : e.offset + e.length] == e.spun


def test_restore_leaves_a_long_text_under_the_gate_alone(engine):
    from dataclasses import replace

    long_spun = " ".join([SPUN] * 8)  # 150+ words
    gated = despin.Despinner(scorer=replace(engine.scorer, gate=1.01))  # every score is under
    assert engine.restore(long_spun).edits
    assert gated.restore(long_spun).edits == []
    assert gated.detect(long_spun).spans == []
    # a short text's gate shrinks with its length: 20 words, a fifth of it
    assert not despin.detector.gated(0.07, 20, 0.3) and despin.detector.gated(0.07, 200, 0.3)
    assert despin.detector.gated(0.07, 20, 0.3 * 5.1) and not despin.detector.gated(0.07, 0, 1.0)
    assert gated.restore(long_spun, gate=0.0).edits == engine.restore(long_spun).edits


def test_threshold_and_gate_are_tuned_together():
    from despin.channel.train import GATES, best_setting

    spun = (0.9, 300, [(0.8, True), (0.7, True), (0.6, False)], 3)
    clean = (0.12, 300, [(0.8, False), (0.7, False)], 0)
    short_clean = (0.05, 50, [(0.8, False), (0.7, False)], 0)  # gated under half the gate
    threshold, gate = best_setting([spun, clean])
    assert gate == max(GATES) and 0.6 < threshold <= 0.7  # the highest of the gates tied at best
    assert best_setting([spun, short_clean])[1] > 0.1
    assert best_setting([spun, short_clean[:1] + (5,) + short_clean[2:]])[1] == 0.0  # 5 words


def test_detect_threshold_moves_the_label_only(engine):
    text = " ".join(CLEAN)
    default, low, high = (engine.detect(text, threshold=t) for t in (None, 0.0, 1.0))
    assert default.score == low.score == high.score and default.spans == low.spans
    assert (low.label, high.label) == ("spun", "clean")
    assert default.label == ("spun" if default.score >= engine.scorer.threshold else "clean")
    fast = [engine.screen(text, threshold=t) for t in (0.0, 1.0)]
    assert [d.label for d in fast] == ["spun", "clean"]


def test_analyze_is_detect_and_restore_in_one_pass(engine):
    text = " ".join([SPUN] * 8)
    assert engine.analyze(text) == (engine.detect(text), engine.restore(text))


def test_text_the_screen_finds_clean_is_not_decoded(engine, monkeypatch):
    decoded = []
    propose = engine.propose
    monkeypatch.setattr(engine, "propose", lambda text, tokens: decoded.append(text) or propose(
        text, tokens))
    clean, spun = " ".join(CLEAN), " ".join([SPUN] * 8)
    assert engine.screener.score(clean) < engine.prescreen < engine.screener.score(spun)
    found = engine.detect(clean)
    assert decoded == [] and found.label == "clean" and engine.restore(clean).text == clean
    assert found.score == engine.scorer.score([], 0, engine.screener.logits([clean])[0])
    engine.restore(spun)
    engine.restore(clean, gate=0.0)  # restores every text: decodes every text
    monkeypatch.setattr(engine, "prescreen", 0.0)
    engine.detect(clean)
    assert decoded == [spun, clean, clean]
    assert pickle.loads(pickle.dumps(engine)).prescreen == 0.0


def test_precomputed_candidates_are_what_the_engine_computes(engine):
    """The shipped table of the commonest words' candidates must hold what the engine would
    compute (rebuild it with data/build_spans.py whenever the lexicon or channel changes); an
    engine with another channel computes its own."""
    from dataclasses import replace

    from wordfreq import top_n_list

    def rounded(options):
        return [(o[0], o[1], o[3], o[5], round(o[2], 12), round(o[4], 9)) for o in options]

    words = [(w,) for w in top_n_list("en", 50_000)[::500] if w.isalpha()]
    held = [(w, cap) for w in words for cap in (False, True)
            if engine.spans.get(w, cap) is not None]
    assert len(held) > 0.9 * 2 * len(words)
    pairs = [tuple(p.split()) for p in list(engine.web.pairs)[::1000]]
    held_pairs = [(p, cap) for p in pairs for cap in (False, True)
                  if engine.spans.get(p, cap) is not None]
    assert len(held_pairs) > 10
    for w, cap in held + held_pairs:
        assert rounded(engine.spans.get(w, cap)) == rounded(engine._computed(w, cap)), w
    for p, cap in held_pairs:
        assert engine.spans.get(p, cap)  # pairs without candidates are left out
    other = replace(engine.channel, weights={**engine.channel.weights, "bias": 0.0})
    assert despin.Despinner(channel=other).spans is None


def test_precomputed_candidates_need_the_engines_rules(engine, monkeypatch):
    """A table built under other candidate rules (width, ranking) is not used."""
    from despin import engine as E

    width, version = E.OPTION_RULES
    monkeypatch.setattr(E, "OPTION_RULES", (width + 1, version))
    assert despin.Despinner().spans is None
    monkeypatch.setattr(E, "OPTION_RULES", (width, version))
    assert despin.Despinner().spans is not None


def test_engine_without_precomputed_candidates_restores_the_same(engine, tmp_path):
    from despin.channel.spans import SpanTable

    assert SpanTable.load(tmp_path / "missing.npz") is None
    bare = despin.Despinner()
    bare.spans = None
    text = " ".join([SPUN] * 3)
    assert [(e.offset, e.restored) for e in bare.restore(text).edits] == \
        [(e.offset, e.restored) for e in engine.restore(text).edits]


def test_each_arc_knows_its_margin_over_the_other_originals_of_its_span(engine):
    from despin.engine import RIVAL_FLOOR

    tokens = engine.tokenize(SPUN)
    (_, _, arcs, features), *_ = engine.lattices(SPUN, tokens)
    engine.score(arcs, features)  # prunes; every arc's evidence is set first
    spans: dict = {}
    for a in arcs:
        z = a.potential + engine.channel.lm_weight * a.evidence["lm_delta"]
        spans.setdefault((a.start, a.end), []).append((z, a.evidence["odds_margin"]))
    assert any(len(g) > 1 for g in spans.values())
    for group in spans.values():
        zs = sorted(z for z, _ in group)
        for z, margin in group:
            rival = max([y for y in zs if y != z] or [RIVAL_FLOOR]) if z == zs[-1] else zs[-1]
            assert margin == pytest.approx(z - rival)
        assert sum(m > 0 for _, m in group) <= 1


@pytest.mark.parametrize("spun", ["stated", "battle", "in opposition to", "profound learning"])
def test_candidate_pruning_keeps_exactly_the_best(spun):
    """Candidates are scored best-first and cut early; the result must equal scoring every
    candidate in full and keeping the best SPAN_WIDTH by channel log-odds plus the LM's gain
    out of context."""
    from despin import engine as E
    from despin.channel import arc_features

    eng = E.Despinner()
    words, ch = tuple(spun.split()), eng.channel
    full = []
    for c in eng.lexicon.lookup(spun):
        if not E.plausible_swap(spun, c.original, c.sources):
            continue
        orig = tuple(c.original.split())
        p = ch.potential(arc_features(words, orig, c.sources, c.prior, False, eng.vectors,
                                      eng.lexicon))
        kind = E._kind(c.sources, words, orig)
        if eng._listed(words, kind):
            p = max(p, E.TORTURED_LOGODDS)
        if p + E.lift(ch) >= E.PRUNE_LOGODDS:
            gain = ch.lm_weight * (eng._unigram(orig) - eng._unigram(words))
            full.append((orig, round(p, 9), p + gain))
    full.sort(key=lambda o: -o[2])
    got = [(o[0], round(o[4], 9)) for o in eng.options(words, False)]
    assert got == [o[:2] for o in full[: E.SPAN_WIDTH]] and got


@pytest.mark.parametrize("spun, original, plausible", [
    ("stated", "said", True),
    ("century", "hundred", True),  # the same magnitude
    ("billion", "million", False),  # would change the number
    ("pct", "percent", False),  # an abbreviation, not a synonym
    ("farm credit system", "fcs", False),  # initials
    ("ending", "end", True),
    ("defence", "defense", False),  # a spelling variant
])
def test_plausible_swap(spun, original, plausible):
    from despin.engine import plausible_swap

    assert plausible_swap(spun, original, frozenset({"moby"})) is plausible


@pytest.mark.parametrize("spun, original, other", [
    ("swim", "swimming", True),  # the last consonant doubled
    ("township", "town", True),
    ("analytic", "analytical", True),
    ("ending", "end", True),
    ("warfare", "war", False),  # a compound
    ("sec", "second", False),  # a clipping
    ("stated", "said", False),
    ("serving to", "helping", False),
])
def test_other_form(spun, original, other):
    from despin.engine import other_form

    assert other_form(tuple(spun.split()), tuple(original.split())) is other


def test_no_fix_only_changes_the_form_of_a_word(engine, monkeypatch):
    """The decoder may choose another form of a spun word (the lattice keeps them, as the
    channel and trees learned with them): such a choice never becomes an edit, and the other
    edits stay as they are."""
    from despin import engine as E

    other = E.other_form
    doc = load_heldout(["news"], "test", 1)[0].text
    text = Spinner(preset="rewriter", seed=0).spin(doc).text
    kept = engine.edits(text)[0]
    monkeypatch.setattr(E, "other_form", lambda spun, original: False)
    every = engine.edits(text)[0]
    forms = [e for e in every if other(*(tuple(x.lower().split()) for x in (e.spun, e.restored)))]
    assert forms and kept == [e for e in every if e not in forms]


def test_swaps_repeated_in_a_text_are_learned_for_it(engine):
    """A spinner swaps every occurrence of a word it holds: the swaps proposed again and again
    in a text (as `despin learn` counts them) are learned for that text alone and it is decoded
    again, which makes them likelier; sentences without them keep their edits (their
    confidences may move: the trees weigh the text's density of edits); the engine keeps no
    trace of the text's swaps."""
    from despin.channel import count_swaps, frequent
    from despin.decode import sentences
    from despin.text import tokenize

    doc = load_heldout(["news"], "test", 1)[0].text
    text = Spinner(preset="spinbot", seed=0).spin(doc).text
    tokens = tokenize(text)
    plain = engine.propose(text, tokens, adapt=False)
    own = frequent(count_swaps(plain))
    adapted = engine.propose(text, tokens)
    mine = [(s, o) for s, row in own.items() for o in row]

    def count(edits):
        counts = count_swaps(edits)
        return sum(counts.get(s, {}).get(o, 0.0) for s, o in mine)

    assert mine and count(adapted) > count(plain)
    untouched = [(tokens[s].start, tokens[e - 1].end) for s, e in sentences(text, tokens)
                 if not any(f" {k} " in f" {' '.join(t.norm for t in tokens[s:e])} " for k in own)]

    def inside(edits, a, b):
        return [(e.offset, e.length, e.restored) for e in edits if a <= e.offset < b]

    assert untouched and all(inside(adapted, a, b) == inside(plain, a, b) for a, b in untouched)
    assert engine.propose(text, tokens, adapt=False) == plain and not engine.channel.pairs
    clean = tokenize(doc)  # a text that reads as clean learns nothing
    assert engine.document_score(doc, engine.propose(doc, clean), len(clean)) < 0.5
    assert engine.propose(doc, clean) == engine.propose(doc, clean, adapt=False)
    assert pickle.loads(pickle.dumps(despin.Despinner(adapt=False))).adapt is False
