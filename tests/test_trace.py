"""Trace: index a few hundred generated news items, find spun copies, CLI and bad input."""

import json
import random

import pytest

from despin.spin import Spinner
from despin.trace import Canon, Index, IndexFileError
from despin.trace.align import align, substitutions
from despin.trace.canon import words
from despin.trace.index import MIN_SCORE
from despin.trace.store import FORMAT_VERSION

SUBJECTS = ["officials", "the company", "investors", "the minister", "analysts", "the army"]
VERBS = ["said", "announced", "reported", "warned", "expected", "stated"]
OBJECTS = [
    "a sharp increase in prices",
    "a large drop in sales",
    "new rules for the market",
    "a quick recovery of the economy",
    "serious damage to the harbour",
]
TAILS = [
    "after a long meeting",
    "despite strong opposition",
    "during the busy season",
    "because of the heavy rain",
    "following the annual review",
]


def _name(rng):
    return "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)).title()


def _docs(n, seed):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        who, where = _name(rng), _name(rng)
        sents = [
            f"{who} {rng.choice(VERBS)} on Monday that {rng.choice(SUBJECTS)} in {where} "
            f"saw {rng.choice(OBJECTS)} {rng.choice(TAILS)}.",
            f"The {rng.randint(2, 990)} {rng.choice(['workers', 'farmers', 'buyers'])} "
            f"{rng.choice(VERBS)} that {rng.choice(OBJECTS)} would come {rng.choice(TAILS)}.",
            f"{who} expects {rng.choice(OBJECTS)} in {rng.randint(1990, 2030)}.",
        ]
        out.append((f"d{seed}-{i}", " ".join(sents)))
    return out


DOCS = _docs(300, 1)


@pytest.fixture(scope="module")
def index_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("trace") / "news.idx"
    Index.build(DOCS, Canon.default()).save(path)
    return path


@pytest.fixture(scope="module")
def index(index_file):
    return Index.load(index_file)


def test_spun_copies_trace_back_to_their_source(index):
    spinner = Spinner("spinbot", rate=0.3, seed=7)
    hits = 0
    for doc_id, text in DOCS[::15]:
        spun = spinner.spin(text).text
        matches = index.query(spun, top=3)
        hits += bool(matches) and matches[0].id == doc_id
        for s in matches[0].substitutions if matches else []:
            assert spun[s.offset : s.offset + s.length] == s.spun and s.spun != s.original
    assert hits >= 19  # of 20


def test_substitutions_name_the_swapped_words(index):
    doc_id, text = DOCS[42]
    spun = text.replace(" said ", " stated ", 1).replace(" reported ", " described ", 1)
    spun = spun.replace(" announced ", " declared ", 1).replace(" warned ", " cautioned ", 1)
    best = index.query(spun)[0]
    assert best.id == doc_id and best.score > 0.8
    pairs = {(s.spun, s.original) for s in best.substitutions}
    assert pairs and pairs <= {
        ("stated", "said"),
        ("described", "reported"),
        ("declared", "announced"),
        ("cautioned", "warned"),
    }


def test_alignment_counts_synonym_swaps_not_rewrites_or_other_numbers():
    def score(copy, source):
        return align(words(copy), words(source))[0]

    source = "The big company said on Monday that prices rose sharply."
    spun = "The large company stated on Monday that prices went up sharply."
    assert score(spun, source) == 1.0
    subs = substitutions(spun, source, align(words(spun), words(source))[1])
    assert [(s.spun, s.original) for s in subs] == [
        ("large", "big"),
        ("stated", "said"),
        ("went up", "rose"),
    ]
    assert score("Soldiers told reporters prices had climbed a lot by Monday.", source) < 0.5
    template = "Notes in circulation totalled {} billion dlrs, up {} mln dlrs from the week before."
    assert MIN_SCORE > score(template.format(17.11, 59), template.format(16.24, 76)) > 0.8


def test_unrelated_text_finds_nothing(index):
    for _, text in _docs(20, 99):
        assert index.query(text) == []
    assert index.query("...") == []


def test_save_load_add_round_trip(tmp_path, index):
    path = tmp_path / "a.idx"
    first = Index.build(DOCS[:100], index.canon)
    first.save(path)
    loaded = Index.load(path)
    assert len(loaded) == 100 and loaded.params == first.params
    stats = loaded.add(DOCS[100:150] + [("empty", ""), ("num", 5)])
    assert (stats.added, stats.skipped) == (50, 2)
    loaded.save(path)
    again = Index.load(path)
    assert len(again) == 150 and again.query(DOCS[120][1])[0].id == DOCS[120][0]


@pytest.mark.parametrize("damage", ["garbage", "truncate", "version"])
def test_bad_index_file(tmp_path, index_file, run_cli, damage):
    path = tmp_path / "x.idx"
    data = index_file.read_bytes()
    if damage == "garbage":
        data = b"hello world"
    elif damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data = data.replace(b'"version": %d' % FORMAT_VERSION, b'"version": 1', 1)  # older
    path.write_bytes(data)
    with pytest.raises(IndexFileError):
        Index.load(path)
    r = run_cli("trace", "-", "--index", path, input="Some text about prices.")
    assert r.returncode == 1 and r.stderr.startswith("despin: error:")
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert damage != "version" or "rebuild it" in r.stderr


def test_cli_build_trace_add_dedup(tmp_path, run_cli):
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"key": i, "body": t}) for i, t in DOCS[:60]]
    lines += [json.dumps({"key": "e", "body": ""}), json.dumps({"key": "n", "body": 3}), "{oops"]
    corpus.write_text("\n".join(lines) + "\n")
    idx = tmp_path / "c.idx"
    r = run_cli("index", "build", corpus, "-o", idx, "--id-field", "key", "--text-field", "body")
    assert r.returncode == 0, r.stderr
    assert "60 documents" in r.stderr and "3 skipped" in r.stderr

    spun = Spinner("wordai", rate=0.25, seed=3).spin(DOCS[7][1]).text
    r = run_cli("trace", "-", "--index", idx, "--json", input=spun)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["matches"][0]["id"] == DOCS[7][0]

    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "copy.txt").write_text(spun)
    (folder / "blank.txt").write_text("  \n")
    (folder / "bin.txt").write_bytes(b"\x00\x01")
    r = run_cli("index", "add", folder, "--index", idx)
    assert r.returncode == 0 and "61 documents" in r.stderr and "2 skipped" in r.stderr

    out = tmp_path / "pairs.jsonl"
    r = run_cli("dedup-spun", folder, "--index", idx, "-o", out)
    assert r.returncode == 0, r.stderr
    pairs = [json.loads(x) for x in out.read_text().splitlines()]
    assert [(p["copy"], p["source"]) for p in pairs] == [("copy.txt", DOCS[7][0])]


def test_failed_build_keeps_previous_index(tmp_path, run_cli, index_file):
    idx = tmp_path / "keep.idx"
    idx.write_bytes(index_file.read_bytes())
    bad = tmp_path / "corpus.csv"
    bad.write_text("a,b\n")
    r = run_cli("index", "build", bad, "-o", idx)
    assert r.returncode == 1 and "unsupported corpus format" in r.stderr
    assert idx.read_bytes() == index_file.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.csv", "keep.idx"]


def test_parquet_input(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from despin.trace import corpus

    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"id": ["a", "b", "c"], "text": [DOCS[0][1], None, DOCS[1][1]]}), path)
    assert corpus.count([path]) == 3
    assert [(i, t is None) for i, t in corpus.read([path])] == [
        ("a", False),
        ("b", True),
        ("c", False),
    ]
