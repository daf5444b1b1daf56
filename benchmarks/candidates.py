"""Candidate coverage and ranking on spun held-out text (test split), per preset.

coverage: share of gold edits whose original is among the engine's candidates for that span;
candidates: mean number of candidates per gold span; ranking: among gold spans whose original
is a candidate, how often it ranks first, by the language model alone (window LM gain) and by
the engine's local log-odds (channel + LM), measured in the same run. ``--pairs FILE`` adds a
row for real spun text (``{"spun", "original"}`` per line, as ``despin eval --pairs`` reads it;
gold edits from token alignment, as `despin.evaluation.gold_edits` makes them).

    python benchmarks/candidates.py [--limit 10] [--presets spinbot ...] [--pairs FILE ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from despin.channel.train import Sample, _gold_map, spun_samples
from despin.engine import Despinner
from despin.evaluation import load_heldout
from despin.evaluation.corpus import load_pairs
from despin.spin import PRESETS
from despin.text import tokenize


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=10, help="test docs per genre")
    ap.add_argument("--presets", nargs="+", default=list(PRESETS), choices=list(PRESETS))
    ap.add_argument("--pairs", nargs="*", type=Path, default=[], help="real spun/original pairs")
    args = ap.parse_args()
    engine = Despinner()
    docs = [d.text for d in load_heldout(None, "test", args.limit)]
    print("| preset | gold edits | coverage | candidates | ranking, LM alone | ranking, engine |")
    print("| --- | --- | --- | --- | --- | --- |")
    runs = [(p, spun_samples(docs, [p], 0.2, 0)) for p in args.presets]
    runs += [(f.name, [Sample(p.spun, p.edits) for p in load_pairs(f)]) for f in args.pairs]
    for name, samples in runs:
        gold_n = covered = n_cands = lm_top = engine_top = 0
        for smp in samples:
            gold = _gold_map(smp.gold)
            gold_n += len(gold)
            tokens = tokenize(smp.text)
            for s, _, arcs, feats in engine.lattices(smp.text, tokens):
                by_span: dict = {}
                for a, f in zip(arcs, feats):
                    span = (tokens[s + a.start].start, tokens[s + a.end - 1].end)
                    if span in gold:
                        z = a.potential + engine.channel.potential(f)
                        z += engine.channel.lm_weight * f["lm_delta"]
                        by_span.setdefault(span, []).append((" ".join(a.words), f["lm_delta"], z))
                for span, cands in by_span.items():
                    n_cands += len(cands)
                    if gold[span] in {c[0] for c in cands}:
                        covered += 1
                        lm_top += max(cands, key=lambda c: c[1])[0] == gold[span]
                        engine_top += max(cands, key=lambda c: c[2])[0] == gold[span]
        print(f"| {name} | {gold_n} | {covered / gold_n:.3f} | {n_cands / max(gold_n, 1):.1f} "
              f"| {lm_top / max(covered, 1):.3f} | {engine_top / max(covered, 1):.3f} |")
    print("reproduce: python benchmarks/candidates.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
