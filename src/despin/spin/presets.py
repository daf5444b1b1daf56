"""Named spinner presets, each mimicking one family of real spinners."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    """How a spinner family behaves.

    ``words`` / ``phrases`` / ``tortured`` name the forward tables for single words, multiword
    keys and paper-mill terms. ``top_k`` and ``min_zipf`` shape the fixed per-lemma dictionary
    (1-3: common synonyms like a commercial spinner; larger: the odd picks of a raw thesaurus).
    """

    name: str
    description: str
    words: tuple[str, ...]
    phrases: tuple[str, ...] = ()
    tortured: tuple[str, ...] = ()
    rate: float = 0.2
    top_k: int = 3
    min_zipf: float = 3.0
    phrase_weight: float = 1.0  # priority of multiword units over single words
    compounds: bool = False  # swap both words of adjective/noun + noun terms ("tortured phrases")
    slips: bool = False  # split tokens like U.K. or 3.5 and swap a piece
    names: bool = True  # swap capitalized words inside names and titles too
    inflect: bool = True  # look up lemmas and re-inflect the synonym
    mutual: bool = True  # keep only synonyms whose own entry lists the word back


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "spinbot",
            "lemma spinner with a big word dictionary, a phrase table and tokenization slips",
            words=("moby",),
            phrases=("moby", "slip"),
            top_k=2,
            slips=True,
        ),
        Preset(
            "wordai",
            "phrase-heavy rewriter: prefers multiword swaps, leaves names alone",
            words=("mythes",),
            phrases=("wordnet", "mythes"),
            top_k=2,
            min_zipf=3.5,
            phrase_weight=4.0,
            names=False,
        ),
        Preset(
            "thesaurus",
            "plain thesaurus lookup: surface words, any listed synonym, no phrases",
            words=("wordnet",),
            top_k=8,
            min_zipf=2.0,
            inflect=False,
        ),
        Preset(
            "papermill",
            "paper-mill spinner: tortured technical terms plus odd single-word synonyms",
            words=("moby",),
            tortured=("tortured",),
            rate=0.25,
            top_k=6,
            min_zipf=2.5,
            phrase_weight=3.0,
            compounds=True,
        ),
    )
}
