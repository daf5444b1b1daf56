"""Build src/despin/data/spans.npz: the commonest words' and word pairs' context-free candidates.

For each of wordfreq's commonest English words (as the tokenizer normalizes them) and each web
word pair (the context model's pair counts) the lexicon may match, lower-case and capitalized,
the candidates the engine would compute on first sight with the shipped lexicon and channel
(see despin.channel.spans; pairs without candidates are left out). Rebuild whenever either
changes: the engine ignores a table built for other data.

    python data/build_spans.py [--words 50000] [--out DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from wordfreq import top_n_list

from despin.channel.spans import FILE, build, save
from despin.engine import Despinner
from despin.text import tokenize

OUT = Path(__file__).resolve().parent.parent / "src" / "despin" / "data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=50_000, help="commonest words to hold")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    t = time.time()
    engine = Despinner()
    engine.spans = None  # compute every word anew
    words = [(w,) for w in top_n_list("en", args.words) if _is_span(w)]
    pairs = [tuple(p.split()) for p in engine.web.pairs if _is_span(p)]
    pairs = [p for p in pairs if len(p) == 2 and engine.lexicon.covers(p)]
    arrays = build(engine.options, words + pairs, engine.fingerprint())
    save(arrays, args.out / FILE)
    print(f"{len(words)} words, {len(pairs)} pairs looked up, {len(arrays['ptr']) - 1} spans "
          f"kept, {arrays['ptr'][-1]} candidates, {time.time() - t:.0f} s")


def _is_span(text: str) -> bool:
    """True when the tokenizer keeps ``text``'s words as they are."""
    return [tok.norm for tok in tokenize(text)] == text.split()


if __name__ == "__main__":
    main()
