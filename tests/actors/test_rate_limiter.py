"""The pure limiter: every rule on a frozen monotonic clock, at its exact boundaries.

The clock starts at a whole second and moves by binary-exact steps (0.25, 0.5, ...), so
monotonic instants are exact floats and the boundary instants are hit exactly.
"""

from __future__ import annotations

import dataclasses
import math
import time
from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time

from actors.rate_limiter import Cost, RateLimitStats, TokenBucket, WebSocketRateLimiter
from protocol.errors import (
    ConnectionRateExceeded,
    CreditLimitExceeded,
    InvalidParameters,
    MessageRateExceeded,
    RateLimitError,
    SubscriptionLimitExceeded,
    WeightLimitExceeded,
)

START = datetime(2024, 1, 1)


@pytest.fixture
def clock():
    with freeze_time(START) as frozen:
        yield frozen


def at(clock, seconds: float) -> None:
    """Move the frozen clock to ``seconds`` after the start."""
    clock.move_to(START + timedelta(seconds=seconds))


def deribit_bucket() -> TokenBucket:
    return TokenBucket(capacity=50_000, refill_per_second=10_000)


# ---------------------------------------------------------------------------- messages


def test_messages_pass_up_to_the_limit_and_the_next_is_refused(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=3)
    for _ in range(3):
        limiter.acquire(Cost())

    with pytest.raises(MessageRateExceeded) as caught:
        limiter.acquire(Cost())

    assert (caught.value.limit, caught.value.window, caught.value.retry_after) == (3, 1.0, 1.0)


def test_a_refusal_says_when_the_oldest_message_leaves_the_window(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=1)
    limiter.acquire(Cost())
    at(clock, 0.25)

    with pytest.raises(MessageRateExceeded) as caught:
        limiter.acquire(Cost())

    assert caught.value.retry_after == 0.75
    assert limiter.wait_time(Cost()) == 0.75


def test_a_message_still_counts_one_microsecond_before_its_window_ends(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=1)
    limiter.acquire(Cost())
    at(clock, 0.999999)

    with pytest.raises(MessageRateExceeded) as caught:
        limiter.acquire(Cost())

    # One microsecond, give or take one float step of a clock near 1.7e9 s.
    assert 0.0 < caught.value.retry_after == pytest.approx(1e-6, abs=5e-7)


def test_a_message_leaves_the_window_at_exactly_one_window_after_it_was_sent(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=1)
    limiter.acquire(Cost())
    at(clock, 1.0)

    assert limiter.wait_time(Cost()) == 0.0
    limiter.acquire(Cost())
    assert limiter.get_usage_stats().messages_in_last_second == 1


def test_the_window_slides_one_message_at_a_time(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=3)
    for step in (0.0, 0.25, 0.5):
        at(clock, step)
        limiter.acquire(Cost())
    at(clock, 1.0)

    limiter.acquire(Cost())  # the message from 0.0 has just left
    with pytest.raises(MessageRateExceeded) as caught:
        limiter.acquire(Cost())

    assert caught.value.retry_after == 0.25  # the one from 0.25 leaves at 1.25
    at(clock, 1.25)
    limiter.acquire(Cost())


def test_check_message_rate_records_and_refuses_like_acquire_of_one_message(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=2)
    limiter.check_message_rate()
    limiter.check_message_rate()

    with pytest.raises(MessageRateExceeded):
        limiter.check_message_rate()

    assert limiter.get_usage_stats().messages_in_last_second == 2


def test_a_cost_of_several_messages_needs_room_for_all_of_them(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=3)
    limiter.acquire(Cost(messages=2))
    at(clock, 0.5)
    limiter.acquire(Cost(messages=1))

    with pytest.raises(MessageRateExceeded) as caught:
        limiter.acquire(Cost(messages=2))

    # Two must leave: both sent at 0.0 leave at 1.0, enough for two more.
    assert caught.value.retry_after == 0.5
    at(clock, 1.0)
    limiter.acquire(Cost(messages=2))


