"""Benchmark inputs: the packaged held-out documents and user-supplied (spun, original) pairs."""

from __future__ import annotations

import difflib
import gzip
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from despin.edits import Edit
from despin.lm import INDEFINITE
from despin.text import tokenize

GENRES = ("news", "science", "encyclopedic", "informal", "nonnative")
SPLITS = ("train", "test")
OTHER = "other"  # clean text only, of genres the five leave out; each Doc's genre is its own


@dataclass(frozen=True)
class Doc:
    id: str
    genre: str
    split: str
    text: str


@dataclass(frozen=True)
class Pair:
    """A spun text, its original, and the gold edits from spun back to original."""

    id: str
    genre: str
    spun: str
    original: str
    edits: list[Edit] = field(default_factory=list)


def load_heldout(
    genres: list[str] | None = None, split: str | None = "test", limit: int | None = None
) -> list[Doc]:
    """Held-out documents shipped with the package (``split=None``: both splits), grouped by
    genre (default: the five GENRES; OTHER, clean text of other genres, only when asked);
    ``limit``: at most that many of each genre."""
    for g in genres or ():
        if g not in (known := (*GENRES, OTHER)):
            raise ValueError(f"unknown genre {g!r} (choose from {', '.join(known)})")
    if split not in (*SPLITS, None):
        raise ValueError(f"unknown split {split!r} (choose from {', '.join(SPLITS)})")
    docs = []
    for g in genres or GENRES:
        data = resources.files("despin.data").joinpath(f"heldout/{g}.jsonl.gz").read_bytes()
        lines = (Doc(**json.loads(line)) for line in gzip.decompress(data).decode().splitlines())
        docs += [d for d in lines if split is None or d.split == split][:limit]
    return docs


def gold_edits(spun: str, original: str) -> list[Edit]:
    """Edits from ``spun`` back to ``original`` by aligning their word tokens (difflib).

    A run of replaced tokens becomes one edit per token where the two runs have as many tokens
    (spinners swap word by word: "funny cartoon" for "comic strip" is two swaps, each of which
    a restorer may undo; an "a" / "an" changed to agree joins the swap after it), else one edit
    whose span runs from the first to the last differing token, so the text between them
    (spaces, punctuation) is taken from the original.
    """
    a, b = tokenize(spun), tokenize(original)
    matcher = difflib.SequenceMatcher(
        None, [t.text for t in a], [t.text for t in b], autojunk=False
    )
    edits = []
    blocks = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            blocks += [(i, i + 1, j1 + i - i1, j1 + i - i1 + 1) for i in range(i1, i2)]
        elif op != "equal":
            blocks.append((i1, i2, j1, j2))
    for k in range(len(blocks) - 1, 0, -1):  # "an amusement" for "a game" is one swap
        (i1, i2, j1, j2), (n1, n2, m1, m2) = blocks[k - 1], blocks[k]
        if (i2, j2) == (n1, m1) and i2 - i1 == j2 - j1 == 1 and n1 < n2 and m1 < m2 and (
                {a[i1].norm, b[j1].norm} == INDEFINITE):
            blocks[k - 1 : k + 1] = [(i1, n2, j1, m2)]
    for i1, i2, j1, j2 in blocks:
        if i1 == i2 or j1 == j2:  # pure insertion or deletion: anchor on the gap between tokens
            start = a[i1 - 1].end if i1 else 0
            end = a[i2].start if i2 < len(a) else len(spun)
            ostart = b[j1 - 1].end if j1 else 0
            oend = b[j2].start if j2 < len(b) else len(original)
        else:
            start, end, ostart, oend = a[i1].start, a[i2 - 1].end, b[j1].start, b[j2 - 1].end
        agreed = a[i1].norm in INDEFINITE and i2 - i1 > 1 and b[j1].norm in INDEFINITE
        kind = "word" if i2 - i1 == j2 - j1 == 1 + agreed else "phrase"
        edits.append(Edit(start, end - start, spun[start:end], original[ostart:oend], 1.0, kind))
    return edits


def load_pairs(path: Path | str) -> list[Pair]:
    """Read a ``.jsonl`` file with one ``{"spun": ..., "original": ...}`` object per line.

    Optional ``id`` and ``genre`` fields are kept. Gold edits come from token alignment.
    Raises ValueError with a one-line message naming the bad line.
    """
    pairs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                spun, original = obj["spun"], obj["original"]
            except (json.JSONDecodeError, KeyError, TypeError):
                raise ValueError(
                    f"{path}:{n}: expected a JSON object with 'spun' and 'original'"
                ) from None
            if not isinstance(spun, str) or not isinstance(original, str):
                raise ValueError(f"{path}:{n}: 'spun' and 'original' must be strings")  # noqa: TRY004
            pid, genre = str(obj.get("id", n)), str(obj.get("genre", "user"))
            pairs.append(Pair(pid, genre, spun, original, gold_edits(spun, original)))
    if not pairs:
        raise ValueError(f"{path}: no pairs found")
    return pairs
