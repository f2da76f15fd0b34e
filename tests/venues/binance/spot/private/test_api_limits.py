"""The WebSocket API limits and the limiter built from them."""

from __future__ import annotations

import pytest

from protocol.errors import CreditLimitExceeded, WeightLimitExceeded
from venues.binance.spot.private import account_status, order_place
from venues.binance.spot.private._usage import call_cost
from venues.binance.spot.private.api_limits import (
    ORDERS_PER_10_SECONDS,
    ORDERS_PER_DAY,
    REQUEST_WEIGHT_PER_MINUTE,
    api_rate_limiter,
    orders_bucket,
)


def test_the_documented_limits():
    assert (REQUEST_WEIGHT_PER_MINUTE, ORDERS_PER_10_SECONDS, ORDERS_PER_DAY) == (6000, 50, 160_000)


@pytest.mark.parametrize(
    ("seconds", "name"), [(10.0, "orders_10s"), (86400.0, "orders_1d"), (60.0, "orders_1m")]
)
def test_order_buckets_are_named_by_their_interval(seconds, name):
    assert orders_bucket(seconds) == name


def test_the_limiter_refuses_weight_past_the_minute_limit():
    limiter = api_rate_limiter(weight_per_minute=40)
    cost = call_cost(account_status.build())
    limiter.acquire(cost)
    limiter.acquire(cost)
    with pytest.raises(WeightLimitExceeded):
        limiter.acquire(cost)


def test_the_limiter_refuses_orders_past_the_ten_second_count():
    limiter = api_rate_limiter(orders_per_10_seconds=1)
    cost = call_cost(order_place.build(symbol="X", side="BUY", type="MARKET", quantity="1"))
    limiter.acquire(cost)
    with pytest.raises(CreditLimitExceeded):
        limiter.acquire(cost)