def test_a_custom_message_window_sets_the_span_of_the_limit(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=1, message_window=2.0)
    limiter.acquire(Cost())
    at(clock, 1.5)

    with pytest.raises(MessageRateExceeded) as caught:
        limiter.acquire(Cost())

    assert (caught.value.window, caught.value.retry_after) == (2.0, 0.5)
    at(clock, 2.0)
    limiter.acquire(Cost())


def test_without_a_message_limit_every_message_passes_and_is_counted(clock):
    limiter = WebSocketRateLimiter()
    for _ in range(1000):
        limiter.acquire(Cost())

    stats = limiter.get_usage_stats()
    assert (stats.messages_in_last_second, stats.max_messages_per_second) == (1000, None)
    at(clock, 1.0)
    assert limiter.get_usage_stats().messages_in_last_second == 0


def test_a_cost_of_no_messages_passes_a_full_window(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=1, weight_limits={60.0: 10})
    limiter.acquire(Cost())

    limiter.acquire(Cost(messages=0, weight=1))

    assert limiter.get_usage_stats().weight_used[60.0] == 1


# ---------------------------------------------------------------------------- subscriptions


def test_a_new_subscription_beyond_the_cap_is_refused_with_limit_and_current(clock):
    limiter = WebSocketRateLimiter(max_subscriptions=2)
    for stream in ("a@trade", "b@trade"):
        limiter.check_subscription_limit(stream)
        limiter.add_subscription(stream)

    with pytest.raises(SubscriptionLimitExceeded) as caught:
        limiter.check_subscription_limit("c@trade")

    assert (caught.value.limit, caught.value.current) == (2, 2)


def test_an_active_subscription_passes_the_check_even_at_the_cap(clock):
    limiter = WebSocketRateLimiter(max_subscriptions=1)
    limiter.add_subscription("a@trade")

    limiter.check_subscription_limit("a@trade")

    assert limiter.get_usage_stats().refused == 0


def test_removing_a_subscription_frees_its_slot(clock):
    limiter = WebSocketRateLimiter(max_subscriptions=1)
    limiter.add_subscription("a@trade")
    limiter.remove_subscription("a@trade")
    limiter.remove_subscription("never-added")

    limiter.check_subscription_limit("b@trade")

    assert limiter.get_usage_stats().active_subscriptions == 0


def test_checking_a_subscription_records_nothing_and_adding_is_idempotent(clock):
    limiter = WebSocketRateLimiter(max_subscriptions=5)
    limiter.check_subscription_limit("a@trade")
    assert limiter.get_usage_stats().active_subscriptions == 0

    limiter.add_subscription("a@trade")
    limiter.add_subscription("a@trade")

    assert limiter.get_usage_stats().active_subscriptions == 1


def test_without_a_cap_every_subscription_passes(clock):
    limiter = WebSocketRateLimiter()
    for index in range(2000):
        limiter.check_subscription_limit(f"s{index}")
        limiter.add_subscription(f"s{index}")

    stats = limiter.get_usage_stats()
    assert (stats.active_subscriptions, stats.max_subscriptions) == (2000, None)


@pytest.mark.parametrize(
    "method", ["check_subscription_limit", "add_subscription", "remove_subscription"]
)
@pytest.mark.parametrize("stream_id", ["", None, 7])
def test_a_stream_id_must_be_a_non_empty_string(clock, method, stream_id):
    limiter = WebSocketRateLimiter(max_subscriptions=1)

    with pytest.raises(InvalidParameters) as caught:
        getattr(limiter, method)(stream_id)

    assert caught.value.field == "stream_id"


# ---------------------------------------------------------------------------- connections


