"""examples/binance_trading.py runs to completion against the simulator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_trading_example_runs_against_the_simulator_and_cancels_its_order():
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "binance_trading.py")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "state: authenticated" in done.stdout
    assert "market order" in done.stdout and "FILLED" in done.stdout
    assert "user data: TRADE" in done.stdout
    assert "CANCELED" in done.stdout


def test_the_trading_example_reports_a_failure_without_a_traceback():
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "binance_trading.py"),
            "--url",
            "ws://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
        env={"BINANCE_API_KEY": "k", "BINANCE_SECRET_KEY": "s", "PATH": ""},
    )
    assert done.returncode == 1
    assert "failed:" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_names_the_url_option_and_the_environment_keys():
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "binance_trading.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--url" in done.stdout
    assert "BINANCE_API_KEY" in done.stdout and "BINANCE_SECRET_KEY" in done.stdout
