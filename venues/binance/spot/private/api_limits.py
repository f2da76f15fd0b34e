"""Binance Spot WebSocket API endpoints and limits, and the limiter built from them.

- ``REQUEST_WEIGHT``: 6000 per minute **per IP**, shared by every connection from it;
  opening a connection costs 2.
- ``ORDERS`` (unfilled order count): 50 per 10 s and 160,000 per day **per account**.
- 300 connection attempts per 5 minutes per IP; a connection lives at most 24 h.

The venue resets its counters on clock boundaries (a minute at :00, 10 s at :00, :10,
...); the client's sliding window and token buckets are at least as strict, and every
reply's ``rateLimits`` replaces the local counts with the venue's.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/rate-limits

Example:
    >>> limiter = api_rate_limiter()
    >>> stats = limiter.get_usage_stats()
    >>> (stats.weight_limits[60.0], sorted(stats.credits_available))
    (6000, ['orders_10s', 'orders_1d'])
"""

from __future__ import annotations

from actors import TokenBucket, WebSocketRateLimiter

__all__ = [
    "API_CONNECTIONS_PER_WINDOW",
    "API_CONNECTION_WINDOW",
    "API_URL",
    "CONNECT_WEIGHT",
    "DEMO_API_URL",
    "ORDERS_PER_10_SECONDS",
    "ORDERS_PER_DAY",
    "REQUEST_WEIGHT_PER_MINUTE",
    "TESTNET_API_URL",
    "api_rate_limiter",
    "orders_bucket",
]

API_URL = "wss://ws-api.binance.com:443/ws-api/v3"
"""Production WebSocket API endpoint."""

TESTNET_API_URL = "wss://ws-api.testnet.binance.vision/ws-api/v3"
"""Spot test network WebSocket API endpoint (the private client's default)."""

DEMO_API_URL = "wss://demo-ws-api.binance.com/ws-api/v3"
"""Demo mode WebSocket API endpoint."""

REQUEST_WEIGHT_PER_MINUTE = 6000
"""``REQUEST_WEIGHT`` limit per minute (per IP; read the live value from replies)."""

ORDERS_PER_10_SECONDS = 50
"""``ORDERS`` (unfilled order count) per 10 seconds, per account."""

ORDERS_PER_DAY = 160_000
"""``ORDERS`` (unfilled order count) per day, per account."""

CONNECT_WEIGHT = 2
"""Weight one WebSocket API connection costs."""

API_CONNECTIONS_PER_WINDOW = 300
"""Connection attempts per IP per :data:`API_CONNECTION_WINDOW`."""

API_CONNECTION_WINDOW = 300.0
"""Seconds of the connection-attempt window."""


def orders_bucket(window_seconds: float) -> str:
    """The limiter bucket name of an ``ORDERS`` interval (10 s -> ``orders_10s``).

    Example:
        >>> orders_bucket(10.0), orders_bucket(86400.0), orders_bucket(3600.0)
        ('orders_10s', 'orders_1d', 'orders_1h')
    """
    seconds = int(window_seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"orders_{seconds // size}{unit}"
    return f"orders_{seconds}s"


def api_rate_limiter(
    *,
    weight_per_minute: int = REQUEST_WEIGHT_PER_MINUTE,
    orders_per_10_seconds: int = ORDERS_PER_10_SECONDS,
    orders_per_day: int = ORDERS_PER_DAY,
) -> WebSocketRateLimiter:
    """A limiter with the WebSocket API's limits (lower them to share an IP or account).

    Example:
        >>> api_rate_limiter(weight_per_minute=1200).get_usage_stats().weight_limits[60.0]
        1200
    """
    return WebSocketRateLimiter(
        max_connections_per_window=API_CONNECTIONS_PER_WINDOW,
        connection_window=API_CONNECTION_WINDOW,
        weight_limits={60.0: weight_per_minute},
        buckets={
            orders_bucket(10.0): TokenBucket(
                capacity=orders_per_10_seconds, refill_per_second=orders_per_10_seconds / 10.0
            ),
            orders_bucket(86400.0): TokenBucket(
                capacity=orders_per_day, refill_per_second=orders_per_day / 86400.0
            ),
        },
    )
