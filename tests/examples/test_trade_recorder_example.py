"""The trade recorder example records all three venues' simulators into JSON lines."""

from __future__ import annotations

import json
from decimal import Decimal

SCRIPT = "trade_recorder.py"


def test_help_names_every_url_option(run_example):
    done = run_example(SCRIPT, "--help")
    assert done.returncode == 0
    assert all(
        option in done.stdout for option in ("--deribit-url", "--binance-url", "--coinbase-url")
    )


def test_it_records_exact_trades_and_every_state_change_of_each_venue(run_example, tmp_path):
    out = tmp_path / "trades.jsonl"
    done = run_example(SCRIPT, "--out", str(out), "--seconds", "1")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    for venue in ("deribit", "binance", "coinbase"):
        trades = [r for r in records if r["venue"] == venue and r["kind"] == "trade"]
        states = [r["new"] for r in records if r["venue"] == venue and r["kind"] == "state"]
        assert trades, venue
        assert all(Decimal(t["price"]) > 0 and Decimal(t["amount"]) > 0 for t in trades)
        assert states[0] == "connecting" and states[-1] == "closed", (venue, states)
    assert f"written to {out}" in done.stdout