def test_connection_attempts_beyond_the_window_limit_are_refused(clock):
    limiter = WebSocketRateLimiter(max_connections_per_window=2, connection_window=300.0)
    limiter.check_connection_rate()
    at(clock, 100.0)
    limiter.check_connection_rate()

    with pytest.raises(ConnectionRateExceeded) as caught:
        limiter.check_connection_rate()

    assert (caught.value.limit, caught.value.window, caught.value.retry_after) == (2, 300.0, 200.0)
    assert limiter.get_usage_stats().connections_in_window == 2


def test_a_connection_attempt_counts_until_exactly_one_window_after_it(clock):
    limiter = WebSocketRateLimiter(max_connections_per_window=1, connection_window=300.0)
    limiter.check_connection_rate()
    at(clock, 299.75)
    with pytest.raises(ConnectionRateExceeded):
        limiter.check_connection_rate()

    at(clock, 300.0)
    limiter.check_connection_rate()

    assert limiter.get_usage_stats().connections_in_window == 1


def test_next_connection_in_counts_down_to_zero_at_the_boundary_and_records_nothing(clock):
    limiter = WebSocketRateLimiter(max_connections_per_window=1, connection_window=60.0)
    assert limiter.next_connection_in() == 0.0
    limiter.check_connection_rate()

    at(clock, 15.0)
    assert limiter.next_connection_in() == 45.0
    at(clock, 60.0)
    assert limiter.next_connection_in() == 0.0
    assert limiter.get_usage_stats().connections_in_window == 0


def test_without_a_connection_limit_attempts_pass_and_are_counted(clock):
    limiter = WebSocketRateLimiter(connection_window=60.0)
    for _ in range(50):
        limiter.check_connection_rate()

    stats = limiter.get_usage_stats()
    assert (stats.connections_in_window, stats.max_connections_per_window) == (50, None)


# ---------------------------------------------------------------------------- weight


def test_weight_within_the_window_limit_passes_and_is_counted(clock):
    limiter = WebSocketRateLimiter(weight_limits={60.0: 10})

    limiter.acquire(Cost(weight=4))
    limiter.acquire(Cost(weight=6))

    assert limiter.get_usage_stats().weight_used == {60.0: 10}


def test_weight_that_would_pass_the_limit_is_refused_with_used_limit_and_window(clock):
    limiter = WebSocketRateLimiter(weight_limits={60.0: 10})
    limiter.acquire(Cost(weight=6))
    at(clock, 15.0)

    with pytest.raises(WeightLimitExceeded) as caught:
        limiter.acquire(Cost(weight=5))

    error = caught.value
    assert (error.used, error.limit, error.window, error.retry_after) == (11, 10, 60.0, 45.0)
    limiter.acquire(Cost(weight=4))


def test_weight_leaves_the_window_entry_by_entry_at_the_exact_instant(clock):
    limiter = WebSocketRateLimiter(weight_limits={60.0: 10})
    limiter.acquire(Cost(weight=3))
    at(clock, 10.0)
    limiter.acquire(Cost(weight=4))
    at(clock, 20.0)
    limiter.acquire(Cost(weight=3))

    # 8 more needs 8 freed: the entries from 0 s and 10 s (3 + 4 = 7) are not enough,
    # so the answer is the instant the 20 s entry leaves too (80 s).
    assert limiter.wait_time(Cost(weight=8)) == 60.0
    assert limiter.wait_time(Cost(weight=7)) == 50.0  # 0 s and 10 s entries: at 70 s
    at(clock, 69.75)
    with pytest.raises(WeightLimitExceeded):
        limiter.acquire(Cost(weight=7))
    at(clock, 70.0)
    limiter.acquire(Cost(weight=7))


def test_the_refusal_reports_the_weight_window_with_the_longest_wait(clock):
    limiter = WebSocketRateLimiter(weight_limits={1.0: 5, 60.0: 8})
    limiter.acquire(Cost(weight=5))
    at(clock, 0.5)

    with pytest.raises(WeightLimitExceeded) as caught:
        limiter.acquire(Cost(weight=4))

    assert (caught.value.window, caught.value.retry_after) == (60.0, 59.5)


