"""``python -m venues demo`` runs its story to completion."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
simulator = pytest.importorskip("venues.deribit.simulator")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "venues", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_help_lists_the_demo_command():
    done = run("--help")
    assert done.returncode == 0 and "demo" in done.stdout


def test_an_unknown_command_is_refused():
    assert run("dance").returncode == 2


@pytest.mark.skipif(not hasattr(simulator, "DeribitSimulator"), reason="DeribitSimulator missing")
def test_the_demo_streams_trades_reconnects_and_exits_zero():
    done = run("demo")
    assert done.returncode == 0, done.stderr
    for line in ("trades", "placed", "edited", "cancelled", "kill", "restored", "rate", "done"):
        assert any(row.startswith(line) for row in done.stdout.splitlines()), line
