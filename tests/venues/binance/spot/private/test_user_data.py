"""User data events: the documented payloads as frozen dataclasses with Decimals."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from venues.binance.spot.private.user_data import (
    BalanceUpdate,
    ExecutionReport,
    OutboundAccountPosition,
    UserDataEvent,
    decode_user_data_event,
)

EVENTS = json.loads(
    (Path(__file__).parents[4] / "fixtures" / "binance" / "api_user_data.json").read_text()
)


def _event(name: str) -> dict:
    return EVENTS[name]["event"]


def test_an_execution_report_keeps_every_documented_key_field():
    report = decode_user_data_event(_event("executionReport"), 0)
    assert isinstance(report, ExecutionReport)
    assert (report.symbol, report.side, report.order_type, report.time_in_force) == (
        "ETHBTC", "BUY", "LIMIT", "GTC",
    )  # fmt: skip
    assert (report.execution_type, report.order_status, report.reject_reason) == (
        "NEW", "NEW", "NONE",
    )  # fmt: skip
    assert (report.order_id, report.trade_id, report.order_list_id) == (4293153, -1, -1)
    assert report.quantity == Decimal("1.00000000")
    assert report.price == Decimal("0.10264410")
    assert report.commission_asset is None
    assert (report.is_working, report.is_maker, report.working_time) == (True, False, 1499405658657)


def test_an_account_position_lists_decimal_balances():
    position = decode_user_data_event(_event("outboundAccountPosition"), 4)
    assert isinstance(position, OutboundAccountPosition)
    assert position.subscription_id == 4
    assert [(b.asset, b.free, b.locked) for b in position.balances] == [
        ("ETH", Decimal("10000.000000"), Decimal("0.000000"))
    ]


def test_a_balance_update_carries_its_delta():
    update = decode_user_data_event(_event("balanceUpdate"), 0)
    assert isinstance(update, BalanceUpdate)
    assert (update.asset, update.delta, update.clear_time) == (
        "BTC", Decimal("100.00000000"), 1573200697068,
    )  # fmt: skip


def test_other_events_keep_their_fields_read_only():
    event = decode_user_data_event(_event("eventStreamTerminated"), 0)
    assert isinstance(event, UserDataEvent)
    assert event.event_type == "eventStreamTerminated"
    with pytest.raises(TypeError):
        event.fields["E"] = 0  # type: ignore[index]


def test_events_are_frozen():
    update = decode_user_data_event(_event("balanceUpdate"), 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        update.delta = Decimal(0)  # type: ignore[misc]


def test_a_known_event_missing_fields_is_refused():
    with pytest.raises(ValueError, match="executionReport"):
        decode_user_data_event({"e": "executionReport", "E": 1}, 0)
