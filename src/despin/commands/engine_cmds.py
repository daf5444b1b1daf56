"""``despin restore`` and ``despin detect``."""

from __future__ import annotations

from pathlib import Path

import typer

from despin.commands.common import (
    FileArg,
    check_probability,
    fail,
    print_json,
    read_text,
    resident,
)

ChannelOpt = typer.Option(None, "--channel", help="A channel file from `despin learn`.")
FAST_NO_CHANNEL = "--fast scores with the fast screen, which takes no --channel"


def engine(channel: Path | None):
    """The default engine, or one adapted with a learned channel file."""
    from despin.engine import Despinner, default

    if channel is None:
        return resident(default())
    try:
        return resident(Despinner(channel=str(channel)))
    except ValueError as e:
        fail(str(e))


def restore(
    file: Path = FileArg,
    json_out: bool = typer.Option(False, "--json", help="Print text and edits as JSON."),
    min_confidence: float = typer.Option(None, help="Apply only edits at least this confident."),
    gate: float = typer.Option(
        None, help="Leave a text alone when its spun score is under this (scaled down for "
        "texts under 100 words; default: the tuned gate; 0 restores every text)."),
    channel: Path = ChannelOpt,
) -> None:
    """Rewrite spun text back to its most likely original wording."""
    check_probability("--min-confidence", min_confidence)
    check_probability("--gate", gate)
    text = read_text(file)
    result = engine(channel).restore(text, min_confidence=min_confidence, gate=gate)
    if json_out:
        print_json(result.to_json())
    else:
        typer.echo(result.text, nl=False)


def detect(
    file: Path = FileArg,
    json_out: bool = typer.Option(False, "--json", help="Print score, label and spans as JSON."),
    fast: bool = typer.Option(
        False, "--fast", help="Detect with the fast screen (corpus speed; rougher spans)."),
    threshold: float = typer.Option(
        None, help="Label a text spun from this score (default: the tuned one, at most 1% "
        "false positives on clean text; lower finds more lightly spun text)."),
    channel: Path = ChannelOpt,
) -> None:
    """Score how likely a text was spun and mark the suspicious spans."""
    if fast and channel is not None:
        fail(FAST_NO_CHANNEL, 2)
    check_probability("--threshold", threshold)
    text = read_text(file)
    if fast:
        from despin.engine import screen

        result = screen(text, threshold=threshold)
    else:
        result = engine(channel).detect(text, threshold=threshold)
    if json_out:
        print_json(result.to_json())
        return
    typer.echo(f"{result.label}  (score {result.score:.2f}, {len(result.spans)} suspicious spans)")
    for s in result.spans:
        typer.echo(f"  {s.offset:>7}  {s.text!r} -> {s.suggestion!r}  ({s.confidence:.2f})")


def register(app: typer.Typer) -> None:
    app.command()(restore)
    app.command()(detect)
