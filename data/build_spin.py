"""Build the spinner simulator's sense tables src/despin/data/spin.json.gz.

WordNet and MyThes list a word's senses commonest first; the simulator only swaps a word for a
synonym that shares one of its leading senses (see despin.spin.spinner.ranked). Kept per head
(lowercase lemma or phrase) and part of speech: the first SENSES senses, proper nouns and rare
members dropped. Sources and licenses: data/SOURCES.md.

Usage: python data/build_spin.py [--out FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from wordfreq import zipf_frequency

OUT = Path(__file__).resolve().parent.parent / "src" / "despin" / "data" / "spin.json.gz"
WORDNET = Path("/usr/share/wordnet")
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
UPOS = {"noun": "NOUN", "verb": "VERB", "adj": "ADJ", "adv": "ADV"}
SENSES = 4  # leading senses kept per head and part of speech
MIN_HEAD_ZIPF = 2.0
MIN_MEMBER_ZIPF = 2.5
SIMILAR = " (similar term)"
TERM_RE = re.compile(r"[a-z]+(?:[ -][a-z]+)*")


def term(word: str) -> str | None:
    """Normalized common-noun term, or None for proper nouns, symbols and rare words."""
    w = re.sub(r"\(\w+\)$", "", word).replace("_", " ").strip()
    if w != w.lower() or not TERM_RE.fullmatch(w) or zipf_frequency(w, "en") < MIN_MEMBER_ZIPF:
        return None
    return w


def wordnet() -> tuple[list[list[str]], dict[str, dict[str, list[int]]]]:
    """Synsets (member lists), and head -> POS -> synset numbers in WordNet's sense order."""
    offsets, heads = {}, defaultdict(dict)
    for pos in UPOS:
        for line in (WORDNET / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            f = line.split(" | ")[0].split()
            members = [t for w in f[4 : 4 + 2 * int(f[3], 16) : 2] if (t := term(w))]
            if len(members) > 1:
                offsets[pos, f[0]] = members
        for line in (WORDNET / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            f = line.split()
            head = f[0].replace("_", " ")
            if line.startswith(" ") or zipf_frequency(head, "en") < MIN_HEAD_ZIPF:
                continue
            heads[head][UPOS[pos]] = [(pos, off) for off in f[-int(f[2]) :]][:SENSES]
    used = sorted({k for h in heads.values() for ks in h.values() for k in ks if k in offsets})
    number = {k: i for i, k in enumerate(used)}
    senses = {
        h: {p: [number.get(k, -1) for k in ks] for p, ks in ps.items()}
        for h, ps in heads.items()
        if any(k in number for ks in ps.values() for k in ks)
    }
    return [offsets[k] for k in used], senses


def mythes() -> dict[str, dict[str, list[list[str]]]]:
    """Head -> POS -> senses (plain and similar-term synonyms), in MyThes order."""
    heads: dict[str, dict[str, list[list[str]]]] = defaultdict(lambda: defaultdict(list))
    head = None
    for line in MYTHES.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.startswith("("):
            head = line.split("|")[0]
            keep = zipf_frequency(head, "en") >= MIN_HEAD_ZIPF and head == head.lower()
            continue
        tag, *items = line.split("|")
        pos = UPOS.get(tag[1:-1])
        senses = heads[head][pos] if keep and pos else None
        if senses is None or len(senses) >= SENSES:
            continue
        syns = [s for s in items if "(" not in s]
        syns += [s.removesuffix(SIMILAR) for s in items if s.endswith(SIMILAR)]
        senses.append([t for s in syns if (t := term(s)) and t != head])
    return {h: {p: s for p, s in ps.items() if any(s)} for h, ps in heads.items() if ps}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    out = ap.parse_args().out
    synsets, heads = wordnet()
    data = {"format": 1, "synsets": synsets, "wordnet": heads, "mythes": mythes()}
    out.write_bytes(gzip.compress(json.dumps(data, separators=(",", ":")).encode(), mtime=0))
    sizes = {k: len(v) for k, v in data.items() if isinstance(v, dict)}
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB): {sizes}", file=sys.stderr)


if __name__ == "__main__":
    main()
