import json

import pytest

from despin.edits import Edit, Restoration, apply_edits
from despin.evaluation import (
    GENRES,
    OTHER,
    SpansAsEdits,
    evaluate,
    gold_edits,
    load_heldout,
    load_pairs,
    spin_docs,
)
from despin.evaluation.metrics import calibration, edit_key, match_edits, match_spans, prf

SPUN = "The researchers stated that thousands and thousands of people benefit in the U.Okay. 😀"
ORIGINAL = "The researchers said that millions of people benefit in the U.K. 😀"


class Oracle:
    """Restores exactly the gold edits it is given (confidence 0.9); detects everything."""

    min_confidence = 0.5

    def __init__(self, gold, extra=()):
        self.gold, self.extra = gold, list(extra)

    def restore(self, text, min_confidence=None):
        edits = self.gold.get(text, []) + self.extra
        return Restoration(apply_edits(text, edits), edits)


class Identity:
    def restore(self, text):
        return Restoration(text, [])


def test_gold_edits_from_alignment_reproduce_the_original():
    edits = gold_edits(SPUN, ORIGINAL)
    assert apply_edits(SPUN, edits) == ORIGINAL
    assert [(e.spun, e.restored) for e in edits] == [
        ("stated", "said"),
        ("thousands and thousands", "millions"),
        ("U.Okay", "U.K"),
    ]


@pytest.mark.parametrize("spun, original, expected", [
    ("A funny cartoon in a week after week magazine.", "A comic strip in a weekly magazine.",
     [("funny", "comic", "word"), ("cartoon", "strip", "word"),
      ("week after week", "weekly", "phrase")]),
    # an article changed to agree joins the swap after it
    ("He bought an amusement for the kids and came home with a huge dog and an apple.",
     "He bought a game for the kids and came home with an enormous dog and an orange.",
     [("an amusement", "a game", "word"), ("a huge", "an enormous", "word"),
      ("apple", "orange", "word")]),
])
def test_gold_edits_split_equal_length_runs_into_word_swaps(spun, original, expected):
    edits = gold_edits(spun, original)
    assert apply_edits(spun, edits) == original
    assert [(e.spun, e.restored, e.kind) for e in edits] == expected


def test_edit_matching_is_span_granularity_and_case_insensitive():
    gold = Edit(17, 6, "stated", "said")
    assert match_edits([gold], [Edit(17, 6, "stated", "Said")]) == [True]
    assert match_edits([gold], [Edit(17, 6, "stated", "Said")], fold=False) == [False]
    assert match_edits([gold], [Edit(17, 6, "stated", "told")]) == [False]
    assert match_edits([gold], [Edit(16, 7, " stated", " said")]) == [True]  # same resulting text
    assert match_edits([gold], [Edit(18, 6, "stated", "said")]) == [False]  # wrong place
    assert edit_key(Edit(0, 6, "U.Okay", "U.K")) == (2, 4, "k")


def test_prf_span_and_calibration_on_hand_made_cases():
    assert prf(2, 2, 6) == {
        "tp": 2,
        "fp": 2,
        "fn": 6,
        "precision": 0.5,
        "recall": 0.25,
        "f05": pytest.approx(1.25 * 0.125 / (0.125 + 0.25)),
    }
    assert match_spans([(0, 5), (10, 3)], [(3, 4), (4, 1), (20, 2)]) == 1
    ece, bins = calibration([0.9, 0.9, 0.1, 0.1], [True, False, False, False])
    assert ece == pytest.approx(0.5 * 0.4 + 0.5 * 0.1)
    assert [b["count"] for b in bins] == [2, 2]


def test_identity_restorer_scores_recall_zero():
    docs = load_heldout(["news"], "test")[:2]
    rep = evaluate(Identity(), docs, preset="thesaurus", seed=1)
    assert rep.gold_edits > 0 and rep.restore["recall"] == 0.0 and rep.restore["tp"] == 0
    assert rep.detect == {} and rep.clean["edits_per_1k_words"] == 0.0


