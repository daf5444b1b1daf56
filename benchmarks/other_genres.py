"""Clean text of other genres: how much of it the engine labels spun at its default threshold,
and how many words `restore` would change in it (every change there is a false fix).

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
from despin.text import tokenize


def main() -> None:
    engine = Despinner()
    print(f"threshold {engine.scorer.threshold}")
    print("| category | documents | labelled spun | highest score | fixes / 1k words |")
    print("| --- | --- | --- | --- | --- |")
    total = spun = words = fixes = 0
    for name, docs in groupby(load_heldout([OTHER], "test"), key=lambda d: d.genre):
        docs = list(docs)
        found = [engine.analyze(d.text) for d in docs]
        flagged = sum(det.label == "spun" for det, _ in found)
        n, k = sum(len(tokenize(d.text)) for d in docs), sum(len(r.edits) for _, r in found)
        total, spun, words, fixes = total + len(found), spun + flagged, words + n, fixes + k
        top = max(det.score for det, _ in found)
        print(f"| {name} | {len(found)} | {flagged} | {top:.3f} | {1000 * k / n:.1f} |")
    print(f"| all | {total} | {spun} ({spun / total:.1%}) | | {1000 * fixes / words:.1f} |")
    print("\nreproduce: python benchmarks/other_genres.py")


if __name__ == "__main__":
    main()
