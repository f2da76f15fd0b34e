"""examples/binance_trading.py runs to completion against the simulator."""

from __future__ import annotations

SCRIPT = "binance_trading.py"


def test_the_trading_example_runs_against_the_simulator_and_cancels_its_order(run_example):
    done = run_example(SCRIPT)
    assert done.returncode == 0, done.stderr
    assert "state: authenticated" in done.stdout
    assert "market order" in done.stdout and "FILLED" in done.stdout
    assert "user data: TRADE" in done.stdout
    assert "CANCELED" in done.stdout


def test_the_trading_example_reports_a_failure_without_a_traceback(run_example):
    env = {"BINANCE_API_KEY": "k", "BINANCE_SECRET_KEY": "s", "PATH": ""}
    done = run_example(SCRIPT, "--url", "ws://127.0.0.1:9", env=env)
    assert done.returncode == 1
    assert "failed:" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_names_the_url_option_and_the_environment_keys(run_example):
    done = run_example(SCRIPT, "--help")
    assert done.returncode == 0, done.stderr
    assert "--url" in done.stdout
    assert "BINANCE_API_KEY" in done.stdout and "BINANCE_SECRET_KEY" in done.stdout
