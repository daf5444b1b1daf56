"""Clean text of other genres: how much of it the engine labels spun at its default threshold.

The held-out corpus's OTHER test split: Brown corpus categories that no genre, model or
language data uses (D religion, E skills and hobbies, F popular lore, G belles-lettres,
H government documents, K-R fiction and humor), every third 120-320-word document of each
(`data/build_heldout.py`; the detector's threshold is set on the next ones, its train split).

    python benchmarks/other_genres.py
"""

from __future__ import annotations

from itertools import groupby

from despin.engine import Despinner
from despin.evaluation import OTHER, load_heldout


def main() -> None:
    engine = Despinner()
    print(f"threshold {engine.scorer.threshold}")
    print("| category | documents | labelled spun | highest score |")
    print("| --- | --- | --- | --- |")
    total = spun = 0
    for name, docs in groupby(load_heldout([OTHER], "test"), key=lambda d: d.genre):
        found = [engine.detect(d.text) for d in docs]
        flagged = sum(d.label == "spun" for d in found)
        total, spun = total + len(found), spun + flagged
        print(f"| {name} | {len(found)} | {flagged} | {max(d.score for d in found):.3f} |")
    print(f"| all | {total} | {spun} ({spun / total:.1%}) | |")
    print("\nreproduce: python benchmarks/other_genres.py")


if __name__ == "__main__":
    main()
