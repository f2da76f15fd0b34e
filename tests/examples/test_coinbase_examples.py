"""The Coinbase examples run to completion against the embedded simulator."""

from __future__ import annotations

import pytest


def test_market_data_example_keeps_a_book_and_sees_trades(run_example):
    result = run_example("coinbase_market_data.py", "--seconds", "0.5")
    assert result.returncode == 0, result.stderr
    assert "subscribed: ['level2:BTC-USD']" in result.stdout
    assert "(1 snapshot(s))" in result.stdout
    assert "best bid / offer: empty" not in result.stdout


def test_user_orders_example_prints_the_order_update(run_example):
    result = run_example("coinbase_user_orders.py", "--seconds", "5")
    assert result.returncode == 0, result.stderr
    assert "subscribed: ['user']" in result.stdout
    assert "update   " in result.stdout and "OPEN BUY 0.001 @ 68900 BTC-USD" in result.stdout
    assert "PRIVATE KEY" not in result.stdout + result.stderr


@pytest.mark.parametrize("script", ["coinbase_market_data.py", "coinbase_user_orders.py"])
def test_examples_explain_themselves(run_example, script):
    result = run_example(script, "--help")
    assert result.returncode == 0 and "--url" in result.stdout
