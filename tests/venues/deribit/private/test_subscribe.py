from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import SubscribeError, error_for
from venues.deribit.private import subscribe


def test_request_lists_private_channels_and_label(frame_of):
    call = subscribe.build(channels=["user.orders.BTC-PERPETUAL.raw"], label="bot")
    frame = frame_of(call, 12)
    assert frame["method"] == "private/subscribe"
    assert frame["params"] == {"channels": ["user.orders.BTC-PERPETUAL.raw"], "label": "bot"}


def test_result_lists_the_confirmed_channels():
    assert subscribe.build(channels=["user.trades.any.any.raw"]).result([]) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"channels": []}, "channels"),
        ({"channels": ["user..raw"]}, "channels"),
        ({"channels": ["user.trades.any.any.raw"], "label": "x" * 17}, "label"),
    ],
)
def test_bad_parameters_are_refused(params, field):
    with pytest.raises(InvalidParameters) as excinfo:
        subscribe.build(**params)
    assert excinfo.value.field == field


def test_subscribe_errors_map_to_their_class():
    assert isinstance(error_for(11052, "subscribe_error_unsubscribed"), SubscribeError)
