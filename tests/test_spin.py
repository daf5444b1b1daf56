import json
import re
from collections import defaultdict

import pytest

from despin.edits import apply_edits
from despin.evaluation import load_heldout
from despin.lm import INDEFINITE, article
from despin.spin import PRESETS, Spinner, spin

WORD = re.compile(r"[a-z]+")
KINDS = {"word", "phrase", "entity", "slip", "tortured"}
TEXT = (
    "The researchers said the new method helps doctors detect cancer earlier. According to the "
    "study, published on Tuesday in a U.K. journal, at least 3.5 million people could benefit.\n"
    "“We are very excited about these results,” said Dr. Zoë Müller 😀, director of the National "
    "Cancer Center in Zürich. The team also found that deep learning models performed better than "
    "traditional methods in most tests 🚀🚀. However, critics warned that military applications of "
    "artificial intelligence remain a serious concern, and officials said the government would "
    "review the rules. Residents said prices kept rising; analysts said the market was weak.\n"
) * 3


@pytest.mark.parametrize("preset", list(PRESETS))
def test_gold_edits_reproduce_the_original_with_exact_offsets(preset):
    res = Spinner(preset, seed=3).spin(TEXT)
    assert res.text != TEXT and res.edits
    assert apply_edits(res.text, res.edits) == TEXT
    for e in res.edits:
        assert res.text[e.offset : e.offset + e.length] == e.spun
        assert e.spun != e.restored and e.kind in KINDS


@pytest.mark.parametrize("rate", [0.1, 0.2, 0.3])
def test_rate_is_within_tolerance(rate):
    res = spin(TEXT, rate=rate, seed=1)
    assert abs(res.rate - rate) <= 0.02
    assert res.replaced == sum(
        len(e.restored.split()) for e in res.edits if e.kind != "slip"
    ) + sum(e.kind == "slip" for e in res.edits)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_an_indefinite_article_agrees_with_the_swap_after_it(preset):
    spinner, agreed = Spinner(preset, rate=0.3), 0
    for doc in load_heldout(["news", "science"], "test")[:30]:
        res = spinner.spin(doc.text)
        assert apply_edits(res.text, res.edits) == doc.text
        for e in res.edits:
            m = re.search(r"\b(an?) $", res.text[: e.offset], re.IGNORECASE)
            words = (m.group(1) + " " + e.spun if m else e.spun).lower().split()
            if words[0] in INDEFINITE and len(words) > 1 and WORD.fullmatch(words[1]):
                assert words[0] == article(words[1]), (e, res.text[e.offset - 3 : e.offset])
            agreed += e.spun.split()[0].lower() in INDEFINITE - {e.restored.split()[0].lower()}
    assert agreed  # "a meeting" spun as "an encountering"


def test_seed_reproduces_and_changes_the_output():
    a, b = spin(TEXT, seed=7), spin(TEXT, seed=7)
    assert a == b
    assert spin(TEXT, seed=8).text != a.text


def test_each_word_always_gets_the_same_synonym():
    res = spin(TEXT, "spinbot", rate=0.6, seed=0)
    seen = defaultdict(set)
    for e in res.edits:
        if e.kind in ("word", "phrase", "entity"):
            seen[e.restored.lower()].add(e.spun.lower())
    assert len(seen.get("said", ())) == 1  # "said" occurs 12 times
    assert all(len(v) == 1 for v in seen.values())


def test_presets_differ():
    outs = {p: spin(TEXT, p, seed=0).text for p in PRESETS}
    assert len(set(outs.values())) == len(PRESETS)


def test_rate_zero_is_identity_and_bad_arguments_raise():
    assert spin(TEXT, rate=0.0).text == TEXT
    with pytest.raises(ValueError, match="unknown preset"):
        Spinner("nope")
    with pytest.raises(ValueError, match="rate"):
        Spinner(rate=1.5)
    with pytest.raises(ValueError, match="verb_to"):
        Spinner(verb_to=-0.1)


def test_cli_spin_json(run_cli, tmp_path):
    f = tmp_path / "in.txt"
    f.write_text(TEXT, encoding="utf-8")
    r = run_cli("spin", f, "--json", "--seed", "2", "--preset", "wordai")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"text", "edits", "rate"}
    assert set(out["edits"][0]) == {"offset", "length", "spun", "restored", "confidence", "kind"}
    for e in out["edits"]:
        assert out["text"][e["offset"] : e["offset"] + e["length"]] == e["spun"]
    plain = run_cli("spin", "-", "--seed", "2", "--preset", "wordai", input=TEXT)
    assert plain.stdout == out["text"]


@pytest.mark.parametrize(
    "args,code,msg",
    [
        (["--preset", "nope"], 2, "unknown preset"),
        (["--rate", "1.5"], 2, "--rate"),
        (["missing.txt"], 1, "no such file"),
    ],
)
def test_cli_spin_errors(run_cli, args, code, msg):
    r = run_cli("spin", *args, input="some text")
    assert r.returncode == code and msg in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("preset", list(PRESETS))
def test_swaps_are_listed_synonyms_or_list_entries(preset):
    from despin.lexicon import Lexicon
    from despin.spin.spinner import _reading, senses

    res = Spinner(preset, seed=0, rate=0.5).spin(TEXT)
    tortured, real = Lexicon.load().thesaurus("tortured"), Lexicon.load().thesaurus("spinner")
    for e in res.edits:
        a, b = e.restored.lower(), e.spun.lower()
        if e.kind == "tortured":
            assert b in tortured[a]
        elif e.kind in ("word", "entity") and " " not in a + b:
            (la, pa, _), (lb, _, _) = _reading(a), _reading(b)
            keys = (la, pa) if PRESETS[preset].inflect else (a, None)
            sources = ("wordnet", "mythes")
            if PRESETS[preset].words == "moby" and lb in real.get(la, ()):
                continue  # a swap real spinners made
            assert any({b, lb} & set(s) for src in sources for s in senses(src, *keys)), (a, b)


def test_a_verb_before_an_object_can_become_v_to_and_the_lexicon_inverts_it():
    from despin.lexicon import Lexicon

    res = Spinner("spinbot", seed=0, rate=1.0, verb_to=1.0).spin(TEXT)
    phrases = [e for e in res.edits if e.spun.endswith(" to")]
    assert phrases and apply_edits(res.text, res.edits) == TEXT
    for e in phrases:  # one verb became "V to" before a word, never before "to" or punctuation
        after = res.text[e.offset + e.length :]
        assert " " not in e.restored and e.kind == "phrase"
        assert re.match(r" (?!to\b)[^\W\d_]", after), after[:20]
        originals = {c.original for c in Lexicon.load().lookup(e.spun.lower())}
        assert e.restored.lower() in originals
    assert not any(e.spun.endswith(" to") for e in Spinner("spinbot", seed=0, rate=1.0,
                                                           verb_to=0.0).spin(TEXT).edits)
