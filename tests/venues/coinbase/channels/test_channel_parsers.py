"""Every channel's fast parser agrees with its declared marshmallow schema, and the
facts-file fixtures decode to the documented values."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from marshmallow import ValidationError

from venues.coinbase.channels import (
    candles,
    futures_balance_summary,
    heartbeats,
    level2,
    market_trades,
    status,
    ticker,
    ticker_batch,
    user,
)

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "coinbase"
MESSAGES = json.loads((FIXTURES / "messages.json").read_text(encoding="utf-8"))
DATA = [m for m in MESSAGES if "schema" in m]

MODULES = {
    "heartbeats": (heartbeats, heartbeats.HeartbeatSchema),
    "ticker": (ticker, ticker.TickerEventSchema),
    "ticker_batch": (ticker_batch, ticker_batch.TickerBatchEventSchema),
    "level2": (level2, level2.Level2EventSchema),
    "market_trades": (market_trades, market_trades.MarketTradesEventSchema),
    "candles": (candles, candles.CandlesEventSchema),
    "status": (status, status.StatusEventSchema),
    "user": (user, user.UserEventSchema),
    "futures_balance_summary": (
        futures_balance_summary,
        futures_balance_summary.FuturesBalanceSummaryEventSchema,
    ),
}


def _event(fixture: dict[str, Any]) -> dict[str, Any]:
    return fixture["frame"]["events"][0]


@pytest.mark.parametrize("fixture", DATA, ids=lambda f: f["name"])
def test_fast_parser_matches_the_declared_schema(fixture):
    module, schema = MODULES[fixture["schema"]]
    assert module.parse_event(_event(fixture)) == schema().load(_event(fixture))


def _first(event: Any) -> Any:
    for name in ("updates", "trades", "tickers", "candles", "products"):
        if hasattr(event, name):
            return getattr(event, name)[0]
    raise AssertionError("no items")


def _as_text(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


@pytest.mark.parametrize(
    "fixture", [f for f in DATA if "first" in f["expect"]], ids=lambda f: f["name"]
)
def test_first_item_has_the_documented_values(fixture):
    module, _ = MODULES[fixture["schema"]]
    event = module.parse_event(_event(fixture))
    assert event.type == fixture["expect"]["type"]
    first = _first(event)
    for name, expected in fixture["expect"]["first"].items():
        if name == "start_ns":
            assert first.start.ns == expected
        else:
            assert _as_text(getattr(first, name)) == expected, name


def test_heartbeat_counter_and_time_keep_nanoseconds():
    fixture = next(f for f in DATA if f["schema"] == "heartbeats")
    beat = heartbeats.parse_event(_event(fixture))
    assert beat.heartbeat_counter == fixture["expect"]["first_event"]["heartbeat_counter"]
    assert beat.current_time.ns == fixture["expect"]["first_event"]["current_time_ns"]


def test_user_order_keeps_prices_as_decimals_and_empty_fields_as_none():
    fixture = next(f for f in DATA if f["name"].startswith("user order update"))
    order = user.parse_event(_event(fixture)).orders[0]
    for name, expected in fixture["expect"]["first_order"].items():
        assert _as_text(getattr(order, name)) == expected, name
    assert order.creation_time is not None and order.creation_time.text.endswith("57.5Z")


def test_user_snapshot_carries_typed_positions():
    fixture = next(f for f in DATA if f["name"] == "user snapshot with positions")
    event = user.parse_event(_event(fixture))
    assert event.is_snapshot and event.orders == ()
    assert str(event.positions.perpetual_futures_positions[0].net_size) == "0.5"
    assert str(event.positions.expiring_futures_positions[0].number_of_contracts) == "3"


def test_futures_balance_summary_nests_margin_windows():
    fixture = next(f for f in DATA if f["schema"] == "futures_balance_summary")
    summary = futures_balance_summary.parse_event(_event(fixture)).fcm_balance_summary
    assert str(summary.futures_buying_power) == fixture["expect"]["futures_buying_power"]
    window = summary.intraday_margin_window_measure
    assert window is not None and str(window.futures_buying_power) == "100.5"
    assert summary.overnight_margin_window_measure is None


def test_level2_update_with_zero_quantity_removes_the_level():
    fixture = next(f for f in DATA if f["name"].startswith("level2 update"))
    assert level2.parse_event(_event(fixture)).updates[0].removes


@pytest.mark.parametrize(
    ("parse", "schema", "raw"),
    [
        (level2.parse_event, level2.Level2EventSchema,
         {"type": "update", "product_id": "X-Y", "updates": [{"side": "buy", "event_time":
          "2023-01-01T00:00:00Z", "price_level": "1", "new_quantity": "1"}]}),
        (market_trades.parse_event, market_trades.MarketTradesEventSchema,
         {"type": "update", "trades": [{"trade_id": "1", "product_id": "X-Y", "price": "NaN",
          "size": "1", "side": "BUY", "time": "2023-01-01T00:00:00Z"}]}),
        (ticker.parse_event, ticker.TickerEventSchema, {"type": "update"}),
    ],
    ids=["unknown side", "NaN price", "missing tickers"],
)  # fmt: skip
def test_bad_events_are_refused_by_both_the_parser_and_the_schema(parse, schema, raw):
    with pytest.raises((ValueError, KeyError)):
        parse(raw)
    with pytest.raises(ValidationError):
        schema().load(raw)
