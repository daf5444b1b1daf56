"""The fast screen: it ranks spun copies above their originals, and every front end offers it."""

from __future__ import annotations

import json
import pickle
import re
import sys

import httpx
import pytest

import despin
from despin.channel.train import spun_samples
from despin.detector.screen import Screen
from despin.evaluation import load_heldout
from despin.evaluation.metrics import auroc
from despin.scan import ScanOptions, scan
from despin.serve import Settings, create_app
from despin.text import normalize

TEXT = "Officials stated the economy was strong adequate to absorb the price. 😀 مرحبا 中文"


@pytest.fixture(scope="module")
def screen():
    return Screen.load()


def test_spun_copies_score_above_their_originals(screen):
    # test split, a spinner seed the shipped screen was not trained with
    docs = [d.text for d in load_heldout(["news", "encyclopedic", "informal"], "test", 15)]
    spun = [s.text for s in spun_samples(docs, ["wordai"], 0.2, 7)]
    clean_scores = [screen.score(t) for t in docs]
    spun_scores = [screen.score(t) for t in spun]
    assert auroc([0] * len(docs) + [1] * len(spun), clean_scores + spun_scores) >= 0.95
    assert sum(s >= screen.threshold for s in clean_scores) <= 1


def test_score_is_a_probability_for_any_text(screen):
    for text in ("", "😀", "中文 مرحبا", "the " * 5000, TEXT):
        d = screen.detect(text)
        assert 0.0 <= d.score <= 1.0 and d.label in {"spun", "clean"}
        assert all(text[s.offset : s.offset + s.length] == s.text for s in d.spans)
    assert despin.screen(TEXT) == screen.detect(TEXT)
    assert pickle.loads(pickle.dumps(screen)).score(TEXT) == screen.score(TEXT)


def test_batches_and_pieces_score_as_single_texts(screen, monkeypatch):
    docs = [d.text for d in load_heldout(["news", "nonnative"], "test", 5)]
    assert screen.scores(docs).tolist() == pytest.approx([screen.score(t) for t in docs])
    # a long text is read in pieces and batches: its score is that of the whole
    long_text = "\n".join(docs)
    whole = screen.score(long_text)
    monkeypatch.setattr("despin.detector.screen.PIECE_CHARS", 500)
    monkeypatch.setattr("despin.detector.screen.BATCH_CHARS", 2000)
    assert screen.score(long_text) == pytest.approx(whole, abs=0.02)
    assert screen.scores([*docs, ""]).tolist()[:-1] == pytest.approx(screen.scores(docs).tolist())


def test_spans_mark_swaps_with_their_originals(screen):
    # test split, a spinner seed the shipped screen was not trained with
    docs = [d.text for d in load_heldout(["news", "encyclopedic", "informal"], "test", 15)]
    samples = spun_samples(docs, ["wordai"], 0.2, 7)
    marked = swapped = right = 0
    for smp, found in zip(samples, screen.detect_many([s.text for s in samples])):
        gold = {(e.offset, e.length): e.restored.lower() for e in smp.gold}
        marked += len(found.spans)
        swapped += sum((s.offset, s.length) in gold for s in found.spans)
        right += sum(gold.get((s.offset, s.length)) == s.suggestion.lower() for s in found.spans)
    gold_words = sum(len(s.gold) for s in samples)
    assert swapped >= 0.7 * marked and swapped >= 0.3 * gold_words and right >= 0.5 * swapped
    clean = sum(len(d.spans) for d in screen.detect_many(docs))
    assert clean <= 0.01 * sum(len(t.split()) for t in docs)


def test_spans_offsets_and_confidence(screen, monkeypatch):
    spun = "The president stated the metropolis would assist the individuals who misplaced houses."
    monkeypatch.setattr("despin.detector.screen.PIECE_CHARS", 1000)  # a long text's pieces
    for text in (spun, "😀 中文 مرحبا " + spun, "— " * 3000 + spun):
        spans = screen.detect(text).spans
        assert [s.text for s in spans] == [s.text for s in screen.detect(spun).spans] != []
        assert all(text[s.offset : s.offset + s.length] == s.text for s in spans)
    # a higher min_confidence keeps a subset; 0 marks every word with a suggestion
    every, fewer = (screen.detect(spun, min_confidence=c).spans for c in (0.0, 0.9))
    assert set(fewer) <= set(screen.detect(spun).spans) <= set(every)
    assert len(every) > len(screen.detect(spun).spans)
    assert "stated" in {s.text for s in screen.detect(spun).spans}


def test_lower_casing_keeps_words_in_place():
    # the screen lower-cases a text before finding its words when no character there is İ
    # (two characters lower-cased) or Σ (lower-cased by context): no other character may change
    # whether it is in a word, joins two, or neither
    chars = "".join(map(chr, range(sys.maxunicode + 1))).replace("İ", "").replace("Σ", "")

    def kinds(text: str) -> str:
        return re.sub(r"[^a-]", " ", re.sub(r"['’\-.]", "-", re.sub(r"[^\W_]", "a", text)))

    assert kinds(normalize(chars)) == kinds(chars)


def test_a_spinner_word_in_context_raises_the_score(screen):
    # the same sentence with a spinner's swaps scores higher than the original
    original = "The president said the city would help the people who lost their homes."
    spun = "The president stated the metropolis would assist the individuals who misplaced their houses."
    assert screen.score(spun) > screen.score(original)


def test_cli_detect_fast(run_cli, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    r = run_cli("detect", p, "--fast", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == despin.screen(TEXT).to_json()
    r = run_cli("detect", p, "--fast")
    assert r.returncode == 0 and "suspicious spans" in r.stdout and "'stated' -> 'said'" in r.stdout
    r = run_cli("detect", p, "--fast", "--channel", p)
    assert r.returncode == 2 and "--channel" in r.stderr
    r = run_cli("detect", tmp_path / "missing.txt", "--fast")
    assert r.returncode == 1 and "no such file" in r.stderr


def test_scan_fast(tmp_path, run_cli):
    src = tmp_path / "in.jsonl"
    texts = [d.text for d in load_heldout(["news"], "test", 6)]
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
    s = scan([str(src)], tmp_path / "out", ScanOptions(fast=True, shard_size=4), workers=1)
    assert s.records == 6 and not s.errors
    rows = [json.loads(line) for f in sorted((tmp_path / "out" / "data").glob("*.jsonl"))
            for line in f.read_text().splitlines()]
    assert [r["despin_score"] for r in sorted(rows, key=lambda r: r["id"])] == [
        despin.screen(t).to_json()["score"] for t in texts]
    assert [r["despin_spans"] for r in sorted(rows, key=lambda r: r["id"])] == [
        despin.screen(t).to_json()["spans"] for t in texts]
    r = run_cli("scan", src, "-o", tmp_path / "o2", "--fast", "--restore")
    assert r.returncode == 2 and "--fast" in r.stderr
    with pytest.raises(ValueError, match="restoring needs the engine"):
        ScanOptions(fast=True, restore=True)  # the library refuses it too


def test_api_detect_fast(live_server, swap_engine):
    with live_server(create_app(Settings(), swap_engine)) as url:
        r = httpx.post(f"{url}/api/detect", json={"text": TEXT, "fast": True})
        assert r.status_code == 200 and r.json() == despin.screen(TEXT).to_json()
        r = httpx.post(f"{url}/api/detect", json={"text": TEXT, "fast": "maybe"})
        assert r.status_code == 422 and "fast" in r.json()["error"]
