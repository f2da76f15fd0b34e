"""The subscription exchange: one message per channel, answered by the venue's state."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from actors import Requester
from actors.signals import subscription_stale, venue_error
from protocol.errors import AuthenticationError, ConnectionLost, RequestTimeout
from protocol.messages import Control
from venues.coinbase.codec import CoinbaseCodec, ErrorNotice, SubscriptionState
from venues.coinbase.errors import CoinbaseError
from venues.coinbase.sequence import SequenceGap
from venues.coinbase.subscriptions import CoinbaseSubscriptions, group_keys


class Venue(Requester):
    """Answers each frame the way the venue would, through ``on_control``."""

    def __init__(self, answer: Callable[[dict[str, Any]], Control | None]) -> None:
        self.sent: list[dict[str, Any]] = []
        self.answer = answer
        self.protocol: CoinbaseSubscriptions | None = None

    def send(self, frame: Any, *, cost: Any = None) -> None:
        message = json.loads(frame)
        self.sent.append(message)
        control = self.answer(message)
        if control is not None and self.protocol is not None:
            self.protocol.on_control(control, None)  # type: ignore[arg-type]


def _accept_all(state: dict[str, list[str]]) -> Callable[[dict[str, Any]], Control]:
    def answer(message: dict[str, Any]) -> Control:
        channel, products = message["channel"], message.get("product_ids", [])
        if message["type"] == "unsubscribe":
            kept = [p for p in state.get(channel, []) if products and p not in products]
            state.pop(channel, None)
            if kept:
                state[channel] = kept
        else:
            state.setdefault(channel, []).extend(products)
        frozen = {k: tuple(v) for k, v in state.items()}
        return Control("subscriptions", SubscriptionState(frozen, 0))

    return answer


def _protocol(venue: Venue, **kwargs: Any) -> CoinbaseSubscriptions:
    protocol = CoinbaseSubscriptions(CoinbaseCodec(), sender=None, **kwargs)
    venue.protocol = protocol
    return protocol


def test_one_message_per_channel_and_confirmed_keys_come_from_the_state():
    venue = Venue(_accept_all({}))
    keys = ["level2:BTC-USD", "ticker:BTC-USD", "level2:ETH-USD", "heartbeats"]
    confirmed = _protocol(venue).subscribe(venue, keys, timeout=1.0)
    assert sorted(confirmed) == sorted(keys)
    assert [(m["channel"], m.get("product_ids")) for m in venue.sent] == [
        ("level2", ["BTC-USD", "ETH-USD"]),
        ("ticker", ["BTC-USD"]),
        ("heartbeats", None),
    ]


def test_keys_the_state_does_not_list_are_not_confirmed():
    def partial(message: dict[str, Any]) -> Control:
        return Control("subscriptions", SubscriptionState({"level2": ("BTC-USD",)}, 0))

    venue = Venue(partial)
    confirmed = _protocol(venue).subscribe(venue, ["level2:BTC-USD", "level2:ETH-USD"], 0.05)
    assert confirmed == ["level2:BTC-USD"]


def test_each_message_gets_a_jwt_of_its_own():
    tokens = iter(["t1", "t2", "t3"])
    venue = Venue(_accept_all({}))
    _protocol(venue, jwt=lambda: next(tokens)).subscribe(venue, ["user", "heartbeats"], 1.0)
    assert [m["jwt"] for m in venue.sent] == ["t1", "t2"]


def test_an_error_answer_raises_the_venue_error():
    venue = Venue(lambda message: Control("error", ErrorNotice("failure to subscribe")))
    with pytest.raises(CoinbaseError, match="failure to subscribe") as caught:
        _protocol(venue).subscribe(venue, ["ticker:BTC-USD"], 1.0)
    assert not isinstance(caught.value, AuthenticationError)


def test_an_authentication_failure_is_an_authentication_error():
    venue = Venue(lambda message: Control("error", ErrorNotice("authentication failure")))
    with pytest.raises(AuthenticationError):
        _protocol(venue, jwt=lambda: "t").subscribe(venue, ["user"], 1.0)


def test_no_answer_before_the_deadline_is_a_timeout():
    venue = Venue(lambda message: None)
    with pytest.raises(RequestTimeout):
        _protocol(venue).subscribe(venue, ["ticker:BTC-USD"], 0.05)


def test_a_late_answer_to_a_timed_out_subscribe_does_not_answer_the_next_one():
    accept = _accept_all({})
    held: list[Control] = []

    def late(message: dict[str, Any]) -> Control | None:
        answer = accept(message)
        if not held:
            held.append(answer)  # the first answer comes only after the next message
            return None
        protocol.on_control(held.pop(), None)  # type: ignore[arg-type]
        return answer

    venue = Venue(late)
    protocol = _protocol(venue)
    with pytest.raises(RequestTimeout):
        protocol.subscribe(venue, ["ticker:BTC-USD"], 0.05)
    assert protocol.subscribe(venue, ["level2:ETH-USD"], 1.0) == ["level2:ETH-USD"]


def test_an_unsubscribe_is_answered_by_the_first_state_without_its_keys():
    stale = SubscriptionState({"ticker": ("BTC-USD",), "heartbeats": ()}, 4)
    answers = [stale, SubscriptionState({"heartbeats": ()}, 5)]

    def in_order(message: dict[str, Any]) -> Control | None:
        for state in answers:
            protocol.on_control(Control("subscriptions", state), None)  # type: ignore[arg-type]
        return None

    venue = Venue(in_order)
    protocol = _protocol(venue)
    protocol.unsubscribe(venue, ["ticker:BTC-USD"], 1.0)
    assert protocol.state is answers[1]


def test_an_unsubscribe_the_venue_never_applies_times_out():
    listed = SubscriptionState({"ticker": ("BTC-USD",)}, 2)
    venue = Venue(lambda message: Control("subscriptions", listed))
    with pytest.raises(RequestTimeout):
        _protocol(venue).unsubscribe(venue, ["ticker:BTC-USD"], 0.05)


def test_every_state_reaches_on_state():
    seen: list[SubscriptionState] = []
    protocol = CoinbaseSubscriptions(CoinbaseCodec(), sender=None, on_state=seen.append)
    state = SubscriptionState({"heartbeats": ()}, 0)
    protocol.on_control(Control("subscriptions", state), None)  # type: ignore[arg-type]
    assert seen == [state]


def test_dropping_spares_keys_confirmed_since_the_mark_and_keys_no_longer_listed():
    venue = Venue(_accept_all({}))
    protocol = _protocol(venue)
    protocol.subscribe(venue, ["ticker:BTC-USD", "ticker:ETH-USD"], 1.0)
    mark = protocol.serial
    protocol.subscribe(venue, ["level2:BTC-USD"], 1.0)
    keys = ["ticker:BTC-USD", "level2:BTC-USD", "candles:BTC-USD"]
    assert protocol.drop(venue, keys, since=mark, timeout=1.0) == ["ticker:BTC-USD"]
    assert venue.sent[-1] == {
        "type": "unsubscribe",
        "product_ids": ["BTC-USD"],
        "channel": "ticker",
    }


def test_a_lost_connection_ends_the_wait():
    venue = Venue(lambda message: None)
    protocol = _protocol(venue)
    venue.answer = lambda message: protocol.on_lost("socket closed")  # type: ignore[func-returns-value]
    with pytest.raises(ConnectionLost):
        protocol.subscribe(venue, ["ticker:BTC-USD"], 5.0)


def test_an_error_outside_any_exchange_is_kept_and_signalled_not_raised():
    owner = object()
    signalled: list[dict[str, Any]] = []
    protocol = CoinbaseSubscriptions(CoinbaseCodec(), sender=owner)
    with venue_error.connected_to(lambda s, **kw: signalled.append(kw), sender=owner):
        protocol.on_control(Control("error", ErrorNotice("slow down")), None)  # type: ignore[arg-type]
    assert [error.message for error in protocol.venue_errors] == ["slow down"]
    (signal,) = signalled
    assert isinstance(signal["error"], CoinbaseError) and signal["error"].message == "slow down"


def test_keys_group_by_channel_in_first_seen_order():
    assert group_keys(["ticker:B-C", "heartbeats", "ticker:A-C"]) == {
        "ticker": ["B-C", "A-C"],
        "heartbeats": [],
    }


def _sent(venue: Venue) -> list[tuple[str, str]]:
    return [(m["type"], m["channel"]) for m in venue.sent]


def test_the_stand_in_heartbeats_go_after_the_first_user_subscribe_only():
    venue = Venue(_accept_all({}))
    protocol = _protocol(venue, has_subscriptions=lambda: False)
    protocol.on_open(venue)  # type: ignore[arg-type]
    protocol.subscribe(venue, ["level2:BTC-USD"], 1.0)
    protocol.subscribe(venue, ["ticker:BTC-USD"], 1.0)
    assert _sent(venue) == [
        ("subscribe", "heartbeats"),
        ("subscribe", "level2"),
        ("unsubscribe", "heartbeats"),
        ("subscribe", "ticker"),
    ]


def test_the_stand_in_becomes_the_users_when_the_user_subscribes_heartbeats():
    venue = Venue(_accept_all({}))
    protocol = _protocol(venue, has_subscriptions=lambda: False)
    protocol.on_open(venue)  # type: ignore[arg-type]
    protocol.subscribe(venue, ["heartbeats"], 1.0)
    protocol.subscribe(venue, ["ticker:BTC-USD"], 1.0)
    assert ("unsubscribe", "heartbeats") not in _sent(venue)


def test_a_refused_stand_in_removal_keeps_the_user_subscription_and_is_tried_again():
    answers = _accept_all({})
    refusals = [Control("error", ErrorNotice("slow down"))]

    def answer(message: dict[str, Any]) -> Control:
        if message["type"] == "unsubscribe" and refusals:
            return refusals.pop()
        return answers(message)

    venue = Venue(answer)
    protocol = _protocol(venue, has_subscriptions=lambda: False)
    protocol.on_open(venue)  # type: ignore[arg-type]
    assert protocol.subscribe(venue, ["level2:BTC-USD"], 1.0) == ["level2:BTC-USD"]
    assert protocol.subscribe(venue, ["ticker:BTC-USD"], 1.0) == ["ticker:BTC-USD"]
    assert _sent(venue).count(("unsubscribe", "heartbeats")) == 2


def test_keys_are_routed_before_the_subscribe_is_sent_and_dropped_when_not_confirmed():
    codec = CoinbaseCodec()
    routed: list[tuple[str, ...]] = []

    def partial(message: dict[str, Any]) -> Control:
        if message["type"] == "unsubscribe":
            return Control("subscriptions", SubscriptionState({}, 1))
        routed.append(codec.routes.products("level2", "BTC-USD"))
        return Control("subscriptions", SubscriptionState({"level2": ("ETH-USDC",)}, 0))

    venue = Venue(partial)
    protocol = CoinbaseSubscriptions(codec, sender=None)
    venue.protocol = protocol
    confirmed = protocol.subscribe(venue, ["level2:BTC-USDC", "level2:ETH-USDC"], 0.05)
    assert confirmed == ["level2:ETH-USDC"]
    assert routed == [("BTC-USDC",)]
    assert codec.routes.products("level2", "BTC-USD") == ("BTC-USD",)
    assert codec.routes.products("level2", "ETH-USD") == ("ETH-USDC",)
    protocol.unsubscribe(venue, ["level2:ETH-USDC"], 1.0)
    assert codec.routes.products("level2", "ETH-USD") == ("ETH-USD",)


def test_a_jump_of_heartbeats_is_signalled_stale_for_heartbeats():
    received: list[dict[str, Any]] = []
    sender = object()
    protocol = CoinbaseSubscriptions(CoinbaseCodec(), sender=sender)
    with subscription_stale.connected_to(lambda s, **kw: received.append(kw), sender=sender):
        protocol.on_control(Control("heartbeats_missed", SequenceGap(11, 14)), None)  # type: ignore[arg-type]
    assert received == [
        {
            "channels": ["heartbeats"],
            "reason": "missed heartbeats: heartbeat_counter went to 14, expected 11 (3 missed)",
        }
    ]
