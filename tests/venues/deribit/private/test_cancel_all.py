from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters, MalformedMessage
from venues.deribit.private import cancel_all


def test_request_carries_the_flags(frame_of):
    frame = frame_of(cancel_all.build(detailed=True, freeze_quotes=False), 2)
    assert frame["params"] == {"detailed": True, "freeze_quotes": False}


def test_result_is_a_count(result_of):
    assert cancel_all.build().result(result_of("cancel_all_by_instrument")) == 4


def test_detailed_result_lists_the_cancelled_orders(result_of):
    report = [
        {
            "currency": "ETH",
            "type": "trigger",
            "instrument_name": "ETH-PERPETUAL",
            "result": [result_of("cancel")],
        }
    ]
    (order,) = cancel_all.build(detailed=True).result(report)
    assert order.order_id == "ETH-SLIS-12"


def test_a_result_of_another_shape_is_malformed():
    with pytest.raises(MalformedMessage):
        cancel_all.build().result("four")


def test_non_boolean_flags_are_refused():
    with pytest.raises(InvalidParameters) as excinfo:
        cancel_all.build(detailed=1)
    assert excinfo.value.field == "detailed"
