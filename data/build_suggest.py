"""Build src/despin/data/suggest.npz: the fast screen's suggestions for the words it suspects.

For each screen word with originals, its likeliest one-word originals by the shipped engine's
context-free log-odds (lexicon and channel, as ``Despinner.options`` ranks them), other forms
of the word left out (as the engine drops such fixes). The weight of
the web pair fit against those log-odds is the one that restores most of the simulator's
one-word swaps among the words the screen suspects, on the held-out TRAIN split (never the
test split). Rebuild after the screen or the channel changes: the screen ignores suggestions
built for another vocabulary.

    python data/build_suggest.py [--out DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from despin.channel.train import Sample, spun_samples
from despin.detector.screen import SUGGEST_FILE, SUGGESTIONS, Screen, Suggestions
from despin.engine import Despinner, other_form
from despin.evaluation import load_heldout
from despin.evaluation.metrics import span_hits
from despin.spin import PRESETS

OUT = Path(__file__).resolve().parent.parent / "src" / "despin" / "data"
FITS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
RATE, SEED = 0.2, 0


def table(engine: Despinner, screen: Screen) -> tuple[np.ndarray, np.ndarray]:
    """Per screen word, its best SUGGESTIONS one-word originals in the screen's vocabulary."""
    ids = {w: i for i, w in enumerate(screen.words)}
    orig = np.full((len(screen.words), SUGGESTIONS), -1, dtype=np.int32)
    logodds = np.zeros(orig.shape, dtype=np.float32)
    for i in np.flatnonzero(screen.arrays["orig"][:, 0] >= 0).tolist():
        word = (screen.words[i],)
        found = [(ids[o[0]], potential) for o, _, _, _, potential, _ in
                 engine.options(word, False)
                 if len(o) == 1 and o[0] in ids and not other_form(word, o)]
        for k, (o, potential) in enumerate(found[:SUGGESTIONS]):
            orig[i, k], logodds[i, k] = o, potential
    return orig, logodds


def restored(screen: Screen, samples: list[Sample]) -> int:
    """The swaps in ``samples`` whose span suggests the original."""
    found = screen.detect_many([s.text for s in samples])
    return sum(span_hits(smp.gold, det.spans)[1] for smp, det in zip(samples, found))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    t = time.time()
    engine = Despinner()
    screen = engine.screener
    orig, logodds = table(engine, screen)
    docs = [d.text for d in load_heldout(None, "train")]
    samples = [s for k, p in enumerate(PRESETS) for s in spun_samples(docs, [p], RATE, SEED + k)]
    scores = {}
    for fit in FITS:
        screen.suggestions = Suggestions(orig, logodds, fit)
        scores[fit] = restored(screen, samples)
    best = max(FITS, key=lambda f: (scores[f], -f))
    Suggestions(orig, logodds, best).save(args.out / SUGGEST_FILE, screen.words)
    print(f"{int((orig[:, 0] >= 0).sum())} words with suggestions; swaps restored on the train "
          f"split by fit weight: {scores}; kept {best}; {time.time() - t:.0f} s")


if __name__ == "__main__":
    main()
