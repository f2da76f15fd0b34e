"""The limiter's actor handle: calls cross to the actor, refusals come back and are signalled."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pykka
import pytest
from freezegun import freeze_time

from actors import signals
from actors.rate_limiter import Cost, RateLimiter, TokenBucket, WebSocketRateLimiter
from protocol.errors import (
    ConnectionClosed,
    ConnectionRateExceeded,
    CreditLimitExceeded,
    InvalidParameters,
    MessageRateExceeded,
    RateLimitError,
    SubscriptionLimitExceeded,
)

START = datetime(2024, 1, 1)


class Client:
    """Stands in for the user-facing client: only its identity matters to signals."""


@pytest.fixture
def clock():
    with freeze_time(START) as frozen:
        yield frozen


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def refusals(client):
    """Every ``rate_limited`` sent by ``client``: (sender, error, receiving thread)."""
    seen = []

    def receiver(sender, **kwargs):
        seen.append((sender, kwargs["error"], threading.current_thread()))

    signals.rate_limited.connect(receiver, sender=client)
    yield seen
    signals.rate_limited.disconnect(receiver, sender=client)


def start(client, **limits) -> RateLimiter:
    return RateLimiter(WebSocketRateLimiter(**limits), sender=client)


@pytest.fixture
def rate(clock, client):
    handle = start(
        client,
        max_messages_per_second=2,
        max_subscriptions=1,
        max_connections_per_window=1,
        connection_window=60.0,
        weight_limits={60.0: 10},
        buckets={"b": TokenBucket(capacity=8, refill_per_second=4)},
    )
    yield handle
    handle.stop()


def test_acquire_passes_through_the_actor_and_shows_in_stats(rate):
    rate.acquire(Cost(messages=1, weight=3, credits={"b": 2}))

    stats = rate.get_usage_stats()

    assert stats.messages_in_last_second == 1
    assert stats.weight_used == {60.0: 3}
    assert stats.credits_available == {"b": 6.0}


def test_a_refusal_is_raised_in_the_calling_thread(rate):
    rate.acquire(Cost(messages=2))

    def call_from_worker():
        try:
            rate.acquire(Cost())
        except MessageRateExceeded as exc:
            return exc, threading.current_thread()
        return None, threading.current_thread()

    with ThreadPoolExecutor(max_workers=1) as pool:
        error, raised_in = pool.submit(call_from_worker).result(timeout=5)

    assert isinstance(error, MessageRateExceeded)
    assert error.retry_after == 1.0
    assert raised_in is not threading.current_thread()
    assert raised_in.name.startswith("ThreadPoolExecutor")


def test_a_refusal_emits_rate_limited_with_the_given_sender_and_the_error(rate, client, refusals):
    rate.acquire(Cost(messages=2))

    with pytest.raises(MessageRateExceeded) as caught:
        rate.acquire(Cost())

    assert len(refusals) == 1
    sender, error, receiving_thread = refusals[0]
    assert sender is client
    assert error is caught.value
    assert receiving_thread is threading.current_thread()


def test_rate_limited_does_not_reach_receivers_of_another_sender(rate, refusals):
    other = start(Client(), max_messages_per_second=1)
    try:
        other.acquire(Cost())
        with pytest.raises(MessageRateExceeded):
            other.acquire(Cost())
    finally:
        other.stop()

    assert refusals == []


def test_subscription_connection_credit_and_block_refusals_are_signalled(rate, refusals):
    rate.add_subscription("a@trade")
    rate.check_connection_rate()
    rate.acquire(Cost(messages=0, credits={"b": 8}))

    with pytest.raises(SubscriptionLimitExceeded):
        rate.check_subscription_limit("b@trade")
    with pytest.raises(ConnectionRateExceeded):
        rate.check_connection_rate()
    with pytest.raises(CreditLimitExceeded):
        rate.acquire(Cost(messages=0, credits={"b": 1}))
    rate.block_until(time.monotonic() + 5.0, reason="HTTP 429")
    with pytest.raises(RateLimitError) as blocked:
        rate.check_message_rate()

    kinds = [type(error) for _, error, _ in refusals]
    assert kinds == [
        SubscriptionLimitExceeded,
        ConnectionRateExceeded,
        CreditLimitExceeded,
        RateLimitError,
    ]
    assert blocked.value.retry_after == 5.0
    assert rate.get_usage_stats().refused == 4


def test_invalid_parameters_raise_in_the_caller_without_a_signal(rate, refusals):
    with pytest.raises(InvalidParameters) as caught:
        rate.acquire(Cost(credits={"unknown": 1}))

    assert caught.value.field == "credits"
    assert refusals == []


def test_a_receiver_that_raises_does_not_stop_the_refusal(rate, client, refusals):
    def broken(sender, **kwargs):
        raise RuntimeError("receiver bug")

    signals.rate_limited.connect(broken, sender=client)
    try:
        rate.acquire(Cost(messages=2))
        with pytest.raises(MessageRateExceeded):
            rate.acquire(Cost())
    finally:
        signals.rate_limited.disconnect(broken, sender=client)

    assert len(refusals) == 1


def test_pacing_state_and_venue_reports_reach_the_limiter(rate, clock):
    rate.acquire(Cost(messages=2, weight=0, credits={"b": 8}))
    clock.tick(0.5)

    assert rate.wait_time(Cost(messages=1, credits={"b": 4})) == 0.5
    rate.set_weight_usage(60.0, 9)
    rate.set_bucket("b", available=8)
    rate.set_bucket("matching", capacity=20, refill_per_second=5)

    stats = rate.get_usage_stats()
    assert stats.weight_used == {60.0: 9}
    assert stats.credits_available == {"b": 8.0, "matching": 20.0}


def test_subscription_bookkeeping_goes_through_the_actor(rate):
    rate.check_subscription_limit("a@trade")
    rate.add_subscription("a@trade")
    assert rate.get_usage_stats().active_subscriptions == 1

    rate.remove_subscription("a@trade")

    assert rate.get_usage_stats().active_subscriptions == 0


def test_next_connection_in_reports_the_window_through_the_actor(rate, clock):
    assert rate.next_connection_in() == 0.0
    rate.check_connection_rate()
    clock.tick(15.0)

    assert rate.next_connection_in() == 45.0


def test_concurrent_callers_never_get_more_than_the_limit(clock, client, refusals):
    rate = start(client, max_messages_per_second=5)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            outcomes = list(pool.map(lambda _: try_acquire(rate), range(40)))
    finally:
        rate.stop()

    assert outcomes.count("passed") == 5
    assert outcomes.count("refused") == 35
    assert len(refusals) == 35


def try_acquire(rate: RateLimiter) -> str:
    try:
        rate.acquire(Cost())
    except MessageRateExceeded:
        return "refused"
    return "passed"


def actor_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("_RateLimiterActor")}


def test_stop_joins_the_actor_thread_and_unregisters_it(client):
    before = actor_threads()
    rate = start(client)
    (actor_thread,) = actor_threads() - before
    assert len(pykka.ActorRegistry.get_by_class_name("_RateLimiterActor")) == 1

    rate.stop()

    assert not actor_thread.is_alive()
    assert pykka.ActorRegistry.get_by_class_name("_RateLimiterActor") == []


def test_stop_is_idempotent_and_later_calls_fail_with_connection_closed(client):
    rate = start(client)
    rate.stop()
    rate.stop()

    with pytest.raises(ConnectionClosed):
        rate.acquire(Cost())
    with pytest.raises(ConnectionClosed):
        rate.get_usage_stats()


def test_the_handle_stops_its_actor_when_used_as_a_context_manager(client):
    with start(client) as rate:
        rate.acquire(Cost())

    assert pykka.ActorRegistry.get_by_class_name("_RateLimiterActor") == []


def test_the_handle_refuses_anything_but_a_pure_limiter(client):
    with pytest.raises(InvalidParameters) as caught:
        RateLimiter({"max_messages_per_second": 5}, sender=client)  # type: ignore[arg-type]

    assert caught.value.field == "limiter"
    assert pykka.ActorRegistry.get_all() == []


def test_each_client_has_its_own_limiter_state(clock):
    first, second = start(Client(), max_messages_per_second=1), start(Client())
    try:
        first.acquire(Cost())
        second.acquire(Cost())
        with pytest.raises(MessageRateExceeded):
            first.acquire(Cost())
        second.acquire(Cost())
    finally:
        first.stop()
        second.stop()


def test_the_clock_moves_for_the_actor_thread_too(rate, clock):
    rate.acquire(Cost(messages=2))
    with pytest.raises(MessageRateExceeded):
        rate.acquire(Cost())

    clock.move_to(START + timedelta(seconds=1.0))

    rate.acquire(Cost())
