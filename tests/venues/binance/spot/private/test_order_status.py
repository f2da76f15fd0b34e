"""order.status: weight 4, and the documented status report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.private import order_status


def test_status_by_order_id():
    call = order_status.build(symbol="BTCUSDT", order_id=12569099453)
    assert (call.method, call.weight) == ("order.status", 4)
    assert call.params == {"symbol": "BTCUSDT", "orderId": 12569099453}


def test_status_needs_an_order_reference():
    with pytest.raises(InvalidParameters) as caught:
        order_status.build(symbol="BTCUSDT")
    assert caught.value.field == "order_id"


def test_the_documented_status_report_parses_with_its_extra_fields(replies):
    order = order_status.parse(replies["order.status"]["result"])
    assert (order.status, order.is_working, order.time) == ("FILLED", True, 1660801715639)
    assert order.stop_price == Decimal("0")
    assert order.trailing_delta == 10
