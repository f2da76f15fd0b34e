from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import NotOpenOrder, error_for
from venues.deribit.private import edit


def test_request_carries_order_id_and_changes(frame_of):
    frame = frame_of(edit.build(order_id="ETH-584849853", amount=40, price="205.5"), 9)
    assert frame["method"] == "private/edit"
    assert frame["params"] == {"order_id": "ETH-584849853", "amount": 40, "price": 205.5}


def test_result_is_an_order_result(result_of):
    assert edit.build(order_id="1", price=1).result(result_of("buy_market")).order.amount == 40


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"order_id": ""}, "order_id"),
        ({"order_id": "1", "price": 0}, "price"),
        ({"order_id": "1", "type": "limit"}, "type"),
    ],
)
def test_bad_edits_are_refused_naming_the_field(params, field):
    with pytest.raises(InvalidParameters) as excinfo:
        edit.build(**params)
    assert excinfo.value.field == field


def test_editing_a_closed_order_maps_to_not_open_order():
    assert isinstance(error_for(11044, "not_open_order", None, edit.METHOD), NotOpenOrder)
