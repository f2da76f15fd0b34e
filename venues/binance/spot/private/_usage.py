"""Feeding the venue's own counts to the client's limiter.

Every reply's ``rateLimits`` replace the local counts (``REQUEST_WEIGHT`` -> the weight
window, ``ORDERS`` -> the order buckets); a 429/418 with ``retryAfter`` blocks the
limiter until then, so nothing more is sent before the venue allows it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

from actors import Cost, RateLimiter
from venues.binance.spot.api_codec import RateLimitUsage
from venues.binance.spot.errors import BinanceError
from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private.api_limits import orders_bucket

__all__ = ["apply_refusal", "apply_usage", "call_cost", "limit_name"]

_ORDER_WINDOWS = (10.0, 86400.0)
_RATE_STATUSES = (418, 429)


def call_cost(call: ApiCall[Any]) -> Cost:
    """What ``call`` costs against the limiter: one message, its weight, its orders.

    Example:
        >>> from venues.binance.spot.private import order_place
        >>> cost = call_cost(order_place.build(symbol="X", side="BUY", type="MARKET", quantity=1))
        >>> (cost.weight, dict(cost.credits))
        (1, {'orders_10s': 1, 'orders_1d': 1})
    """
    credits = {orders_bucket(w): call.orders for w in _ORDER_WINDOWS} if call.orders else {}
    return Cost(messages=1, weight=call.weight, credits=credits)


def apply_usage(
    rate: RateLimiter, usages: Iterable[RateLimitUsage], caps: Mapping[str, int] | None = None
) -> None:
    """Adopt the venue's counts from one reply's ``rateLimits``.

    ``caps`` (limit name -> most allowed, see :func:`limit_name`) keep a client's own
    lower limits: the venue's limit is adopted only when it is stricter.
    """
    for usage in usages:
        if usage.limit <= 0:
            continue
        window = usage.window_seconds
        limit = min(usage.limit, (caps or {}).get(limit_name(usage), usage.limit))
        if usage.rate_limit_type == "REQUEST_WEIGHT":
            rate.set_weight_usage(window, min(usage.count, limit), limit=limit)
        elif usage.rate_limit_type == "ORDERS":
            rate.set_bucket(
                orders_bucket(window),
                capacity=limit,
                refill_per_second=limit / window,
                available=float(max(0, limit - usage.count)),
            )


def limit_name(usage: RateLimitUsage) -> str:
    """``weight_60s`` for REQUEST_WEIGHT per minute, ``orders_10s`` for ORDERS per 10 s.

    Example:
        >>> limit_name(RateLimitUsage("REQUEST_WEIGHT", "MINUTE", 1, 6000, 0))
        'weight_60s'
    """
    if usage.rate_limit_type == "ORDERS":
        return orders_bucket(usage.window_seconds)
    return f"weight_{int(usage.window_seconds)}s"


def apply_refusal(
    rate: RateLimiter, error: BinanceError, caps: Mapping[str, int] | None = None
) -> None:
    """Adopt an error reply's counts; on 429/418 block until ``retryAfter``."""
    apply_usage(rate, error.rate_limits, caps)
    retry_after_ms = error.retry_after_ms
    if error.status not in _RATE_STATUSES or retry_after_ms is None:
        return
    # retryAfter is wall-clock epoch ms; the limiter runs on the monotonic clock.
    wait = max(0.0, retry_after_ms / 1000.0 - time.time())
    rate.block_until(time.monotonic() + wait, reason=f"venue status {error.status}")