def test_venue_reported_weight_replaces_the_local_count(clock):
    limiter = WebSocketRateLimiter(weight_limits={60.0: 6000})
    limiter.acquire(Cost(weight=5))

    limiter.set_weight_usage(60.0, 5990)

    assert limiter.get_usage_stats().weight_used[60.0] == 5990
    with pytest.raises(WeightLimitExceeded) as caught:
        limiter.acquire(Cost(weight=20))
    assert caught.value.used == 6010


def test_venue_reported_weight_slides_out_one_window_after_the_report(clock):
    limiter = WebSocketRateLimiter(weight_limits={60.0: 100})
    at(clock, 30.0)
    limiter.set_weight_usage(60.0, 100)

    at(clock, 89.75)
    assert limiter.wait_time(Cost(weight=1)) == 0.25
    at(clock, 90.0)
    limiter.acquire(Cost(weight=100))


def test_a_lower_venue_count_lets_more_weight_through(clock):
    limiter = WebSocketRateLimiter(weight_limits={60.0: 10})
    limiter.acquire(Cost(weight=10))

    limiter.set_weight_usage(60.0, 1)  # the venue's minute counter has reset

    limiter.acquire(Cost(weight=9))


def test_a_venue_reported_limit_adds_a_window_or_updates_one(clock):
    limiter = WebSocketRateLimiter(weight_limits={60.0: 6000})

    limiter.set_weight_usage(10.0, 1, limit=50)
    limiter.set_weight_usage(60.0, 70, limit=1200)

    stats = limiter.get_usage_stats()
    assert stats.weight_limits == {60.0: 1200, 10.0: 50}
    assert stats.weight_used == {60.0: 70, 10.0: 1}


def test_reporting_weight_for_an_unknown_window_without_a_limit_names_the_window(clock):
    limiter = WebSocketRateLimiter(weight_limits={60.0: 6000})

    with pytest.raises(InvalidParameters) as caught:
        limiter.set_weight_usage(10.0, 3)

    assert caught.value.field == "window"


@pytest.mark.parametrize(
    ("window", "used", "limit", "field"),
    [(0.0, 1, None, "window"), (60.0, -1, None, "used"), (60.0, 1, 0, "limit")],
)
def test_bad_weight_reports_name_the_field(clock, window, used, limit, field):
    limiter = WebSocketRateLimiter(weight_limits={60.0: 6000})

    with pytest.raises(InvalidParameters) as caught:
        limiter.set_weight_usage(window, used, limit=limit)

    assert caught.value.field == field


def test_weight_above_a_window_limit_is_invalid_rather_than_refused(clock):
    limiter = WebSocketRateLimiter(weight_limits={60.0: 10})

    with pytest.raises(InvalidParameters) as caught:
        limiter.acquire(Cost(weight=11))

    assert caught.value.field == "weight"
    assert limiter.get_usage_stats().refused == 0


# ---------------------------------------------------------------------------- credits


def test_a_deribit_bucket_allows_a_burst_of_one_hundred_then_refuses(clock):
    limiter = WebSocketRateLimiter(buckets={"non_matching": deribit_bucket()})
    cost = Cost(credits={"non_matching": 500})
    for _ in range(100):
        limiter.acquire(cost)

    with pytest.raises(CreditLimitExceeded) as caught:
        limiter.acquire(cost)

    error = caught.value
    assert (error.bucket, error.cost, error.available) == ("non_matching", 500, 0)
    assert error.retry_after == pytest.approx(0.05)


