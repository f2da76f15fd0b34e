"""Feeding the venue's rateLimits and 429/418 verdicts to the client's limiter."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from actors import RateLimiter
from protocol.errors import RateLimitError
from venues.binance.spot.api_codec import RateLimitUsage
from venues.binance.spot.errors import error_for
from venues.binance.spot.private._usage import apply_refusal, apply_usage, limit_name
from venues.binance.spot.private.api_limits import api_rate_limiter

WEIGHT = RateLimitUsage("REQUEST_WEIGHT", "MINUTE", 1, 6000, 321)
ORDERS_10S = RateLimitUsage("ORDERS", "SECOND", 10, 50, 12)
ORDERS_DAY = RateLimitUsage("ORDERS", "DAY", 1, 160000, 4043)


@pytest.fixture
def rate() -> Iterator[RateLimiter]:
    limiter = RateLimiter(api_rate_limiter(), sender=object())
    yield limiter
    limiter.stop()


def test_the_venues_counts_replace_the_local_ones(rate):
    apply_usage(rate, [WEIGHT, ORDERS_10S, ORDERS_DAY])
    stats = rate.get_usage_stats()
    assert stats.weight_used[60.0] == 321
    assert stats.credits_available["orders_10s"] == pytest.approx(38.0, abs=0.1)
    assert stats.credits_available["orders_1d"] == pytest.approx(155957.0, abs=1.0)


def test_a_lower_local_limit_survives_the_venues_report(rate):
    caps = {"weight_60s": 1000, "orders_10s": 20}
    apply_usage(rate, [WEIGHT, ORDERS_10S], caps)
    stats = rate.get_usage_stats()
    assert stats.weight_limits[60.0] == 1000
    assert stats.credits_available["orders_10s"] == pytest.approx(8.0, abs=0.1)


def test_limit_names_follow_type_and_window():
    assert [limit_name(u) for u in (WEIGHT, ORDERS_10S, ORDERS_DAY)] == [
        "weight_60s",
        "orders_10s",
        "orders_1d",
    ]


@pytest.mark.parametrize("status", [429, 418])
def test_a_rate_refusal_blocks_every_request_until_retry_after(rate, status):
    retry_after = int(time.time() * 1000) + 30_000
    apply_refusal(rate, error_for(-1003, "slow down", {"retryAfter": retry_after}, status=status))
    assert 0 < rate.get_usage_stats().blocked_for <= 30
    with pytest.raises(RateLimitError):
        rate.acquire()


def test_other_errors_do_not_block(rate):
    apply_refusal(rate, error_for(-2010, "rejected", {"retryAfter": 1}, status=400))
    assert rate.get_usage_stats().blocked_for == 0.0
    rate.acquire()
