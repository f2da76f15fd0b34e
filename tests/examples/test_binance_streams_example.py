"""The Binance streams example runs to completion against its embedded simulator."""

from __future__ import annotations

SCRIPT = "binance_streams.py"


def test_help_names_the_url_option(run_example):
    done = run_example(SCRIPT, "--help")
    assert done.returncode == 0 and "--url" in done.stdout


def test_example_streams_across_rotations_without_gaps(run_example):
    done = run_example(SCRIPT, "--trades", "120")
    assert done.returncode == 0, done.stderr
    assert "subscribed ['btcusdt@trade', 'btcusdt@bookTicker', 'btcusdt@depth5@100ms']" in (
        done.stdout
    )
    assert "120 trades" in done.stdout and "gaps or repeats: none" in done.stdout
