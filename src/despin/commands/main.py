"""The ``despin`` command: registers one sub-command per module."""

from __future__ import annotations

import typer

from despin.commands import engine_cmds, eval_cmd, learn, serve, spin_cmd
from despin.commands import scan as scan_cmd
from despin.commands import trace as trace_cmd

app = typer.Typer(
    name="despin",
    help="Detect, restore and trace spun (synonym-swapped) text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

engine_cmds.register(app)
learn.register(app)
serve.register(app)
spin_cmd.register(app)
eval_cmd.register(app)
scan_cmd.register(app)
trace_cmd.register(app)


def main() -> None:
    app()
