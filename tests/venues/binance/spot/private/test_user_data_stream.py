"""userDataStream.subscribe / .subscribe.signature / .unsubscribe builders and replies."""

from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.private import (
    user_data_stream_subscribe,
    user_data_stream_subscribe_signature,
    user_data_stream_unsubscribe,
)


def test_subscribe_needs_no_params_and_returns_the_subscription_id(replies):
    call = user_data_stream_subscribe.build()
    assert (call.method, call.weight, call.params, call.security) == (
        "userDataStream.subscribe",
        2,
        {},
        "none",
    )
    assert call.parse(replies["userDataStream.subscribe"]["result"]) == 0


def test_the_signature_variant_is_always_signed():
    call = user_data_stream_subscribe_signature.build()
    assert (call.method, call.security) == ("userDataStream.subscribe.signature", "always_signed")


def test_unsubscribe_names_a_subscription_or_all(replies):
    assert user_data_stream_unsubscribe.build(subscription_id=3).params == {"subscriptionId": 3}
    assert user_data_stream_unsubscribe.build().params == {}
    assert (
        user_data_stream_unsubscribe.parse(replies["userDataStream.unsubscribe"]["result"]) is None
    )


def test_a_bad_subscription_id_is_refused():
    with pytest.raises(InvalidParameters) as caught:
        user_data_stream_unsubscribe.build(subscription_id="0")  # type: ignore[arg-type]
    assert caught.value.field == "subscription_id"
