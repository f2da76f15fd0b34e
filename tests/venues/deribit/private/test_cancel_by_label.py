from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import OrderNotFound, error_for
from venues.deribit.private import cancel_by_label


def test_request_carries_label_and_currency(frame_of):
    frame = frame_of(cancel_by_label.build(label="grid-1", currency="BTC"), 3)
    assert frame["params"] == {"label": "grid-1", "currency": "BTC"}


def test_result_is_a_count(result_of):
    assert cancel_by_label.build(label="x").result(result_of("cancel_all_by_instrument")) == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"label": ""}, "label"),
        ({"label": "x" * 65}, "label"),
        ({"label": "x", "currency": "XRP"}, "currency"),
    ],
)
def test_bad_labels_and_currencies_are_refused(params, field):
    with pytest.raises(InvalidParameters) as excinfo:
        cancel_by_label.build(**params)
    assert excinfo.value.field == field


def test_no_such_label_maps_to_order_not_found():
    assert isinstance(error_for(10004, "order_not_found"), OrderNotFound)
