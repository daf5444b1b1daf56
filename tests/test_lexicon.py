"""Hand-checked behaviour of the inverse lexicon and its shipped data."""

import json
import shutil

import pytest

from despin.lexicon import CAP, DATA_DIR, Candidate, Lexicon, LexiconError


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load()


def originals(lex, spun):
    return [c.original for c in lex.lookup(spun)]


@pytest.mark.parametrize(
    "spun, original",
    [
        ("stated", "said"),  # state -> say, re-inflected as a past tense
        ("troopers", "soldiers"),  # plural noun re-inflected
        ("serving to", "helping"),  # verb + particle spin
        ("profound learning", "deep learning"),  # tortured phrase
        ("thousands and thousands", "millions"),
        ("in line with", "according to"),
        ("in opposition to", "against"),  # a phrase for a word of another part of speech
        ("brand new", "new"),
        ("america", "the united states"),
        ("middle", "center"),  # capitalized names come back as common words
        ("home", "house"),
        ("safety", "security"),
        ("u.okay", "u.k"),  # one chunk of an abbreviation was spun
        ("three.5", "3.5"),
    ],
)
def test_true_original_is_a_candidate(lex, spun, original):
    assert original in originals(lex, spun)


def test_candidates_shape(lex):
    cands = lex.lookup("Stated")
    assert cands and all(isinstance(c, Candidate) for c in cands)
    assert [c.prior for c in cands] == sorted((c.prior for c in cands), reverse=True)
    assert sum(c.prior for c in cands) <= 1.0 + 1e-9
    assert "stated" not in originals(lex, "stated")  # the identity is the engine's job
    assert all(c.original == c.original.lower() for c in cands)
    assert {s for c in cands for s in c.sources} <= set(lex.meta["sources"]) | {"phrase", "slip"}


def test_sources_are_named(lex):
    said = next(c for c in lex.lookup("stated") if c.original == "said")
    assert "moby" in said.sources
    assert "tortured" in next(c for c in lex.lookup("profound learning")).sources
    slip = next(c for c in lex.lookup("three.5") if c.original == "3.5")
    assert slip.sources == {"slip"}


def test_unknown_and_lean(lex):
    assert not lex.lookup("qzxv")
    assert 0 < len(lex.lookup("said")) <= CAP
    assert lex.max_words >= 3


def test_forward_thesaurus(lex):
    assert {"moby", "wordnet", "mythes", "tortured"} <= set(lex.sources)
    moby = lex.thesaurus("moby")
    assert "soldier" in moby and "trooper" in moby["soldier"]
    assert "profound learning" in lex.thesaurus("tortured")["deep learning"]
    with pytest.raises(KeyError):
        lex.thesaurus("nope")


def test_version_mismatch_is_a_clear_error(tmp_path):
    for name in ("lexicon.json", "lexicon.npz"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    meta = json.loads((tmp_path / "lexicon.json").read_text())
    (tmp_path / "lexicon.json").write_text(json.dumps({**meta, "format": -1}))
    with pytest.raises(LexiconError, match="format"):
        Lexicon.load(tmp_path)
    (tmp_path / "lexicon.json").write_text(json.dumps({**meta, "sha256": "0" * 64}))
    with pytest.raises(LexiconError, match="content hash"):
        Lexicon.load(tmp_path)
    with pytest.raises(LexiconError, match="missing"):
        Lexicon.load(tmp_path / "absent")


def test_covers_is_false_only_when_lookup_finds_nothing(lex):
    words = ("the officials stated on monday that the brand new policy would assist thousands "
             "and thousands of households in line with the report serving to help they gave up "
             "neural organizations").split()  # inflected phrases: gave up, neural organizations
    spans = [tuple(words[i : i + n]) for n in range(1, 5) for i in range(len(words) - n + 1)]
    assert all(lex.covers(s) for s in spans if lex.lookup(" ".join(s)))
    phrases = [s for s in spans if len(s) > 1]
    assert sum(not lex.covers(s) for s in phrases) > len(phrases) / 2  # most are skipped
    assert lex.covers(("thousands", "and", "thousands")) and lex.covers(("serving", "to"))
