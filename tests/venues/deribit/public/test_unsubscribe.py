from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import BadRequest, error_for
from venues.deribit.public import unsubscribe


def test_request_lists_the_channels(frame_of):
    frame = frame_of(unsubscribe.build(channels=["ticker.BTC-PERPETUAL.100ms"]), 4)
    assert frame["method"] == "public/unsubscribe"
    assert frame["params"] == {"channels": ["ticker.BTC-PERPETUAL.100ms"]}


def test_result_lists_only_the_channels_removed():
    call = unsubscribe.build(channels=["a.b", "c.d"])
    assert call.result(["a.b"]) == ["a.b"]


def test_empty_channel_list_is_refused():
    with pytest.raises(InvalidParameters) as excinfo:
        unsubscribe.build(channels=[])
    assert excinfo.value.field == "channels"


def test_bad_request_maps_to_its_class():
    assert isinstance(error_for(11050, "bad_request", None, unsubscribe.METHOD), BadRequest)
