"""Coinbase Advanced Trade WebSocket: public and private clients.

- :class:`CoinbasePublicClient`: market data (``heartbeats``, ``ticker``,
  ``ticker_batch``, ``level2``, ``market_trades``, ``candles``, ``status``).
- :class:`CoinbasePrivateClient`: the user's orders and balances (``user``,
  ``futures_balance_summary``), a fresh JWT on every message.
- :class:`LocalOrderBook`: a local book kept from ``level2`` events (an update before
  any snapshot is refused with :class:`BookNotReady`).

Subscriptions are named by keys ``"<channel>:<product>"`` (``"level2:BTC-USD"``) or
``"<channel>"`` for channels without products; handlers receive
``handler(key, ChannelMessage)``. The simulator lives in
:mod:`venues.coinbase.simulator`.

Example:
    >>> from venues.coinbase import MARKET_URL, USER_URL
    >>> (MARKET_URL, USER_URL)
    ('wss://advanced-trade-ws.coinbase.com', 'wss://advanced-trade-ws-user.coinbase.com')
"""

from __future__ import annotations

from venues.coinbase.book import BookNotReady, LocalOrderBook
from venues.coinbase.channels.envelope import ChannelMessage
from venues.coinbase.codec import CoinbaseCodec
from venues.coinbase.endpoints import MARKET_URL, USER_URL
from venues.coinbase.errors import CoinbaseError, SubscriptionRejected
from venues.coinbase.keys import channel_key
from venues.coinbase.private import CoinbasePrivateClient, Credentials
from venues.coinbase.public import CoinbasePublicClient

__all__ = [
    "MARKET_URL",
    "USER_URL",
    "BookNotReady",
    "ChannelMessage",
    "CoinbaseCodec",
    "CoinbaseError",
    "CoinbasePrivateClient",
    "CoinbasePublicClient",
    "Credentials",
    "LocalOrderBook",
    "SubscriptionRejected",
    "channel_key",
]
