"""``despin spin``: spin text like a real spinner and print it (``--json`` adds the gold edits)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from despin.commands.common import FileArg, check_probability, fail, print_json, read_text
from despin.spin.presets import PRESETS


def spin(
    file: Path = FileArg,
    rate: Annotated[
        float | None, typer.Option(help="Share of words to replace (preset default if omitted).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for the spinner's dictionary and choices.")] = 0,
    preset: Annotated[
        str, typer.Option(help=f"Spinner family: {', '.join(PRESETS)}.")
    ] = "spinbot",
    json_out: Annotated[
        bool, typer.Option("--json", help="Print text, gold edits (spun -> original) and rate.")
    ] = False,
) -> None:
    """Spin text with a simulated synonym spinner (gold edits point back to the original)."""
    from despin.spin import Spinner

    check_probability("--rate", rate)
    if preset not in PRESETS:
        fail(f"unknown preset {preset!r} (choose from {', '.join(PRESETS)})", 2)
    result = Spinner(preset, rate=rate, seed=seed).spin(read_text(file))
    if json_out:
        print_json(result.to_json())
    else:
        typer.echo(result.text, nl=False)


def register(app: typer.Typer) -> None:
    app.command()(spin)
