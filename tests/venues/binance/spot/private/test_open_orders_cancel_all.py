"""openOrders.cancelAll: one symbol, and the documented mixed list of reports."""

from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.private import open_orders_cancel_all


def test_cancel_all_names_its_symbol():
    call = open_orders_cancel_all.build(symbol="BTCUSDT")
    assert (call.method, call.weight, call.params) == (
        "openOrders.cancelAll",
        1,
        {"symbol": "BTCUSDT"},
    )


def test_the_symbol_is_required():
    with pytest.raises(InvalidParameters) as caught:
        open_orders_cancel_all.build(symbol=None)  # type: ignore[arg-type]
    assert caught.value.field == "symbol"


def test_order_list_reports_contribute_their_orders(replies):
    orders = open_orders_cancel_all.parse(replies["openOrders.cancelAll"]["result"])
    assert [(o.order_id, o.order_list_id, o.type) for o in orders] == [
        (12569099453, -1, "LIMIT"),
        (12569099453, 19431, "STOP_LOSS_LIMIT"),
        (12569099454, 19431, "LIMIT_MAKER"),
    ]
    assert {o.status for o in orders} == {"CANCELED"}
