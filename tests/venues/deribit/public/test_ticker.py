from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import InvalidInstrument, error_for
from venues.deribit.public import ticker


def test_request_carries_the_instrument(frame_of):
    frame = frame_of(ticker.build(instrument_name="BTC-PERPETUAL"), 11)
    assert frame["method"] == "public/ticker"
    assert frame["params"] == {"instrument_name": "BTC-PERPETUAL"}


def test_result_is_a_typed_ticker(result_of):
    # The book reply carries every ticker field; the ticker schema ignores the levels.
    value = ticker.build(instrument_name="BTC-PERPETUAL").result(result_of("order_book"))
    assert value.best_ask_price == Decimal("5042.64")
    assert value.stats.high == Decimal("5100.0")


def test_empty_instrument_is_refused():
    with pytest.raises(InvalidParameters) as excinfo:
        ticker.build(instrument_name="")
    assert excinfo.value.field == "instrument_name"


def test_unknown_instrument_maps_to_its_class():
    assert isinstance(error_for(10020, "x", None, ticker.METHOD), InvalidInstrument)