def test_pacing_by_wait_time_sustains_the_refill_rate_without_a_refusal(clock):
    limiter = WebSocketRateLimiter(buckets={"non_matching": deribit_bucket()})
    cost = Cost(credits={"non_matching": 500})
    started = time.monotonic()

    for _ in range(300):
        wait = limiter.wait_time(cost)
        if wait:
            clock.tick(wait)
        limiter.acquire(cost)

    # 100 from the burst, then 20 per second: 200 more take 10 s.
    assert time.monotonic() - started == pytest.approx(10.0, abs=1e-3)
    assert limiter.get_usage_stats().refused == 0


def test_credits_refill_lazily_and_exactly_enough_passes_at_the_instant(clock):
    limiter = WebSocketRateLimiter(buckets={"b": TokenBucket(capacity=8, refill_per_second=4)})
    limiter.acquire(Cost(messages=0, credits={"b": 8}))
    at(clock, 0.25)

    with pytest.raises(CreditLimitExceeded) as caught:
        limiter.acquire(Cost(messages=0, credits={"b": 2}))

    assert (caught.value.available, caught.value.retry_after) == (1, 0.25)
    at(clock, 0.5)
    limiter.acquire(Cost(messages=0, credits={"b": 2}))
    assert limiter.get_usage_stats().credits_available["b"] == 0.0


def test_a_bucket_never_refills_above_its_capacity(clock):
    limiter = WebSocketRateLimiter(buckets={"b": TokenBucket(capacity=8, refill_per_second=4)})
    limiter.acquire(Cost(credits={"b": 4}))
    at(clock, 3600.0)

    assert limiter.get_usage_stats().credits_available["b"] == 8.0


def test_a_bucket_can_start_partly_empty(clock):
    bucket = TokenBucket(capacity=8, refill_per_second=4, available=1)
    limiter = WebSocketRateLimiter(buckets={"b": bucket})

    assert limiter.wait_time(Cost(credits={"b": 3})) == 0.5


def test_set_bucket_reconfigures_a_bucket_and_caps_its_level(clock):
    limiter = WebSocketRateLimiter(buckets={"b": TokenBucket(capacity=8, refill_per_second=4)})

    limiter.set_bucket("b", capacity=4, refill_per_second=2)

    assert limiter.get_usage_stats().credits_available["b"] == 4.0
    limiter.acquire(Cost(credits={"b": 4}))
    assert limiter.wait_time(Cost(credits={"b": 1})) == 0.5


def test_set_bucket_refills_under_the_old_rate_before_changing_it(clock):
    limiter = WebSocketRateLimiter(buckets={"b": TokenBucket(capacity=8, refill_per_second=4)})
    limiter.acquire(Cost(credits={"b": 8}))
    at(clock, 0.5)

    limiter.set_bucket("b", refill_per_second=1)

    assert limiter.get_usage_stats().credits_available["b"] == 2.0
    at(clock, 1.5)
    assert limiter.get_usage_stats().credits_available["b"] == 3.0


def test_set_bucket_adopts_the_level_the_venue_reports(clock):
    limiter = WebSocketRateLimiter(buckets={"b": TokenBucket(capacity=8, refill_per_second=4)})

    limiter.set_bucket("b", available=0.5)

    with pytest.raises(CreditLimitExceeded) as caught:
        limiter.acquire(Cost(credits={"b": 1}))
    assert caught.value.retry_after == 0.125


def test_set_bucket_creates_a_bucket_that_refills_from_now(clock):
    limiter = WebSocketRateLimiter()
    limiter.set_bucket("matching", capacity=20, refill_per_second=5, available=0)
    at(clock, 1.0)

    limiter.acquire(Cost(credits={"matching": 5}))

    assert limiter.get_usage_stats().credits_available == {"matching": 0.0}


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"refill_per_second": 5}, "capacity"),
        ({"capacity": 20}, "refill_per_second"),
        ({"capacity": 20, "refill_per_second": 0}, "refill_per_second"),
        ({"capacity": 20, "refill_per_second": 5, "available": 21}, "available"),
    ],
)
def test_set_bucket_names_a_missing_or_bad_setting(clock, settings, field):
    limiter = WebSocketRateLimiter()

    with pytest.raises(InvalidParameters) as caught:
        limiter.set_bucket("matching", **settings)

    assert caught.value.field == field


