from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import Forbidden, error_for
from venues.deribit.private import get_positions


def test_request_carries_currency_and_kind(frame_of):
    assert frame_of(get_positions.build(currency="any", kind="option"))["params"] == {
        "currency": "any",
        "kind": "option",
    }


def test_result_is_a_tuple_of_positions(result_of):
    (position,) = get_positions.build().result([result_of("position")])
    assert position.instrument_name == "BTC-PERPETUAL"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"currency": "DOGE"}, "currency"),
        ({"subaccount_id": 0}, "subaccount_id"),
        ({"kind": "swap"}, "kind"),
    ],
)
def test_bad_parameters_are_refused(params, field):
    with pytest.raises(InvalidParameters) as excinfo:
        get_positions.build(**params)
    assert excinfo.value.field == field


def test_forbidden_maps_to_its_class():
    assert isinstance(error_for(13021, "forbidden"), Forbidden)
