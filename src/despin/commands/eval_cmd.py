"""``despin eval``: score the engine on spun held-out text or on user (spun, original) pairs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from despin.commands.common import check_probability, fail, print_json


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def _table(reports) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="despin eval (restore: edit-level, case-insensitive replacement)")
    cols = [
        "benchmark",
        "docs",
        "gold",
        "P",
        "R",
        "F0.5",
        "F0.5 exact",
        "AUROC",
        "det P",
        "det R",
        "span F1",
        "ECE",
        "clean FPR",
        "clean edits/1k",
    ]
    for c in cols:
        t.add_column(c, justify="left" if c == "benchmark" else "right")
    for r in reports:
        d = r.detect
        t.add_row(
            r.name,
            str(r.docs),
            str(r.gold_edits),
            _pct(r.restore["precision"]),
            _pct(r.restore["recall"]),
            _pct(r.restore["f05"]),
            _pct(r.restore_exact["f05"]),
            "-" if d.get("auroc") is None else f"{d['auroc']:.3f}",
            _pct(d.get("precision")),
            _pct(d.get("recall")),
            _pct(d["spans"]["f1"] if d else None),
            f"{r.ece:.3f}",
            _pct(r.clean["false_positive_rate"]),
            f"{r.clean['edits_per_1k_words']:.1f}",
        )
    kinds = Table(title="by gold edit kind: recall (precision from the system's own kinds)")
    for c in ("benchmark", "kind", "gold", "P", "R", "F0.5"):
        kinds.add_column(c, justify="left" if c in ("benchmark", "kind") else "right")
    for r in reports:
        for k, v in r.by_kind.items():
            kinds.add_row(
                r.name,
                k,
                str(v["tp"] + v["fn"]),
                _pct(v["precision"]),
                _pct(v["recall"]),
                _pct(v["f05"]),
            )
    console = Console(width=max(Console().width, 140))
    console.print(t)
    console.print(kinds)


def eval_(
    pairs: Annotated[
        Path | None, typer.Option("--pairs", help='A .jsonl of {"spun", "original"} per line.')
    ] = None,
    preset: Annotated[
        list[str] | None, typer.Option("--preset", help="Spinner preset(s); default: all.")
    ] = None,
    genre: Annotated[
        list[str] | None, typer.Option("--genre", help="Held-out genre(s); default: all.")
    ] = None,
    split: Annotated[
        str, typer.Option(help="Held-out split: test (reported numbers) or train.")
    ] = "test",
    rate: Annotated[
        float | None, typer.Option(help="Spin rate (preset default if omitted).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Spinner seed.")] = 0,
    limit: Annotated[int | None, typer.Option(min=1, help="At most N documents per genre.")] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the full reports as JSON.")
    ] = False,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a PR curve + reliability diagram PNG.")
    ] = None,
    fast: Annotated[
        bool, typer.Option("--fast", help="Score the fast screen: its spans' suggestions as edits.")
    ] = False,
    channel: Annotated[
        Path | None, typer.Option("--channel", help="A channel file from `despin learn`.")
    ] = None,
) -> None:
    """Score restoration and detection against gold edits (spun held-out text or your pairs)."""
    from despin.evaluation import GENRES, SpansAsEdits, evaluate, load_heldout, load_pairs
    from despin.spin import PRESETS

    check_probability("--rate", rate)
    for p in preset or ():
        if p not in PRESETS:
            fail(f"unknown preset {p!r} (choose from {', '.join(PRESETS)})", 2)
    for g in genre or ():
        if g not in GENRES:
            fail(f"unknown genre {g!r} (choose from {', '.join(GENRES)})", 2)
    if split not in ("train", "test"):
        fail(f"unknown split {split!r} (choose from train, test)", 2)
    if plot is not None and plot.suffix.lower() != ".png":
        fail(f"--plot must name a .png file, got {plot}", 2)
    if fast and channel is not None:
        from despin.commands.engine_cmds import FAST_NO_CHANNEL

        fail(FAST_NO_CHANNEL, 2)
    if fast:
        from despin.detector.screen import Screen

        engine = SpansAsEdits(Screen.load())  # the screen alone: no engine to load
    else:
        from despin.commands.engine_cmds import engine as load_engine

        engine = load_engine(channel)
    if pairs is not None:
        try:
            user = load_pairs(pairs)
        except FileNotFoundError:
            fail(f"{pairs}: no such file")
        except (OSError, UnicodeDecodeError, ValueError) as e:
            fail(str(e).splitlines()[0] if str(e) else f"{pairs}: cannot read")
        reports = [evaluate(engine, pairs=user[:limit] if limit else user, name=pairs.name)]
    else:
        docs = load_heldout(genre or None, split)
        if limit:
            per = {}
            docs = [
                d
                for d in docs
                if per.setdefault(d.genre, []).append(d) or len(per[d.genre]) <= limit
            ]
        reports = [
            evaluate(engine, docs, preset=p, rate=rate, seed=seed) for p in preset or PRESETS
        ]
    if plot is not None:
        from despin.evaluation.plot import plot as draw

        draw(reports, plot)
    if json_out:
        print_json({"reports": [r.to_json() for r in reports]})
    else:
        _table(reports)


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_)
