from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import InvalidInstrument, error_for
from venues.deribit.public import get_instruments


def test_request_carries_currency_kind_and_expired(frame_of):
    call = get_instruments.build(currency="BTC", kind="future", expired=False)
    assert frame_of(call)["params"] == {"currency": "BTC", "kind": "future", "expired": False}


def test_result_is_a_tuple_of_instruments_with_exact_numbers(result_of):
    (instrument,) = get_instruments.build(currency="BTC").result(result_of("instruments"))
    assert instrument.instrument_name == "BTC-PERPETUAL"
    assert instrument.tick_size == Decimal("0.5")
    assert instrument.contract_size == Decimal("10")
    assert instrument.is_active is True


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"currency": "DOGE"}, "currency"),
        ({"currency": "BTC", "kind": "bond"}, "kind"),
        ({"currency": "BTC", "expired": "yes"}, "expired"),
    ],
)
def test_unknown_currency_or_kind_is_refused(params, field):
    with pytest.raises(InvalidParameters) as excinfo:
        get_instruments.build(**params)
    assert excinfo.value.field == field


def test_invalid_instrument_error_maps_to_its_class():
    assert isinstance(error_for(10020, "invalid_or_unsupported_instrument"), InvalidInstrument)
