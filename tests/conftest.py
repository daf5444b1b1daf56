import subprocess
import sys

import pytest


@pytest.fixture
def run_cli():
    """Run the real ``despin`` CLI in a subprocess; returns CompletedProcess (text mode)."""

    def run(*args, input=None):
        return subprocess.run(
            [sys.executable, "-m", "despin", *map(str, args)],
            input=input,
            check=False,
            capture_output=True,
            text=isinstance(input, str) or input is None,
            timeout=600,
        )

    return run


@pytest.fixture
def live_server():
    """Start an ASGI app on a real uvicorn server on 127.0.0.1 (free port); yields its URL."""
    import contextlib
    import socket
    import threading
    import time

    import uvicorn

    @contextlib.contextmanager
    def serve(app):
        sock = socket.create_server(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            assert thread.is_alive(), "server failed to start"
            time.sleep(0.02)
        try:
            yield f"http://127.0.0.1:{sock.getsockname()[1]}"
        finally:
            server.should_exit = True
            thread.join(30)
            sock.close()

    return serve


@pytest.fixture
def swap_engine():
    """A Despinner whose ``propose`` stage undoes a fixed list of swaps: deterministic edits
    for testing front ends independently of the real engine's quality."""
    from despin.edits import Edit
    from despin.engine import Despinner
    from despin.text import match_case

    swaps = {"stated": ("said", 0.93), "army": ("military", 0.76), "specialists": ("experts", 0.6)}

    class SwapDespinner(Despinner):
        def propose(self, text, tokens):
            return [
                Edit(t.start, len(t.text), t.text, match_case(t.text, swaps[t.norm][0]),
                     swaps[t.norm][1])
                for t in tokens
                if t.norm in swaps
            ]

    return SwapDespinner(min_confidence=0.5)  # independent of the shipped threshold
