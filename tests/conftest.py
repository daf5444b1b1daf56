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