def test_oracle_scores_perfectly_and_false_positives_count():
    docs = load_heldout(["informal"], "test")[:2]
    pairs = spin_docs(docs, "spinbot", seed=2)
    gold = {p.spun: p.edits for p in pairs}
    rep = evaluate(Oracle(gold), pairs=pairs)
    assert rep.restore["precision"] == rep.restore["recall"] == 1.0
    assert all(v["recall"] == 1.0 for v in rep.by_kind.values())
    noisy = evaluate(Oracle(gold, [Edit(0, 0, "", "Hello ")]), pairs=pairs)
    assert noisy.restore["fp"] == len(pairs)
    assert noisy.restore["precision"] < 1.0 and noisy.clean["edits_per_1k_words"] > 0


def test_engine_report_shapes_and_split():
    import despin

    train, test = load_heldout(split="train"), load_heldout(split="test")
    assert {d.genre for d in test} == {"news", "science", "encyclopedic", "informal", "nonnative"}
    assert not {d.id for d in train} & {d.id for d in test}
    rep = evaluate(despin.Despinner(), test[:2], preset="wordai")
    out = rep.to_json()
    assert {"restore", "by_kind", "by_genre", "detect", "ece", "curve", "clean"} <= set(out)
    assert 0.0 <= out["detect"]["auroc"] <= 1.0


def test_other_genres_are_clean_text_apart_from_the_five():
    train, test = load_heldout([OTHER], "train"), load_heldout([OTHER], "test")
    assert len(test) >= 700 and len(train) >= 700
    assert not {d.id for d in train} & {d.id for d in test}
    assert not {d.genre for d in train + test} & set(GENRES)
    assert all(120 <= len(d.text.split()) <= 320 for d in test)
    assert not {d.text for d in test} & {d.text for d in load_heldout(split=None)}
    with pytest.raises(ValueError, match="unknown genre"):
        load_heldout(["poetry"])


def test_fast_screen_spans_score_as_edits(run_cli):
    from despin.detector.screen import Screen

    screen = Screen.load()
    pairs = spin_docs(load_heldout(["news", "informal"], "test", 3), "spinbot", None, 5)
    marked = [screen.detect(p.spun).spans for p in pairs]
    right = sum(sum(s.suggestion.lower() == g.restored.lower() for g in p.edits
                    if (g.offset, g.length) == (s.offset, s.length)) for p, spans in zip(pairs, marked)
                for s in spans)
    rep = evaluate(SpansAsEdits(screen), pairs=pairs).to_json()
    assert rep["threshold"] == screen.span_threshold
    assert rep["restore"]["tp"] + rep["restore"]["fp"] == sum(map(len, marked)) > 0
    assert rep["restore"]["tp"] == right > 0
    r = run_cli("eval", "--fast", "--preset", "spinbot", "--genre", "news", "--limit", "1", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["reports"][0]["threshold"] == screen.span_threshold


def test_load_pairs_errors(tmp_path):
    good = tmp_path / "p.jsonl"
    good.write_text(json.dumps({"spun": SPUN, "original": ORIGINAL}) + "\n\n", encoding="utf-8")
    [pair] = load_pairs(good)
    assert apply_edits(pair.spun, pair.edits) == ORIGINAL
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"spun": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:1: expected"):
        load_pairs(bad)


def test_cli_eval_json_pairs_and_plot(run_cli, tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"spun": SPUN, "original": ORIGINAL}) + "\n", encoding="utf-8")
    png = tmp_path / "pr.png"
    r = run_cli("eval", "--pairs", pairs, "--json", "--plot", png)
    assert r.returncode == 0, r.stderr
    [rep] = json.loads(r.stdout)["reports"]
    assert rep["gold_edits"] == 3 and rep["docs"] == 1
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = run_cli("eval", "--preset", "thesaurus", "--genre", "news", "--limit", "1")
    assert table.returncode == 0 and "thesaurus" in table.stdout and "F0.5" in table.stdout


@pytest.mark.parametrize(
    "args,code,msg",
    [
        (["--preset", "nope"], 2, "unknown preset"),
        (["--genre", "poetry"], 2, "unknown genre"),
        (["--split", "dev"], 2, "unknown split"),
        (["--plot", "x.pdf"], 2, ".png"),
        (["--pairs", "missing.jsonl"], 1, "no such file"),
    ],
)
def test_cli_eval_errors(run_cli, args, code, msg):
    r = run_cli("eval", *args)
    assert r.returncode == code and msg in r.stderr and "Traceback" not in r.stderr
