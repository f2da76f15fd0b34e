from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters, MalformedMessage
from venues.deribit.errors import InvalidInstrument, error_for
from venues.deribit.models import BookLevel
from venues.deribit.public import get_order_book


def test_request_carries_instrument_and_depth(frame_of):
    call = get_order_book.build(instrument_name="BTC-PERPETUAL", depth=10)
    assert frame_of(call)["params"] == {"instrument_name": "BTC-PERPETUAL", "depth": 10}


def test_result_is_a_book_with_exact_levels_and_change_id(result_of):
    book = get_order_book.build(instrument_name="BTC-PERPETUAL").result(result_of("order_book"))
    assert book.bids == (
        BookLevel(Decimal("5042.34"), Decimal("30.0")),
        BookLevel(Decimal("5041.94"), Decimal("20.0")),
    )
    assert book.change_id == 297217
    assert book.stats.volume == Decimal("1234.5")


def test_a_book_without_levels_is_malformed():
    with pytest.raises(MalformedMessage):
        get_order_book.build(instrument_name="X").result({"instrument_name": "X", "timestamp": 1})


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"instrument_name": ""}, "instrument_name"),
        ({"instrument_name": "X", "depth": 7}, "depth"),
        ({"instrument_name": "X", "depth": "5"}, "depth"),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(params, field):
    with pytest.raises(InvalidParameters) as excinfo:
        get_order_book.build(**params)
    assert excinfo.value.field == field


def test_unknown_instrument_error_maps_to_its_class():
    assert isinstance(error_for(10020, "x", None, get_order_book.METHOD), InvalidInstrument)
