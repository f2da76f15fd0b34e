"""Each Deribit example runs to completion against its embedded simulator."""

from __future__ import annotations

import re

import pytest

EXAMPLES = ["deribit_market_data.py", "deribit_trading.py", "deribit_reconnect.py"]
# What each example's lines start with: one whole event per line, never two interleaved.
LABELS = {
    "deribit_market_data.py": ("time", "book", "subscribed", "trades", "credits", "state"),
    "deribit_trading.py": ("auth", "placed", "edited", "state", "cancel", "credits"),
    "deribit_reconnect.py": ("subscribed", "dropping", "state", "restored"),
}


@pytest.mark.parametrize("name", EXAMPLES)
def test_help_works(run_example, name):
    done = run_example(name, "--help")
    assert done.returncode == 0 and "--url" in done.stdout


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("deribit_market_data.py", "subscribed"),
        ("deribit_trading.py", "cancelled"),
        ("deribit_reconnect.py", "restored"),
    ],
)
def test_example_runs_to_completion_against_the_simulator(run_example, name, line):
    done = run_example(name)
    assert done.returncode == 0, done.stderr
    assert line in done.stdout
    labelled = re.compile(rf"^({'|'.join(LABELS[name])}) +\S")
    assert [row for row in done.stdout.splitlines() if not labelled.match(row)] == []
