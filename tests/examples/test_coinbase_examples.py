"""The Coinbase examples run to completion against the embedded simulator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_market_data_example_keeps_a_book_and_sees_trades():
    result = _run("coinbase_market_data.py", "--seconds", "0.5")
    assert result.returncode == 0, result.stderr
    assert "subscribed: ['level2:BTC-USD']" in result.stdout
    assert "(1 snapshot(s))" in result.stdout
    assert "best bid / offer: empty" not in result.stdout


def test_user_orders_example_prints_the_order_update():
    result = _run("coinbase_user_orders.py", "--seconds", "5")
    assert result.returncode == 0, result.stderr
    assert "subscribed: ['user']" in result.stdout
    assert "update   " in result.stdout and "OPEN BUY 0.001 @ 68900 BTC-USD" in result.stdout
    assert "PRIVATE KEY" not in result.stdout + result.stderr


@pytest.mark.parametrize("script", ["coinbase_market_data.py", "coinbase_user_orders.py"])
def test_examples_explain_themselves(script):
    result = _run(script, "--help")
    assert result.returncode == 0 and "--url" in result.stdout
