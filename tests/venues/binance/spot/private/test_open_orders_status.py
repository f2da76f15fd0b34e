"""openOrders.status: weight 6 for a symbol, 80 for all, and the documented list."""

from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.private import open_orders_status


def test_one_symbol_costs_six_and_all_symbols_eighty():
    assert (
        open_orders_status.build(symbol="BTCUSDT").weight,
        open_orders_status.build().weight,
    ) == (
        6,
        80,
    )
    assert open_orders_status.build().params == {}


def test_a_bad_symbol_is_refused():
    with pytest.raises(InvalidParameters) as caught:
        open_orders_status.build(symbol="BTC/USDT")
    assert caught.value.field == "symbol"


def test_the_documented_list_parses(replies):
    orders = open_orders_status.parse(replies["openOrders.status"]["result"])
    assert [(o.order_id, o.status) for o in orders] == [(12569099453, "PARTIALLY_FILLED")]
