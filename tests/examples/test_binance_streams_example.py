"""The Binance streams example runs to completion against its embedded simulator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "binance_streams.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLE), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_help_names_the_url_option():
    done = run("--help")
    assert done.returncode == 0 and "--url" in done.stdout


def test_example_streams_across_rotations_without_gaps():
    done = run("--trades", "120")
    assert done.returncode == 0, done.stderr
    assert "subscribed ['btcusdt@trade', 'btcusdt@bookTicker', 'btcusdt@depth5@100ms']" in (
        done.stdout
    )
    assert "120 trades" in done.stdout and "gaps or repeats: none" in done.stdout
