from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import NotEnoughFunds
from venues.deribit.private import sell


def test_request_is_a_sell_with_the_same_params_as_buy(frame_of):
    call = sell.build(
        instrument_name="ETH-PERPETUAL", amount=40, type="limit", price=210, post_only=True
    )
    frame = frame_of(call, 7)
    assert frame["method"] == "private/sell"
    assert frame["params"] == {
        "instrument_name": "ETH-PERPETUAL",
        "amount": 40,
        "type": "limit",
        "price": 210,
        "post_only": True,
    }


def test_result_is_an_order_result(result_of):
    result = sell.build(instrument_name="ETH-PERPETUAL", amount=40, type="market").result(
        result_of("buy_market")
    )
    assert result.order.filled_amount == 40


def test_a_limit_sell_without_price_is_refused():
    with pytest.raises(InvalidParameters) as excinfo:
        sell.build(instrument_name="ETH-PERPETUAL", amount=40)
    assert excinfo.value.field == "price"


def test_a_non_boolean_flag_is_refused():
    with pytest.raises(InvalidParameters) as excinfo:
        sell.build(instrument_name="X", amount=1, type="market", reduce_only="yes")
    assert excinfo.value.field == "reduce_only"


def test_not_enough_funds_maps_to_its_class(error_of):
    assert isinstance(error_of("error_not_enough_funds", sell.METHOD), NotEnoughFunds)
