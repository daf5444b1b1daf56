import math

import pytest

from despin.lm import (
    TOPIC_WIDTH,
    LanguageModel,
    WebCounts,
    WordVectors,
    agreeing,
    article,
    trigram_path,
    trigram_vocab,
)


@pytest.fixture(scope="module")
def lm():
    return LanguageModel.load()


def test_load_is_cached_and_vocabulary_is_web_size(lm):
    assert LanguageModel.load() is lm
    assert lm.vocab_size >= 200_000


def test_prefers_original_over_spun_in_context(lm):
    assert lm.logprob("said", ("he",)) > lm.logprob("stated", ("he",))
    assert lm.score(["white", "house"]) > lm.score(["white", "home"])
    assert lm.window_score(("<s>", "he"), ("told",), ("reporters",)) > lm.window_score(
        ("<s>", "he"), ("instructed",), ("reporters",)
    )


def test_history_matters_only_through_last_two_words(lm):
    assert lm.logprob("house", ("the", "white")) > lm.logprob("house", ("the",))
    assert lm.logprob("house", ("a", "the", "white")) == lm.logprob("house", ("the", "white"))
    assert lm.logprob("house", ["the", "white"]) == lm.logprob("house", ("the", "white"))


@pytest.mark.parametrize("word, expected", [
    ("game", "a"), ("amusement", "an"), ("hour", "an"), ("honest", "an"), ("university", "a"),
    ("one", "a"), ("user", "a"), ("euro", "a"), ("qzxvbnt", "a"), ("oqzxvbnt", "an"),
])
def test_article_follows_the_first_sound(word, expected):
    assert article(word) == expected


def test_agreeing_rewrites_only_an_indefinite_article_that_disagrees():
    from despin.text import tokenize

    an, a, the = tokenize("An a the")
    assert agreeing(an, "game") == "A" and agreeing(a, "hour") == "an"
    assert agreeing(an, "hour") is None and agreeing(the, "game") is None


def test_an_article_before_a_word_reads_as_the_one_it_takes(lm):
    # a spinner that swaps game for amusement writes "an amusement": the swap, not the
    # article, is what the models judge
    for word in ("game", "amusement"):
        assert lm.logprob(word, ("bought", "a")) == lm.logprob(word, ("bought", "an"))
    assert lm.logprob("game", ("bought", "an")) > lm.logprob("amusement", ("bought", "an"))
    web = WebCounts.load()
    assert web.score(("game",), "an", "for") == web.score(("game",), "a", "for")
    # one word further on, the article reads as the one the word between takes
    assert lm.logprob("park", ("an", "game")) == lm.logprob("park", ("a", "game"))
    assert lm.score(("game", "park"), ("an",)) == lm.score(("game", "park"), ("a",))


def test_unknown_word_is_finite_and_below_known_words(lm):
    unk = lm.logprob("qzxvbnt", ("the",))
    assert math.isfinite(unk)
    assert not lm.known("qzxvbnt")
    assert unk < lm.logprob("house", ("the",))
    # a rare word known only from web counts sits between the two
    web = lm.logprob("zwitterionic", ("the",))
    assert lm.known("zwitterionic") and unk < web < lm.logprob("house", ("the",))


def test_numbers_compounds_and_possessives_get_finite_scores(lm):
    assert math.isfinite(lm.logprob("2024", ("in",)))
    assert lm.logprob("2024", ("in",)) == lm.logprob("1999", ("in",))  # one number class
    assert lm.logprob("co-op", ()) == pytest.approx(lm.score(["co", "op"]))
    assert lm.logprob("u.s", ("the",)) == pytest.approx(lm.score(["u.", "s."], ("the",)))
    assert math.isfinite(lm.logprob("zwitterionic's", ()))


def test_window_score_is_the_sequence_score(lm):
    left, cand, right = ("killed",), ("thousands", "and", "thousands"), ("of", "people", "there")
    assert lm.window_score(left, cand, right) == pytest.approx(lm.score([*cand, *right[:2]], left))
    assert lm.window_score(left, ("millions",), right) > lm.window_score(left, cand, right)


@pytest.mark.parametrize("history", [(), ("<s>",), ("the", "white"), ("he", "qzxvbnt")])
def test_distribution_sums_to_one_over_trigram_words_plus_classes(lm, history):
    # Trigram words carry 1 - (num + web + unk mass); the classes carry the rest.
    vocab = set(trigram_vocab(trigram_path())) - {"<s>"}
    total = sum(math.exp(lm.logprob(w, history)) for w in vocab)
    rest = sum(math.exp(m) for m in (lm._log_num, lm._log_web, lm._log_unk))
    assert total + rest == pytest.approx(1.0, abs=2e-3)
    assert sum(map(math.exp, lm._web.values())) == pytest.approx(1.0, abs=1e-3)


def test_web_counts_prefer_the_original_in_its_slot():
    web = WebCounts.load()
    assert WebCounts.load() is web
    assert web.score(["said"], "he", "that") > web.score(["stated"], "he", "that")
    assert web.score(["aid"], "military", "to") > web.score(["help"], "military", "to")
    assert web.score(["millions"], "of") > web.score(["thousands", "and", "thousands"], "of")
    # an unseen pair backs off to the word: the rarer word scores lower, never an error
    assert web.score(["zzqx"], "the") < web.score(["house"], "the") < 0


def test_memos_stay_bounded_and_scores_do_not_change(monkeypatch):
    words = [f"{w}{i}" for i in range(4) for w in ("said", "zorbl", "troops")]  # new words
    slots = [(w, tuple(words[max(0, i - 2) : i])) for i, w in enumerate(words)]

    def scores(lm):
        return [(lm.logprob(w, hist), lm.window_score(hist, (w,))) for w, hist in slots]

    expected = scores(LanguageModel())
    monkeypatch.setattr("despin.lm.MEMO_MAX", 5)
    small = LanguageModel()
    assert scores(small) == expected
    memos = small._memo, small._window_memo, small._parts_memo, small._seen_memo
    assert all(0 < len(m) <= 5 for m in memos)


def test_topic_fit_prefers_the_word_of_the_topic():
    vectors = WordVectors.load()
    words = "the mayor told the city council that the budget vote would pass".split()
    topics = vectors.topics(words)
    city, metropolis, banana = (vectors.vector((w,)) for w in ("city", "metropolis", "banana"))
    fits = topics.fit(4, 5, [city, metropolis, banana, None])
    assert fits[0] > fits[1] > fits[2] > 0 and fits[3] == 0.0
    assert vectors.vector(("zzqxv",)) is None


def test_topic_context_is_the_words_within_reach_outside_the_span():
    vectors = WordVectors.load()
    city = vectors.vector(("city",))
    for gap, reached in ((TOPIC_WIDTH - 1, True), (TOPIC_WIDTH, False)):
        words = ["mayor", *["the"] * gap, "x"]  # "the" carries no topic
        assert (vectors.topics(words).fit(gap + 1, gap + 2, [city])[0] > 0) is reached
    assert vectors.topics(["mayor"]).fit(0, 1, [city]) == [0.0]  # the span itself is not context


def test_an_artifact_of_another_format_is_named_in_the_error(tmp_path):
    import numpy as np

    stale = tmp_path / "old_vectors.npz"
    np.savez(stale, version=99)
    with pytest.raises(RuntimeError, match=r"^old_vectors\.npz: format 99, expected 1; run `make vectors`$"):
        WordVectors(stale)
