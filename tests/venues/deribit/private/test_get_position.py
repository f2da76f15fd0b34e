from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import InvalidInstrument, error_for
from venues.deribit.private import get_position


def test_request_carries_the_instrument(frame_of):
    frame = frame_of(get_position.build(instrument_name="BTC-PERPETUAL"), 404)
    assert frame["params"] == {"instrument_name": "BTC-PERPETUAL"}


def test_result_is_a_position_with_exact_numbers(result_of):
    position = get_position.build(instrument_name="BTC-PERPETUAL").result(result_of("position"))
    assert position.size == Decimal("20")
    assert position.floating_profit_loss == Decimal("-0.0000004")
    assert position.leverage == 50


def test_empty_instrument_is_refused():
    with pytest.raises(InvalidParameters):
        get_position.build(instrument_name="")


def test_bad_instrument_maps_to_its_class():
    assert isinstance(error_for(10020, "x", None, get_position.METHOD), InvalidInstrument)
