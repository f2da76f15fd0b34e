from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters, MalformedMessage
from venues.deribit.errors import RawSubscriptionsNotAvailable, SubscribeError, error_for
from venues.deribit.public import subscribe


def test_request_lists_the_channels(frame_of):
    frame = frame_of(subscribe.build(channels=["trades.BTC-PERPETUAL.100ms"]), 3)
    assert frame["params"] == {"channels": ["trades.BTC-PERPETUAL.100ms"]}


def test_result_lists_the_confirmed_channels(result_of):
    call = subscribe.build(channels=["trades.BTC-PERPETUAL.100ms"])
    assert call.result(result_of("subscribe")) == ["trades.BTC-PERPETUAL.100ms"]


def test_a_result_that_is_not_a_list_of_names_is_malformed():
    with pytest.raises(MalformedMessage):
        subscribe.build(channels=["a.b"]).result({"channels": []})


@pytest.mark.parametrize(
    ("channels", "allow_raw"),
    [
        ([], True),
        ("trades.X.100ms", True),
        ([""], True),
        (["a..b"], True),
        (["user.orders.any.any.raw"], True),
        (["book.BTC-PERPETUAL.raw"], False),
    ],
)
def test_bad_channel_lists_are_refused_naming_channels(channels, allow_raw):
    with pytest.raises(InvalidParameters) as excinfo:
        subscribe.build(channels=channels, allow_raw=allow_raw)
    assert excinfo.value.field == "channels"


def test_raw_channels_pass_on_authenticated_connections():
    assert subscribe.build(channels=["book.BTC-PERPETUAL.raw"]).params


def test_subscription_errors_map_to_their_classes():
    assert isinstance(error_for(11052, "subscribe_error_unsubscribed"), SubscribeError)
    raw_error = error_for(13778, "raw_subscriptions_not_available_for_unauthorized")
    assert isinstance(raw_error, RawSubscriptionsNotAvailable)
