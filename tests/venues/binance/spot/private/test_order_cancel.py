"""order.cancel: by orderId or origClientOrderId, and the documented cancel report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.private import order_cancel


def test_cancel_by_order_id_sends_the_id_as_an_integer():
    call = order_cancel.build(symbol="BTCUSDT", order_id=12569099453)
    assert call.params == {"symbol": "BTCUSDT", "orderId": 12569099453}
    assert (call.method, call.weight, call.security) == ("order.cancel", 1, "signed")


def test_cancel_by_client_id_with_restrictions():
    call = order_cancel.build(
        symbol="BTCUSDT",
        orig_client_order_id="4d96324ff9d44481926157",
        new_client_order_id="91fe37ce9e69c90d6358c0",
        cancel_restrictions="ONLY_NEW",
    )
    assert call.params == {
        "symbol": "BTCUSDT",
        "origClientOrderId": "4d96324ff9d44481926157",
        "newClientOrderId": "91fe37ce9e69c90d6358c0",
        "cancelRestrictions": "ONLY_NEW",
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"symbol": "BTCUSDT"}, "order_id"),
        ({"symbol": "BTCUSDT", "order_id": "12"}, "order_id"),
        ({"symbol": "BTCUSDT", "order_id": True}, "order_id"),
        (
            {"symbol": "BTCUSDT", "order_id": 1, "cancel_restrictions": "ONLY_OLD"},
            "cancel_restrictions",
        ),
        ({"symbol": "", "order_id": 1}, "symbol"),
    ],
)
def test_bad_cancels_are_refused_naming_the_field(kwargs, field):
    with pytest.raises(InvalidParameters) as caught:
        order_cancel.build(**kwargs)
    assert caught.value.field == field


def test_the_documented_cancel_report_parses(replies):
    order = order_cancel.parse(replies["order.cancel"]["result"])
    assert order.status == "CANCELED"
    assert order.orig_client_order_id == "4d96324ff9d44481926157"
    assert order.executed_qty == Decimal("0.00001000")
