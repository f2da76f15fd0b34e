"""The public Coinbase Advanced Trade WebSocket client (market data, no credentials).

Orchestration only: the codec decodes, :mod:`venues.coinbase.subscriptions` subscribes,
the runtime keeps the connection alive and restores subscriptions after reconnects.

Example:
    >>> # from venues.coinbase import CoinbasePublicClient
    >>> # with CoinbasePublicClient() as client:
    >>> #     client.subscribe("level2", ["BTC-USD"], lambda key, msg: print(key, msg))
"""

from __future__ import annotations

from typing import Any

from actors import ConnectionOptions
from venues.coinbase._client import CoinbaseClientBase
from venues.coinbase.endpoints import MARKET_URL
from venues.coinbase.keys import PUBLIC_CHANNELS
from venues.coinbase.limits import public_limiter

__all__ = ["CoinbasePublicClient"]

_CREDENTIAL_WORDS = ("credentials", "key_name", "private_key", "api_key", "api_secret", "jwt")


class CoinbasePublicClient(CoinbaseClientBase):
    """Market data from Coinbase Advanced Trade: heartbeats, ticker, ticker_batch,
    level2, market_trades, candles and status.

    Args:
        url: the endpoint (default production ``wss://advanced-trade-ws.coinbase.com``;
            a simulator's ``sim.url`` in tests).
        heartbeats: subscribe ``heartbeats`` too (default), so quiet channels stay
            open; with ``False`` heartbeats are subscribed only while nothing else is.
        subscribe_timeout: how long to wait for the venue's answer to one message.
        **options: :class:`actors.ConnectionOptions` fields (``backoff``,
            ``stale_after``, ``queue_size``, ``overflow``, ...).

    Raises:
        TypeError: credentials were given (use ``CoinbasePrivateClient``).
        InvalidParameters: an option is out of range (names it).

    Limits (enforced before sending, see :mod:`venues.coinbase.limits`): 8 messages and
    8 connections per second, 100 subscription keys.

    Example:
        >>> # with CoinbasePublicClient(url=sim.url) as client:
        >>> #     client.subscribe("ticker", ["BTC-USD", "ETH-USD"], on_ticker)
        >>> #     client.rate_limit_stats().active_subscriptions
    """

    def __init__(
        self,
        url: str = MARKET_URL,
        *,
        heartbeats: bool = True,
        subscribe_timeout: float = 10.0,
        **options: Any,
    ) -> None:
        given = [word for word in _CREDENTIAL_WORDS if word in options]
        if given or not isinstance(url, str):
            raise TypeError("CoinbasePublicClient takes no credentials; use CoinbasePrivateClient")
        self._setup(
            url,
            public_limiter(),
            channels=PUBLIC_CHANNELS,
            heartbeats=heartbeats,
            subscribe_timeout=subscribe_timeout,
            options=ConnectionOptions.from_keywords(options),
        )