def test_a_cost_naming_an_unknown_bucket_or_overflowing_one_is_invalid(clock):
    limiter = WebSocketRateLimiter(buckets={"b": TokenBucket(capacity=8, refill_per_second=4)})

    with pytest.raises(InvalidParameters) as unknown:
        limiter.acquire(Cost(credits={"nope": 1}))
    with pytest.raises(InvalidParameters) as too_big:
        limiter.wait_time(Cost(credits={"b": 9}))

    assert (unknown.value.field, too_big.value.field) == ("credits", "credits['b']")


# ---------------------------------------------------------------------------- blocks


def test_a_block_refuses_every_acquire_until_its_deadline(clock):
    limiter = WebSocketRateLimiter()
    limiter.block_until(time.monotonic() + 120.0, reason="HTTP 418")
    at(clock, 20.0)

    with pytest.raises(RateLimitError) as caught:
        limiter.acquire(Cost(messages=0))

    assert caught.value.retry_after == 100.0
    assert "HTTP 418" in str(caught.value)
    assert limiter.wait_time(Cost()) == 100.0


def test_a_block_ends_at_exactly_its_deadline(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=1)
    limiter.block_until(time.monotonic() + 2.0)
    at(clock, 1.75)
    with pytest.raises(RateLimitError):
        limiter.check_message_rate()

    at(clock, 2.0)
    limiter.check_message_rate()


def test_a_block_holds_back_connection_attempts_too(clock):
    limiter = WebSocketRateLimiter(max_connections_per_window=300)
    limiter.block_until(time.monotonic() + 30.0)

    assert limiter.next_connection_in() == 30.0
    with pytest.raises(RateLimitError) as caught:
        limiter.check_connection_rate()
    assert caught.value.retry_after == 30.0
    assert limiter.get_usage_stats().connections_in_window == 0


def test_a_block_does_not_stop_subscription_bookkeeping(clock):
    limiter = WebSocketRateLimiter(max_subscriptions=1)
    limiter.block_until(time.monotonic() + 30.0)

    limiter.check_subscription_limit("a")
    limiter.add_subscription("a")

    assert limiter.get_usage_stats().active_subscriptions == 1


def test_an_earlier_deadline_does_not_shorten_a_block(clock):
    limiter = WebSocketRateLimiter()
    now = time.monotonic()
    limiter.block_until(now + 60.0, reason="ban")
    limiter.block_until(now + 5.0, reason="retryAfter")

    assert limiter.get_usage_stats().blocked_for == 60.0
    limiter.block_until(now + 90.0, reason="longer ban")
    assert limiter.get_usage_stats().blocked_for == 90.0


def test_a_deadline_in_the_past_blocks_nothing(clock):
    limiter = WebSocketRateLimiter()

    limiter.block_until(time.monotonic() - 1.0)

    limiter.acquire(Cost())
    assert limiter.get_usage_stats().blocked_for == 0.0


@pytest.mark.parametrize(
    ("deadline", "reason", "field"),
    [(math.inf, "", "monotonic_deadline"), ("soon", "", "monotonic_deadline"), (1.0, 7, "reason")],
)
def test_block_until_names_a_bad_argument(clock, deadline, reason, field):
    with pytest.raises(InvalidParameters) as caught:
        WebSocketRateLimiter().block_until(deadline, reason)

    assert caught.value.field == field


# ---------------------------------------------------------------------------- acquire as a whole


def full_limiter() -> WebSocketRateLimiter:
    return WebSocketRateLimiter(
        max_messages_per_second=2,
        weight_limits={60.0: 10},
        buckets={"b": TokenBucket(capacity=8, refill_per_second=4)},
    )


