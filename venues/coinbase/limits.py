"""Coinbase Advanced Trade WebSocket limits and the limiter built from them.

- Connections: 8 per second per IP (the conservative figure the venue publishes).
- Messages without a JWT (the public client's subscribe/unsubscribe): 8 per second.
- Messages with a JWT: the venue publishes none; 100 per second.
- Subscriptions: the venue publishes no cap; 100 subscription keys per client.
- The first subscribe must arrive within 5 s of connecting; JWTs live 120 s.

Example:
    >>> public_limiter().get_usage_stats().max_messages_per_second
    8
"""

from __future__ import annotations

from actors import WebSocketRateLimiter

__all__ = [
    "AUTHENTICATED_MESSAGES_PER_SECOND",
    "CONNECTIONS_PER_SECOND",
    "FIRST_SUBSCRIBE_WINDOW",
    "JWT_LIFETIME",
    "MAX_SUBSCRIPTIONS",
    "UNAUTHENTICATED_MESSAGES_PER_SECOND",
    "private_limiter",
    "public_limiter",
]

CONNECTIONS_PER_SECOND = 8
UNAUTHENTICATED_MESSAGES_PER_SECOND = 8
AUTHENTICATED_MESSAGES_PER_SECOND = 100
MAX_SUBSCRIPTIONS = 100
FIRST_SUBSCRIBE_WINDOW = 5.0
JWT_LIFETIME = 120


def public_limiter() -> WebSocketRateLimiter:
    """A fresh limiter for one public client (messages carry no JWT).

    Example:
        >>> public_limiter().get_usage_stats().max_subscriptions
        100
    """
    return WebSocketRateLimiter(
        max_messages_per_second=UNAUTHENTICATED_MESSAGES_PER_SECOND,
        max_subscriptions=MAX_SUBSCRIPTIONS,
        max_connections_per_window=CONNECTIONS_PER_SECOND,
        connection_window=1.0,
    )


def private_limiter() -> WebSocketRateLimiter:
    """A fresh limiter for one private client (every message carries a JWT).

    Example:
        >>> private_limiter().get_usage_stats().max_messages_per_second
        100
    """
    return WebSocketRateLimiter(
        max_messages_per_second=AUTHENTICATED_MESSAGES_PER_SECOND,
        max_subscriptions=MAX_SUBSCRIPTIONS,
        max_connections_per_window=CONNECTIONS_PER_SECOND,
        connection_window=1.0,
    )
