"""The venue-independent runtime: connections, rate limiters, subscriptions, signals.

Venue clients compose these public classes; nothing here knows a venue.

Example:
    >>> from actors import ConnectionOptions, ConnectionState
    >>> ConnectionOptions(stale_after=30.0).stale_after
    30.0
"""

from __future__ import annotations

from actors import signals
from actors.background import BackgroundWorker
from actors.backoff import Backoff
from actors.client import ManagedClient
from actors.connection import ManagedConnection
from actors.dispatch import Handler, OverflowPolicy
from actors.hooks import Requester, Session, SessionHooks
from actors.rate_limiter import Cost, RateLimiter, RateLimitStats, TokenBucket, WebSocketRateLimiter
from actors.state import ConnectionOptions, ConnectionState, ConnectionStats
from actors.subscriptions import SubscriptionManager, SubscriptionProtocol
from actors.watch import ChannelWatch

__all__ = [
    "BackgroundWorker",
    "Backoff",
    "ChannelWatch",
    "ConnectionOptions",
    "ConnectionState",
    "ConnectionStats",
    "Cost",
    "Handler",
    "ManagedClient",
    "ManagedConnection",
    "OverflowPolicy",
    "RateLimitStats",
    "RateLimiter",
    "Requester",
    "Session",
    "SessionHooks",
    "SubscriptionManager",
    "SubscriptionProtocol",
    "TokenBucket",
    "WebSocketRateLimiter",
    "signals",
]
