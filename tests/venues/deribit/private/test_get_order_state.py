from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import OrderNotFound, error_for
from venues.deribit.private import get_order_state


def test_request_carries_the_order_id(frame_of):
    frame = frame_of(get_order_state.build(order_id="5"), 1)
    assert (frame["method"], frame["params"]) == ("private/get_order_state", {"order_id": "5"})


def test_result_is_an_order(result_of):
    order = get_order_state.build(order_id="ETH-SLIS-12").result(result_of("cancel"))
    assert order.order_id == "ETH-SLIS-12"


def test_empty_order_id_is_refused():
    with pytest.raises(InvalidParameters):
        get_order_state.build(order_id="")


def test_unknown_order_maps_to_order_not_found():
    assert isinstance(error_for(10004, "order_not_found"), OrderNotFound)