def test_a_cost_refused_by_one_rule_consumes_nothing_from_the_others(clock):
    limiter = full_limiter()
    limiter.acquire(Cost(messages=1, weight=2, credits={"b": 7}))
    before = limiter.get_usage_stats()

    with pytest.raises(CreditLimitExceeded):
        limiter.acquire(Cost(messages=1, weight=2, credits={"b": 2}))

    after = limiter.get_usage_stats()
    assert after.messages_in_last_second == before.messages_in_last_second == 1
    assert after.weight_used == before.weight_used == {60.0: 2}
    assert after.credits_available == before.credits_available == {"b": 1.0}


def test_the_refusal_with_the_longest_wait_is_raised_and_matches_wait_time(clock):
    limiter = full_limiter()
    limiter.acquire(Cost(messages=2, weight=0, credits={"b": 8}))
    at(clock, 0.5)
    cost = Cost(messages=1, credits={"b": 8})

    with pytest.raises(CreditLimitExceeded) as caught:
        limiter.acquire(cost)

    # messages free up at 1.0 (0.5 s away); 8 credits refill by 2.0 (1.5 s away).
    assert caught.value.retry_after == 1.5 == limiter.wait_time(cost)
    at(clock, 2.0)
    limiter.acquire(cost)


def test_wait_time_is_zero_when_acquire_would_pass_and_records_nothing(clock):
    limiter = full_limiter()

    assert limiter.wait_time(Cost(messages=2, weight=10, credits={"b": 8})) == 0.0

    stats = limiter.get_usage_stats()
    assert (stats.messages_in_last_second, stats.weight_used, stats.credits_available) == (
        0,
        {60.0: 0},
        {"b": 8.0},
    )


def test_a_free_cost_always_passes(clock):
    limiter = full_limiter()
    limiter.acquire(Cost(messages=2, weight=10, credits={"b": 8}))

    limiter.acquire(Cost(messages=0))

    assert limiter.wait_time(Cost(messages=0)) == 0.0


@pytest.mark.parametrize("cost", [None, 1, {"messages": 1}])
def test_acquire_and_wait_time_refuse_what_is_not_a_cost(clock, cost):
    limiter = WebSocketRateLimiter()

    for method in (limiter.acquire, limiter.wait_time):
        with pytest.raises(InvalidParameters) as caught:
            method(cost)
        assert caught.value.field == "cost"


def test_more_messages_than_the_limit_are_invalid_rather_than_refused(clock):
    with pytest.raises(InvalidParameters) as caught:
        WebSocketRateLimiter(max_messages_per_second=2).acquire(Cost(messages=3))

    assert caught.value.field == "messages"


# ---------------------------------------------------------------------------- stats


def test_stats_report_the_seed_fields_with_none_for_unlimited(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=5, max_subscriptions=1024)
    limiter.acquire(Cost())
    limiter.add_subscription("btcusdt@trade")
    limiter.check_connection_rate()

    stats = limiter.get_usage_stats()

    assert stats == RateLimitStats(
        messages_in_last_second=1,
        max_messages_per_second=5,
        active_subscriptions=1,
        max_subscriptions=1024,
        connections_in_window=1,
        max_connections_per_window=None,
    )


def test_stats_report_weight_credits_block_and_refusals(clock):
    limiter = full_limiter()
    limiter.acquire(Cost(messages=1, weight=3, credits={"b": 6}))
    limiter.block_until(time.monotonic() + 10.0)
    for _ in range(2):
        with pytest.raises(RateLimitError):
            limiter.acquire(Cost())
    at(clock, 0.25)

    stats = limiter.get_usage_stats()

    assert stats.weight_used == {60.0: 3}
    assert stats.weight_limits == {60.0: 10}
    assert stats.credits_available == {"b": 3.0}
    assert stats.blocked_for == 9.75
    assert stats.refused == 2


