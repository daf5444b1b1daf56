"""Restoration of "V to" spins (helping Russia -> serving to Russia), which no preset makes.

Spins held-out test documents with presets whose dictionary also holds a share of verbs as "V
to" (``Spinner(..., verb_to=...)``), a real spinners' habit the engine was never trained on,
and counts for each gold "V to" spin: restored as a whole (serving to -> helping), restored
wrongly as a whole, or only its verb restored (serving -> helping, leaving "helping to
Russia").

    python benchmarks/verb_to.py [--docs 60] [--presets spinbot rewriter] [--share 0.1]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from despin.engine import Despinner
from despin.evaluation import load_heldout
from despin.spin import Spinner


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=60, help="test documents (all genres)")
    ap.add_argument("--presets", nargs="+", default=["spinbot", "rewriter"])
    ap.add_argument("--share", type=float, default=0.1, help="share of verbs spun as 'V to'")
    args = ap.parse_args()
    engine, counts = Despinner(), Counter()
    docs = [d.text for d in load_heldout(None, "test")][: args.docs]
    for preset in args.presets:
        spinner = Spinner(preset, seed=1, verb_to=args.share)
        for doc in docs:
            spun = spinner.spin(doc)
            edits = {(e.offset, e.length): e.restored for e in engine.restore(spun.text).edits}
            for g in spun.edits:
                if g.spun.endswith(" to") and " " not in g.restored:
                    counts["spins"] += 1
                    whole = edits.get((g.offset, g.length))
                    if whole is not None:
                        counts["whole, right" if whole.lower() == g.restored.lower()
                               else "whole, wrong"] += 1
                    elif (g.offset, g.length - 3) in edits:
                        counts["verb only"] += 1
    print(" | ".join(f"{k}: {counts[k]}" for k in
                     ("spins", "whole, right", "whole, wrong", "verb only")))
    print("reproduce: python benchmarks/verb_to.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
