"""The subscribe/unsubscribe messages and the subscription keys."""

from __future__ import annotations

import json

import pytest

from protocol.errors import InvalidParameters
from venues.coinbase.keys import channel_key, keys_for, split_key, validate_product_ids
from venues.coinbase.subscribe import encode_subscription


def test_subscribe_carries_one_channel_its_products_and_the_jwt():
    frame = encode_subscription("subscribe", "level2", ["BTC-USD", "ETH-USD"], "a.b.c")
    assert json.loads(frame) == {
        "type": "subscribe",
        "product_ids": ["BTC-USD", "ETH-USD"],
        "channel": "level2",
        "jwt": "a.b.c",
    }


def test_channels_without_products_leave_product_ids_out():
    assert json.loads(encode_subscription("subscribe", "heartbeats")) == {
        "type": "subscribe",
        "channel": "heartbeats",
    }


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("subscribe", "level2", []), "product_ids"),
        (("subscribe", "level2", ["btc-usd"]), "product_ids"),
        (("subscribe", "level2", ["BTC:USD"]), "product_ids"),
        (("subscribe", "heartbeats", ["BTC-USD"]), "product_ids"),
        (("subscribe", "weather", ["BTC-USD"]), "channel"),
        (("resubscribe", "ticker", ["BTC-USD"]), "type"),
        (("subscribe", "user", []), "jwt"),
    ],
)
def test_bad_requests_are_refused_naming_the_field(args, field):
    with pytest.raises(InvalidParameters) as caught:
        encode_subscription(*args)
    assert caught.value.field == field


def test_product_ids_must_be_a_list_not_a_string():
    with pytest.raises(InvalidParameters, match="product_ids"):
        validate_product_ids("ticker", "BTC-USD")  # type: ignore[arg-type]


def test_keys_name_channel_and_product():
    assert keys_for("level2", ["BTC-USD"]) == ["level2:BTC-USD"]
    assert keys_for("user", []) == ["user"]
    assert split_key(channel_key("ticker", "ETH-USD")) == ("ticker", "ETH-USD")