def test_every_kind_of_refusal_is_counted(clock):
    limiter = WebSocketRateLimiter(max_messages_per_second=1, max_connections_per_window=1)
    limiter.acquire(Cost())
    limiter.check_connection_rate()
    capped = WebSocketRateLimiter(max_subscriptions=1)
    capped.add_subscription("a")

    for refused in (limiter.acquire, limiter.check_connection_rate):
        with pytest.raises(RateLimitError):
            refused()
    with pytest.raises(SubscriptionLimitExceeded):
        capped.check_subscription_limit("b")

    assert limiter.get_usage_stats().refused == 2
    assert capped.get_usage_stats().refused == 1


def test_stats_are_immutable_and_hashable(clock):
    stats = full_limiter().get_usage_stats()

    with pytest.raises(dataclasses.FrozenInstanceError):
        stats.refused = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        stats.weight_used[60.0] = 1  # type: ignore[index]
    assert hash(stats) == hash(full_limiter().get_usage_stats())


# ---------------------------------------------------------------------------- values and validation


def test_a_cost_is_immutable_and_hashable_with_its_credits():
    cost = Cost(messages=1, weight=2, credits={"non_matching": 500})
    credits = {"non_matching": 500}
    same = Cost(weight=2, credits=credits)
    credits["non_matching"] = 1  # the cost keeps its own copy

    assert cost == same
    assert hash(cost) == hash(same)
    assert same.credits == {"non_matching": 500}
    with pytest.raises(TypeError):
        cost.credits["non_matching"] = 1  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        cost.weight = 3  # type: ignore[misc]


def test_the_default_cost_is_one_message():
    assert (Cost().messages, Cost().weight, dict(Cost().credits)) == (1, 0, {})


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"messages": -1}, "messages"),
        ({"messages": 1.0}, "messages"),
        ({"weight": -2}, "weight"),
        ({"weight": True}, "weight"),
        ({"credits": [("b", 1)]}, "credits"),
        ({"credits": {"": 1}}, "credits"),
        ({"credits": {"b": -1}}, "credits['b']"),
    ],
)
def test_a_cost_out_of_range_names_the_field(settings, field):
    with pytest.raises(InvalidParameters) as caught:
        Cost(**settings)

    assert caught.value.field == field


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"capacity": 0, "refill_per_second": 1}, "capacity"),
        ({"capacity": 1.5, "refill_per_second": 1}, "capacity"),
        ({"capacity": 10, "refill_per_second": 0}, "refill_per_second"),
        ({"capacity": 10, "refill_per_second": math.nan}, "refill_per_second"),
        ({"capacity": 10, "refill_per_second": 1, "available": 11}, "available"),
        ({"capacity": 10, "refill_per_second": 1, "available": -1}, "available"),
    ],
)
def test_a_token_bucket_out_of_range_names_the_field(settings, field):
    with pytest.raises(InvalidParameters) as caught:
        TokenBucket(**settings)

    assert caught.value.field == field


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"max_messages_per_second": 0}, "max_messages_per_second"),
        ({"max_messages_per_second": 2.5}, "max_messages_per_second"),
        ({"max_subscriptions": -1}, "max_subscriptions"),
        ({"max_connections_per_window": "300"}, "max_connections_per_window"),
        ({"connection_window": 0.0}, "connection_window"),
        ({"message_window": -1.0}, "message_window"),
        ({"message_window": math.inf}, "message_window"),
        ({"weight_limits": {0.0: 10}}, "weight_limits"),
        ({"weight_limits": {60.0: 0}}, "weight_limits[60]"),
        ({"buckets": {"b": (10, 1)}}, "buckets['b']"),
        ({"buckets": {"": TokenBucket(1, 1)}}, "buckets"),
    ],
)
def test_limiter_arguments_out_of_range_name_the_field(settings, field):
    with pytest.raises(InvalidParameters) as caught:
        WebSocketRateLimiter(**settings)

    assert caught.value.field == field
