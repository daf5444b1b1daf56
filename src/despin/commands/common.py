"""Helpers shared by the CLI commands: input reading, JSON output, one-line errors."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import typer

from despin.text import InputError, decode

FileArg = typer.Argument(None, help="Input file; '-' or omitted reads stdin.", show_default=False)


def fail(message: str, code: int = 1) -> None:
    """Print one line to stderr and exit with ``code`` (1 input error, 2 usage error)."""
    typer.echo(f"despin: error: {message}", err=True)
    raise typer.Exit(code)


def read_text(path: Path | None) -> str:
    """Read UTF-8 text from a file or stdin; any problem becomes a one-line error."""
    if path is None or str(path) == "-":
        if sys.stdin is None or sys.stdin.isatty():
            fail("no input: give a FILE or pipe text on stdin", 2)
        data, name = sys.stdin.buffer.read(), "stdin"
    else:
        try:
            data, name = path.read_bytes(), str(path)
        except FileNotFoundError:
            fail(f"{path}: no such file")
        except IsADirectoryError:
            fail(f"{path}: is a directory, expected a text file")
        except OSError as e:
            fail(f"{path}: cannot read ({e.strerror})")
    try:
        return decode(data, name)
    except InputError as e:
        fail(str(e))


def print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def check_probability(name: str, value: float | None) -> None:
    if value is not None and not 0.0 <= value <= 1.0:
        fail(f"{name} must be between 0 and 1, got {value}", 2)


def resident(obj):
    """``obj`` (an engine with its language data) lives as long as this process: the garbage
    collector stops scanning it (its full collections over that data cost about a second of
    a command's run)."""
    gc.freeze()
    return obj
