"""``despin scan``: annotate JSONL / Parquet / WARC corpora with despin scores, at scale."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from despin.commands.common import check_probability, fail
from despin.commands.engine_cmds import FAST_NO_CHANNEL, ChannelOpt


class Fmt(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"


class Engine(str, Enum):
    local = "local"
    ray = "ray"


INPUTS_HELP = "Files, folders or globs (.jsonl[.gz|.zst], .parquet, .warc[.gz])."


def scan(
    inputs: Annotated[list[str], typer.Argument(help=INPUTS_HELP, show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder (sharded).")],
    fmt: Annotated[Fmt, typer.Option("--format", help="Output format.")] = Fmt.jsonl,
    text_field: str = typer.Option("text", help="Field holding the text."),
    id_field: str = typer.Option(
        "id", help="Field holding the record id (WARC record ids go here)."
    ),
    restore: bool = typer.Option(
        False, "--restore", help="Add the restored text (despin_restored)."
    ),
    fast: bool = typer.Option(
        False, "--fast", help="Detect with the fast screen: corpus speed, rougher spans."),
    min_score: float = typer.Option(None, help="Route records scoring >= P to OUTPUT/flagged."),
    workers: int = typer.Option(os.cpu_count() or 1, help="Worker processes (one engine each)."),
    engine: Annotated[
        Engine, typer.Option(help="local processes, or a Ray cluster.")
    ] = Engine.local,
    shard_size: int = typer.Option(1_000, help="Records per output shard (unit of resume and progress)."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first bad record."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    channel: Path = ChannelOpt,
) -> None:
    """Scan a corpus: every record gets despin_score, despin_label and despin_spans."""
    check_probability("--min-score", min_score)
    if workers < 1 or shard_size < 1:
        fail("--workers and --shard-size must be at least 1", 2)
    if fast and restore:
        fail("--fast scores only; restoring needs the engine (drop --fast or --restore)", 2)
    if fast and channel is not None:
        fail(FAST_NO_CHANNEL, 2)
    if channel is not None:
        from despin.channel import Channel

        try:  # a bad file: its own one-line error, before the scan opens its output
            Channel.load(str(channel))
        except ValueError as e:
            fail(str(e))
    extra = "ray" if engine is Engine.ray else "scan"
    try:
        from despin.scan import ScanError, ScanOptions
        from despin.scan import scan as run_scan

        opts = ScanOptions(text_field, id_field, restore, fast, min_score, fmt.value, shard_size,
                           strict, str(channel) if channel else None)
        tty = not quiet and sys.stderr.isatty()
        summary = run_scan(inputs, output, opts, workers=workers, engine=engine.value, progress=tty)
    except ModuleNotFoundError as e:
        fail(f"despin scan needs {e.name}: pip install 'despin[{extra}]'")
    except ScanError as e:
        fail(str(e))
    except KeyboardInterrupt:
        fail("interrupted; rerun the same command to resume", 130)
    if not quiet:
        for line in summary.lines(output):
            typer.echo(line, err=True)


def register(app: typer.Typer) -> None:
    app.command()(scan)
