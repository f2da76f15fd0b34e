"""order.place: every order type's mandatory params, wire types, and the documented replies."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.private import order_place

CASES = json.loads(
    (Path(__file__).parents[4] / "fixtures" / "binance" / "api_order_place_cases.json").read_text()
)


@pytest.mark.parametrize("case", CASES["valid"], ids=lambda c: c["kwargs"]["type"])
def test_every_order_type_with_its_mandatory_params_builds_the_documented_params(case):
    call = order_place.build(**case["kwargs"])
    assert dict(call.params) == case["params"]
    assert (call.method, call.weight, call.orders, call.security) == ("order.place", 1, 1, "signed")


@pytest.mark.parametrize(
    "case", CASES["invalid"], ids=lambda c: f"{c['kwargs']['type']}-{c['field']}"
)
def test_a_missing_or_bad_param_is_refused_naming_the_keyword(case):
    with pytest.raises(InvalidParameters) as caught:
        order_place.build(**case["kwargs"])
    assert caught.value.field == case["field"]


def test_decimal_params_travel_as_strings_and_int_params_as_ints():
    call = order_place.build(
        symbol="BTCUSDT", side="SELL", type="STOP_LOSS_LIMIT", time_in_force="GTC",
        price=Decimal("18990.50"), quantity=2, stop_price="19000", trailing_delta=25,
    )  # fmt: skip
    assert call.params["price"] == "18990.50"
    assert call.params["quantity"] == "2"
    assert call.params["trailingDelta"] == 25


def test_a_float_amount_is_refused_because_its_binary_value_is_not_the_number_written():
    with pytest.raises(InvalidParameters) as caught:
        order_place.build(symbol="BTCUSDT", side="BUY", type="MARKET", quantity=0.1)
    assert caught.value.field == "quantity"


def test_a_recv_window_rides_with_the_call_not_in_its_params():
    call = order_place.build(
        symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1", recv_window=Decimal("6000.346")
    )
    assert call.recv_window == Decimal("6000.346")
    assert "recvWindow" not in call.params


@pytest.mark.parametrize("kind", ["ACK", "RESULT", "FULL"])
def test_each_documented_reply_type_parses(replies, kind):
    order = order_place.parse(replies[f"order.place.{kind}"]["result"])
    assert (order.symbol, order.order_id, order.order_list_id) == ("BTCUSDT", 12569099453, -1)
    assert order.client_order_id == "4d96324ff9d44481926157ec08158a40"


def test_a_full_reply_carries_its_fills_as_decimals(replies):
    order = order_place.parse(replies["order.place.FULL"]["result"])
    assert order.status == "FILLED"
    assert order.cummulative_quote_qty == Decimal("198.33521500")
    assert [(f.price, f.qty, f.trade_id) for f in order.fills] == [
        (Decimal("23416.10000000"), Decimal("0.00635000"), 1650422481),
        (Decimal("23416.50000000"), Decimal("0.00212000"), 1650422482),
    ]


def test_an_ack_reply_leaves_the_result_fields_empty(replies):
    order = order_place.parse(replies["order.place.ACK"]["result"])
    assert (order.status, order.price, order.fills) == (None, None, ())
    assert order.transact_time == 1660801715639
