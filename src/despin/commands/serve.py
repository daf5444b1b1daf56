"""``despin serve``: the HTTP API, LanguageTool-compatible endpoint and web page."""

from __future__ import annotations

from pathlib import Path

import typer

from despin.commands.common import fail, resident
from despin.commands.engine_cmds import ChannelOpt

IndexOpt = typer.Option(None, help="Trace index file: enables POST /api/trace.", show_default=False)


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8010, help="TCP port (0 picks a free one)."),
    max_chars: int = typer.Option(200_000, help="Longest accepted text, in characters."),
    timeout: float = typer.Option(60.0, help="Seconds one analysis may take before a 504."),
    workers: int = typer.Option(2, help="Engine threads."),
    index: Path = IndexOpt,
    channel: Path = ChannelOpt,
) -> None:
    """Serve the web page at / and the API (docs at /docs)."""
    if not 0 <= port <= 65535:
        fail(f"--port must be between 0 and 65535, got {port}", 2)
    if max_chars < 1 or timeout <= 0 or workers < 1:
        fail("--max-chars, --timeout and --workers must be positive", 2)
    import socket

    try:
        import uvicorn

        from despin.serve import Settings, create_app
    except ImportError as e:
        fail(f"serving needs the 'serve' extra ({e.name} is missing): pip install 'despin[serve]'")

    try:
        sock = socket.create_server((host, port))
    except OSError as e:
        fail(f"cannot listen on {host}:{port} ({e.strerror or e})")
    from despin.engine import Despinner

    try:
        engine = resident(Despinner(channel=str(channel) if channel else None))
    except ValueError as e:  # a bad channel file: its own message
        fail(str(e))
    except OSError as e:
        fail(f"cannot load the engine's data: {e}")
    settings = Settings(max_chars=max_chars, timeout=timeout, workers=workers)
    app = create_app(settings, engine, index=load_index(index) if index else None)
    typer.echo(f"despin: serving http://{host}:{sock.getsockname()[1]}/ (API docs at /docs)")
    uvicorn.Server(uvicorn.Config(app, log_level="info")).run(sockets=[sock])


def load_index(path: Path):
    from despin.trace import Index, IndexFileError

    try:
        return Index.load(path)
    except (IndexFileError, OSError) as e:
        fail(str(e) if isinstance(e, IndexFileError) else f"{path}: cannot read ({e.strerror})")


def register(app: typer.Typer) -> None:
    app.command()(serve)
