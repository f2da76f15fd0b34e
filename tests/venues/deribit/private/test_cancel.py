from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import OrderNotFound, error_for
from venues.deribit.models import MARKET_PRICE
from venues.deribit.private import cancel


def test_request_carries_the_order_id(frame_of):
    frame = frame_of(cancel.build(order_id="ETH-SLIS-12"), 4214)
    assert frame["params"] == {"order_id": "ETH-SLIS-12"}


def test_result_is_the_cancelled_order_with_a_market_price(result_of):
    order = cancel.build(order_id="ETH-SLIS-12").result(result_of("cancel"))
    assert order.price == MARKET_PRICE
    assert order.trigger_price == Decimal("144.73")
    assert order.order_state == "untriggered"
    assert order.is_open


def test_empty_order_id_is_refused():
    with pytest.raises(InvalidParameters) as excinfo:
        cancel.build(order_id="")
    assert excinfo.value.field == "order_id"


def test_unknown_order_maps_to_order_not_found():
    assert isinstance(error_for(10004, "order_not_found", None, cancel.METHOD), OrderNotFound)
