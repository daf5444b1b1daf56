"""Named spinner presets, each mimicking one family of real spinners."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    """How a spinner family behaves.

    ``words`` / ``phrases`` name the sense tables ("wordnet" or "mythes", built by
    data/build_spin.py) whose leading senses give synonyms of single words / multiword keys;
    ``agree`` names lexicon tables that must link a pair too; ``lists`` name lexicon tables taken
    verbatim for multiword keys (paper-mill "tortured" phrases, "slip" country names). A synonym
    must share one of the first ``senses`` senses of the word and list the word among its own
    first ``back`` senses; the commonest ``top_k`` form the fixed per-lemma dictionary.
    """

    name: str
    description: str
    words: str
    phrases: str | None = None
    agree: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    rate: float = 0.2
    top_k: int = 2
    senses: int = 1
    back: int = 2
    min_zipf: float = 3.5
    phrase_weight: float = 1.0  # priority of multiword units over single words
    slips: bool = False  # split tokens like U.K. or 3.5 and swap a piece
    names: bool = True  # swap capitalized words inside names and titles too
    inflect: bool = True  # look up lemmas and re-inflect the synonym
    verb_to: float = 0.0  # share of verbs the dictionary holds as "V to" (serving to; no preset)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "spinbot",
            "lemma spinner: WordNet synonyms Moby agrees with, phrase table, slips, swaps names",
            words="wordnet",
            phrases="wordnet",
            agree=("moby",),
            lists=("slip",),
            top_k=1,
            senses=2,
            slips=True,
        ),
        Preset(
            "wordai",
            "phrase-heavy rewriter: MyThes first senses, prefers multiword swaps, leaves names",
            words="mythes",
            phrases="mythes",
            top_k=2,
            senses=2,
            back=3,
            phrase_weight=4.0,
            names=False,
        ),
        Preset(
            "thesaurus",
            "plain thesaurus lookup: surface words, WordNet synsets, no phrases",
            words="wordnet",
            top_k=3,
            senses=3,
            back=3,
            min_zipf=3.0,
            inflect=False,
        ),
        Preset(
            "rewriter",
            "free article rewriter: common synonyms Moby lists both ways and word swaps seen in "
            "real spinner output, lemma-level, swaps names",
            words="moby",
            phrases="wordnet",
            top_k=2,
            senses=2,
            min_zipf=4.0,
            slips=True,
        ),
        Preset(
            "papermill",
            "paper-mill spinner: listed tortured phrases for technical terms plus word swaps",
            words="wordnet",
            lists=("tortured",),
            rate=0.25,
            senses=2,
            back=3,
            phrase_weight=6.0,
            names=False,
        ),
    )
}
