"""Build the fast screen's artifact src/despin/data/screen.npz.

Word tables from the web counts (web_ngrams.npz) and the inverse lexicon; spin weights and the
logistic model from the simulator's five presets on the TRAIN split of the held-out corpus
(never the test split), against the same documents unspun (see despin.detector.screen).

    python data/build_screen.py [--presets spinbot wordai ...] [--out DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from despin.channel.train import fit_screen
from despin.detector.screen import save, tables
from despin.engine import plausible_swap
from despin.lexicon import Lexicon
from despin.lm import WebCounts
from despin.spin import PRESETS

OUT = Path(__file__).resolve().parent.parent / "src" / "despin" / "data"
RATE, SEED = 0.2, 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presets", nargs="+", default=list(PRESETS), choices=list(PRESETS))
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    t = time.time()
    web = WebCounts.load()
    words, arrays = tables(Lexicon.load(), web.words, web.pairs, plausible_swap)
    screen, _ = fit_screen(words, arrays, web.log_total, args.presets, RATE, SEED)
    screen.model["meta"] = {"presets": args.presets, "rate": RATE, "seed": SEED,
                            "seconds": round(time.time() - t)}
    save(screen, args.out / "screen.npz")
    print(screen.model)


if __name__ == "__main__":
    main()
