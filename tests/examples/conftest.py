"""Running an example as a user would: its own interpreter, from the checkout's root."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RunExample = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run_example() -> RunExample:
    """``run_example(script, *args, env=None)``: run ``examples/<script>`` to its end."""

    def run(
        script: str, *args: str, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "examples" / script), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env=env,
        )

    return run
