"""Context-model quality: perplexity on held-out news, and how often the LM ranks the original
first among the candidate originals of a spun span.

Held-out text: Brown press editorials (benchmarks/data/lm_heldout/, see data/SOURCES.md), never
used to build the model. Spun positions come from despin.spin; candidates from the inverse
lexicon (despin.lexicon) when its data is built, else the original plus its Moby synonyms.
Each scorer's accuracy is printed with its ratio to the frequency-only baseline.

    python benchmarks/lm_quality.py [--sentences N] [--preset spinbot] [--seed 0]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path

from despin.lm import LanguageModel
from despin.spin import spin
from despin.text import tokenize

PMI = 0.4  # weight of the candidate's own frequency taken back out of the window score
PRIOR = 0.5  # weight of the lexicon's prior P(original | spun)
HELDOUT = Path(__file__).resolve().parent / "data" / "lm_heldout" / "brown_press_b.txt"


def words(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


def perplexity(lm: LanguageModel, sents: list[list[str]], context: bool = True) -> float:
    total = n = 0
    for s in sents:
        seq = ["<s>", *s, "</s>"]
        for i in range(1, len(seq)):
            total += lm.logprob(seq[i], seq[max(0, i - 2) : i] if context else ())
            n += 1
    return math.exp(-total / n)


def candidate_source():
    """(name, function spun -> {alternative word tuple: prior}) from the lexicon, else Moby."""
    try:
        from despin.lexicon import Lexicon

        lex = Lexicon.load()
        return "lexicon", lambda orig, spun: {
            tuple(c.original.split()): c.prior for c in lex.lookup(spun)
        }
    except (ImportError, RuntimeError, OSError):
        from despin.spin.sources import _moby

        moby = _moby()

        def alts(orig, spun):
            return {tuple(w.lower().split()) for w in {orig, *moby.get(orig, ())}}

        return "moby", lambda orig, spun: dict.fromkeys(alts(orig, spun), 1.0)


def scorers(lm: LanguageModel) -> dict:
    """label -> f(left, candidate, right, prior); higher is better."""

    def window_mean(left, cand, right, prior):
        return lm.window_score(left, cand, right) / (len(cand) + len(right[:2]))

    def window_pmi(left, cand, right, prior):
        return lm.window_score(left, cand, right) - PMI * lm.score(cand)

    return {
        "frequency (baseline)": lambda left, cand, right, prior: lm.score(cand),
        "left context": lambda left, cand, right, prior: lm.score(cand, left),
        "window (left+right)": lambda left, cand, right, prior: lm.window_score(left, cand, right),
        "window, per-token mean": window_mean,
        f"window - {PMI} x frequency": window_pmi,
        f"  same + {PRIOR} x ln prior": lambda left, cand, right, prior: (
            window_pmi(left, cand, right, prior) + PRIOR * math.log(prior)
        ),
    }


def swaps(sentences: list[str], preset: str, seed: int, clean: bool):
    """(kind, left words, spun words, original words, right words) for each spun span; the
    context is the spun sentence, or with ``clean`` the original (only this span spun)."""
    for s in sentences:
        r, shift = spin(s, preset, seed=seed), 0
        for e in r.edits:
            text, start, end = r.text, e.offset, e.offset + e.length
            if clean:
                text, start, end = s, start + shift, start + shift + len(e.restored)
            shift += len(e.restored) - len(e.spun)
            left = ["<s>", *words(text[:start])][-2:]
            right = [*words(text[end:]), "</s>"][:2]
            yield e.kind, tuple(left), words(e.spun), tuple(words(e.restored)), tuple(right)


def ranking(lm: LanguageModel, lines: list[str], args, clean: bool, cmd: str) -> None:
    name, alternatives = candidate_source()
    score_fns = scorers(lm)
    hits, seen, covered = Counter(), Counter(), Counter()
    for kind, left, spun, orig, right in swaps(lines, args.preset, args.seed, clean):
        seen[kind] += 1
        alts = alternatives(" ".join(orig), " ".join(spun))
        if orig not in alts:
            continue
        covered[kind] += 1
        for label, f in score_fns.items():
            best = max(sorted(alts), key=lambda c: f(left, c, right, alts[c]))
            hits[label, kind] += best == orig
            hits[label] += best == orig
    n, cov = sum(seen.values()), sum(covered.values())
    print(
        f"ranking in {'clean' if clean else 'spun'} context: {n} spun spans ({args.preset}), "
        f"original among the {name} candidates in {cov} ({cov / max(n, 1):.1%}); "
        "accuracy at those:"
    )
    base = hits["frequency (baseline)"] or 1
    for label in score_fns:
        per_kind = ", ".join(f"{k} {hits[label, k] / covered[k]:.1%}" for k in covered)
        print(
            f"  {label:28s} {hits[label] / max(cov, 1):6.1%}  (x{hits[label] / base:.2f})"
            f"  [{per_kind}]"
        )
    print(f"  [{cmd}]")


def speed(lm: LanguageModel, sents: list[list[str]], cmd: str) -> None:
    def run() -> float:
        t0 = time.perf_counter()
        for s in sents:
            seq = ["<s>", *s]
            for i in range(1, len(seq)):
                lm.logprob(seq[i], seq[max(0, i - 2) : i])
        return sum(map(len, sents)) / (time.perf_counter() - t0)

    lm._memo.clear()
    cold, warm = run(), run()
    print(
        f"speed: {cold:,.0f} logprob calls/s cold, {warm:,.0f} warm (x{warm / cold:.1f})  [{cmd}]"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=1000, help="held-out sentences to use")
    ap.add_argument("--preset", default="spinbot")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    cmd = " ".join(["python benchmarks/lm_quality.py", *sys.argv[1:]])

    t0 = time.perf_counter()
    lm = LanguageModel.load()
    print(f"load {time.perf_counter() - t0:.2f} s, vocabulary {lm.vocab_size:,}")
    lines = HELDOUT.read_text().splitlines()[: args.sentences]
    sents = [words(s) for s in lines]
    n = sum(map(len, sents))
    unknown = sum(not lm.known(w) for s in sents for w in s)
    print(f"held-out: {len(sents)} sentences, {n} tokens, {unknown} unknown to the model")
    base, ppl = perplexity(lm, sents, context=False), perplexity(lm, sents)
    print(
        f"perplexity: trigram {ppl:.1f}, unigram baseline {base:.1f} "
        f"(ratio {ppl / base:.2f})  [{cmd}]"
    )
    for clean in (False, True):
        ranking(lm, lines, args, clean, cmd)
    speed(lm, sents, cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
