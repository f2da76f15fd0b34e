"""order.test: order.place's params plus computeCommissionRates (weight 1 or 20)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.private import order_test


def test_it_validates_like_order_place_and_places_nothing():
    call = order_test.build(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
    assert (call.method, call.weight, call.orders) == ("order.test", 1, 0)
    assert call.params == {"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "1"}


def test_asking_for_commission_rates_costs_twenty_weight():
    call = order_test.build(
        symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1", compute_commission_rates=True
    )
    assert (call.weight, call.params["computeCommissionRates"]) == (20, True)


def test_a_missing_order_param_is_refused_naming_it():
    with pytest.raises(InvalidParameters) as caught:
        order_test.build(symbol="BTCUSDT", side="BUY", type="LIMIT", quantity="1")
    assert caught.value.field == "time_in_force"


def test_compute_commission_rates_must_be_a_bool():
    with pytest.raises(InvalidParameters) as caught:
        order_test.build(
            symbol="X", side="BUY", type="MARKET", quantity="1", compute_commission_rates="yes"
        )
    assert caught.value.field == "compute_commission_rates"


def test_the_documented_commission_reply_parses(replies):
    result = order_test.parse(replies["order.test.commission"]["result"])
    assert result.standard.maker == Decimal("0.00000112")
    assert result.special.taker == Decimal("0.06000000")


def test_an_empty_reply_means_no_rates():
    assert order_test.parse({}) == order_test.OrderTestResult()
