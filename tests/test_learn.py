"""`despin learn`: adapt the channel to one spinner's output, then use it with --channel."""

import json

from despin.spin import Spinner

ORIGINALS = [
    "The minister said the new plan would help families pay for food and heat this winter.",
    "Police said the fire started near the river and spread to three houses before dawn.",
    "The company said sales grew in the spring, and it plans to hire more workers next year.",
]


def test_learn_then_restore_with_channel(run_cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    spinner = Spinner("spinbot", seed=4)
    for i, text in enumerate(ORIGINALS * 2):
        (corpus / f"{i}.txt").write_text(spinner.spin(text).text, encoding="utf-8")
    out = tmp_path / "channel.json"
    r = run_cli("learn", corpus, "-o", out, "--rounds", "1")
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text())
    assert data["format"] == "despin-channel/1" and data["pair_weight"] > 0
    assert data["meta"]["adapted_on"] == len(ORIGINALS) * 2
    for spun, originals in data["pairs"].items():
        assert spun and all(c > 0 for c in originals.values())
    r = run_cli("restore", corpus / "0.txt", "--channel", out, "--json")
    assert r.returncode == 0, r.stderr
    assert set(json.loads(r.stdout)) == {"text", "edits"}


def test_learn_and_channel_errors(run_cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    text = tmp_path / "a.txt"
    text.write_text("A short text.")
    r = run_cli("restore", text, "--channel", bad)
    assert r.returncode == 1 and "channel" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("learn", tmp_path / "missing", "-o", tmp_path / "c.json")
    assert r.returncode == 1 and "no such file" in r.stderr
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text('{"text": "fine"}\nnot json\n')
    r = run_cli("learn", jsonl, "-o", tmp_path / "c.json")
    assert r.returncode == 1 and "c.jsonl:2" in r.stderr


def test_learning_keeps_the_spinners_repeated_swaps():
    from despin.channel.train import adapt
    from despin.engine import Despinner

    spun = [Spinner("spinbot", seed=4).spin(text) for text in ORIGINALS * 2]
    gold = {(e.spun.lower(), e.restored.lower()) for r in spun for e in r.edits}
    pairs = adapt(Despinner(), [r.text for r in spun], rounds=1).pairs
    learned = {(s, o) for s, row in pairs.items() for o in row}
    assert ("stated", "said") in learned  # three times in every copy
    assert learned <= gold  # nothing the spinner did not do


def test_learn_from_pairs_proposes_swaps_the_lexicon_lacks(run_cli, tmp_path):
    from despin.engine import Despinner

    pairs = tmp_path / "pairs.jsonl"
    pair = {"spun": "The funny cartoon ran week after week in the paper.",
            "original": "The comic strip ran weekly in the paper."}
    pairs.write_text(json.dumps(pair) + "\n", encoding="utf-8")
    out = tmp_path / "channel.json"
    r = run_cli("learn", "--pairs", pairs, "-o", out)
    assert r.returncode == 0, r.stderr
    learned = json.loads(out.read_text())["pairs"]
    assert learned["week after week"] == {"weekly": 1.0} and learned["funny"] == {"comic": 1.0}
    shipped, adapted = Despinner(), Despinner(channel=str(out))
    span = ("week", "after", "week")
    assert not any(o[0] == ("weekly",) for o in shipped.options(span, False))
    assert any(o[0] == ("weekly",) and o[1] == {"learned"} for o in adapted.options(span, False))
    r = run_cli("learn", "-o", out)
    assert r.returncode == 1 and "--pairs" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("eval", "--pairs", pairs, "--channel", out, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["reports"][0]["gold_edits"] == 3
    r = run_cli("eval", "--pairs", pairs, "--channel", tmp_path / "missing.json")
    assert r.returncode == 1 and "channel" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("eval", "--fast", "--channel", out)
    assert r.returncode == 2 and "--channel" in r.stderr
