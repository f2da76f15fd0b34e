from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import BadRequest, error_for
from venues.deribit.private import unsubscribe


def test_request_lists_the_channels(frame_of):
    frame = frame_of(unsubscribe.build(channels=["user.orders.BTC-PERPETUAL.raw"]), 13)
    assert frame["method"] == "private/unsubscribe"


def test_result_lists_the_removed_channels():
    call = unsubscribe.build(channels=["user.orders.BTC-PERPETUAL.raw"])
    assert call.result(["user.orders.BTC-PERPETUAL.raw"]) == ["user.orders.BTC-PERPETUAL.raw"]


def test_empty_channel_list_is_refused():
    with pytest.raises(InvalidParameters):
        unsubscribe.build(channels=[])


def test_bad_request_maps_to_its_class():
    assert isinstance(error_for(11050, "bad_request"), BadRequest)
