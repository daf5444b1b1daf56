"""Inverse-lexicon coverage: is the true original among lookup(spun), and how many candidates?

Two kinds of held-out spinner output, never the tables a lookup was built from:
  * leave-one-source-out: spin common words of running text (drawn by wordfreq frequency)
    with one thesaurus, re-inflect, and look them up in a lexicon built WITHOUT that thesaurus;
  * real paper-mill spins: the word-level swaps inside the Problematic Paper Screener's
    tortured phrases, looked up in a lexicon built without the tortured table.
Baseline (same process): Moby read in both directions, no pruning, the same re-inflection.

Run: python benchmarks/lexicon_coverage.py [--n 2000] [--seed 0]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import time
from pathlib import Path

from wordfreq import top_n_list, word_frequency

from despin.lexicon import Lexicon, _inflect, _readings

ROOT = Path(__file__).resolve().parent.parent
CMD = "python benchmarks/lexicon_coverage.py"
CONTENT = {"NOUN", "VERB", "ADJ", "ADV"}
AUX = {"be", "have", "do"}  # spinners leave auxiliaries alone


def load_builder():
    spec = importlib.util.spec_from_file_location("build_lexicon", ROOT / "data/build_lexicon.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def spin_pairs(table, n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(original token, spun span): a frequency-weighted token, one synonym of its lemma."""
    vocab = [w for w in top_n_list("en", 30000) if w.isalpha() and len(w) > 2]
    weights = [word_frequency(w, "en") for w in vocab]
    pairs: list[tuple[str, str]] = []
    while len(pairs) < n:
        token = rng.choices(vocab, weights)[0]
        readings = [
            r for r in _readings(token) if r[1] in CONTENT and r[0] in table and r[0] not in AUX
        ]
        if not readings:
            continue
        lemma, upos, tag = rng.choice(readings)
        options = [
            x for syn in table[lemma] if (x := _inflect(syn, upos, tag, set())) and x != token
        ]
        if options:
            pairs.append((token, rng.choice(options)))
    return pairs


def tortured_pairs(rows: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Word-level swaps inside real tortured phrases of the same length as the expected one."""
    pairs = set()
    for good, bads in rows.items():
        for bad in bads:
            g, b = good.split(), bad.split()
            if len(g) == len(b):
                pairs |= {(x, y) for x, y in zip(g, b, strict=True) if x != y}
    return sorted(pairs)


class MobyBaseline:
    """All Moby neighbours in both directions, re-inflected like the lexicon, no pruning."""

    def __init__(self, moby: dict[str, set[str]]):
        self.nbrs = {h: set(s) for h, s in moby.items()}
        for h, syns in moby.items():
            for s in syns:
                self.nbrs.setdefault(s, set()).add(h)

    def lookup(self, spun: str) -> set[str]:
        out = set(self.nbrs.get(spun, ()))
        for lemma, upos, tag in _readings(spun.split()[-1]) if " " not in spun else ():
            out |= {x for o in self.nbrs.get(lemma, ()) if (x := _inflect(o, upos, tag, set()))}
        out.discard(spun)
        return out


def score(lookup, pairs) -> tuple[float, float]:
    hits = counts = 0
    for orig, spun in pairs:
        cands = lookup(spun)
        hits += orig in cands
        counts += len(cands)
    return hits / len(pairs), counts / len(pairs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="spun tokens per held-out source")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    builder = load_builder()
    t0 = time.time()
    tables, pos = builder.load_sources()
    full = Lexicon.load()
    print(f"shipped lexicon: sources {full.sources}; sources loaded in {time.time() - t0:.0f}s")
    baseline = MobyBaseline(tables["moby"])
    rng = random.Random(a.seed)
    rows = []
    for held in ("moby", "wordnet", "mythes", "tortured"):
        arrays, meta = builder.index(tables, pos, exclude={held}, forward=False)
        lex = Lexicon(arrays, meta)
        if held == "tortured":
            pairs = tortured_pairs(tables["tortured"])
        else:
            table = {h: sorted(s) for h, s in tables[held].items()}
            pairs = spin_pairs(table, a.n, rng)
        cov, mean = score(lambda s, lex=lex: [c.original for c in lex.lookup(s)], pairs)
        bcov, bmean = score(baseline.lookup, pairs) if held != "moby" else (float("nan"),) * 2
        rows.append((held, len(pairs), cov, mean, bcov, bmean))
        print(
            f"held out {held:9s} n={len(pairs):5d}  coverage {cov:6.1%}  mean candidates "
            f"{mean:5.1f}  | Moby-both-ways baseline {bcov:6.1%} / {bmean:6.1f}"
            + (f"  (candidates x{mean / bmean:.2f})" if held != "moby" else ""),
            flush=True,
        )
    print(f"reproduce: {CMD} --n {a.n} --seed {a.seed}", file=sys.stderr)


if __name__ == "__main__":
    main()
