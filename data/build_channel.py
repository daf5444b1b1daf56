"""Train the shipped channel and document scorer on simulated spinner output.

Spins the TRAIN split of the held-out corpus (never the test split) with the simulator presets
and fits ``src/despin/data/channel.json`` and ``detector.json`` (see despin.channel.train).

    python data/build_channel.py [--presets spinbot wordai ...] [--docs-per-genre 10] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from despin.channel.train import trained
from despin.io import atomic_write_text
from despin.spin import PRESETS

OUT = Path(__file__).resolve().parent.parent / "src" / "despin" / "data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presets", nargs="+", default=list(PRESETS), choices=list(PRESETS))
    ap.add_argument("--docs-per-genre", type=int, default=10)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    t = time.time()
    despinner = trained(args.presets, args.docs_per_genre)
    despinner.channel.meta["seconds"] = round(time.time() - t)
    despinner.channel.save(args.out / "channel.json")
    atomic_write_text(args.out / "detector.json", json.dumps(despinner.scorer.to_json(), indent=1))
    print(json.dumps(despinner.channel.to_json()["weights"], indent=1))


if __name__ == "__main__":
    main()
