from __future__ import annotations

import json

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.public._control import ControlRequestSchema
from venues.binance.spot.public.subscribe import METHOD, stream_list, subscribe_params
from venues.binance.spot.stream_codec import BinanceStreamCodec


def test_params_carry_the_validated_streams():
    assert subscribe_params(["btcusdt@trade", "btcusdt@depth"]) == {
        "params": ["btcusdt@trade", "btcusdt@depth"]
    }


def test_the_encoded_request_has_exactly_the_documented_shape():
    frame = BinanceStreamCodec().encode_request(1, METHOD, subscribe_params(["btcusdt@trade"]))
    assert ControlRequestSchema().load(json.loads(frame)) == {
        "method": "SUBSCRIBE", "params": ["btcusdt@trade"], "id": 1,
    }  # fmt: skip


def test_duplicates_are_sent_once():
    assert stream_list(["btcusdt@trade", "btcusdt@trade"]) == ["btcusdt@trade"]


@pytest.mark.parametrize(("streams", "field"), [
    ("btcusdt@trade", "streams"), ([], "streams"), (["btcusdt@trade", "BTCUSDT@trade"],
                                                    "streams[1]"),
    ([None], "streams[0]"),
])  # fmt: skip
def test_bad_streams_are_refused_naming_the_field(streams, field):
    with pytest.raises(InvalidParameters) as info:
        subscribe_params(streams)
    assert info.value.field == field
