"""``despin learn``: adapt the channel to one spinner from its output (unlabeled, or paired
with the originals)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.progress import Progress

from despin.commands.common import fail
from despin.text import InputError, decode


def _texts(paths: list[Path], text_field: str) -> Iterator[str]:
    """Documents from .txt files, folders of them, or .jsonl files (one JSON object a line)."""
    for path in paths:
        if path.is_dir():
            yield from _texts(sorted(p for p in path.rglob("*") if p.is_file()), text_field)
        elif path.suffix == ".jsonl":
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                try:
                    text = json.loads(line)[text_field] if line.strip() else ""
                except (ValueError, KeyError, TypeError):
                    fail(f"{path}:{n}: not a JSON object with a {text_field!r} field")
                if isinstance(text, str) and text.strip():
                    yield text
        else:
            try:
                yield decode(path.read_bytes(), str(path))
            except InputError as e:
                fail(str(e))


def learn(
    corpus: list[Path] = typer.Argument(None, help="Spun .txt files, folders or .jsonl files."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write channel.json."),
    pairs: list[Path] = typer.Option(
        None, help='.jsonl of {"spun", "original"} per line: swaps learned directly.'),
    channel: Path = typer.Option(None, help="Start from this channel file (default: built-in)."),
    rounds: int = typer.Option(2, min=1, max=10, help="EM rounds over the corpus."),
    text_field: str = typer.Option("text", help="Text field of .jsonl input."),
) -> None:
    """Learn one spinner's swaps from its output; use the result with --channel."""
    corpus, pairs = corpus or [], pairs or []
    if not corpus and not pairs:
        fail("give a spun corpus, --pairs, or both")
    missing = [str(p) for p in [*corpus, *pairs] if not p.exists()]
    if missing:
        fail(f"{missing[0]}: no such file or folder")
    texts = list(_texts(corpus, text_field))
    if corpus and not texts:
        fail("no non-empty documents in the corpus")
    from despin.channel.train import adapt, learn_pairs
    from despin.engine import Despinner
    from despin.evaluation import load_pairs

    try:
        known = [p for path in pairs for p in load_pairs(path)]
        despinner = Despinner(channel=str(channel) if channel else None)
    except ValueError as e:
        fail(str(e))
    if known:
        learn_pairs(despinner, known)
    if texts:
        with Progress(transient=True) as bar:
            task = bar.add_task("learning", total=len(texts) * rounds)
            adapt(despinner, texts, rounds, progress=lambda: bar.advance(task))
    despinner.channel.save(output)
    n = sum(len(v) for v in despinner.channel.pairs.values())
    typer.echo(f"learned {n} swaps from {len(known)} pairs and {len(texts)} documents -> {output}")


def register(app: typer.Typer) -> None:
    app.command()(learn)
