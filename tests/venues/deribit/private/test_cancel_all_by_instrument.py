from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import InvalidInstrument, error_for
from venues.deribit.private import cancel_all_by_instrument


def test_request_equals_the_documented_example(frame_of, request_fixture):
    call = cancel_all_by_instrument.build(instrument_name="ETH-22FEB19-120-P", type="all")
    assert frame_of(call, 4122) == request_fixture("cancel_all_by_instrument")


def test_result_is_the_count(result_of):
    call = cancel_all_by_instrument.build(instrument_name="X")
    assert call.result(result_of("cancel_all_by_instrument")) == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [({"instrument_name": ""}, "instrument_name"), ({"instrument_name": "X", "type": "x"}, "type")],
)
def test_bad_parameters_are_refused(params, field):
    with pytest.raises(InvalidParameters) as excinfo:
        cancel_all_by_instrument.build(**params)
    assert excinfo.value.field == field


def test_bad_instrument_maps_to_its_class():
    assert isinstance(error_for(10020, "x"), InvalidInstrument)
