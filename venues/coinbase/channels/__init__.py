"""Typed events of every Coinbase Advanced Trade channel, one module per channel.

Handlers receive a :class:`ChannelMessage` whose ``events`` are the channel's event
dataclasses: :class:`Heartbeat`, :class:`TickerEvent`, :class:`TickerBatchEvent`,
:class:`Level2Event`, :class:`MarketTradesEvent`, :class:`CandlesEvent`,
:class:`StatusEvent`, :class:`UserEvent`, :class:`FuturesBalanceSummaryEvent`. Prices
and sizes are ``Decimal``; times are :class:`~venues.coinbase.timestamps.Timestamp`
(integer nanoseconds plus the original text).

Example:
    >>> from venues.coinbase.channels import Level2Event
    >>> Level2Event("snapshot", "BTC-USD", ()).is_snapshot
    True
"""

from __future__ import annotations

from venues.coinbase.channels.candles import Candle, CandlesEvent
from venues.coinbase.channels.envelope import ChannelMessage
from venues.coinbase.channels.futures_balance_summary import (
    FcmBalanceSummary,
    FuturesBalanceSummaryEvent,
    MarginWindowMeasure,
)
from venues.coinbase.channels.heartbeats import Heartbeat
from venues.coinbase.channels.level2 import Level2Event, Level2Update
from venues.coinbase.channels.market_trades import MarketTrade, MarketTradesEvent
from venues.coinbase.channels.status import ProductStatus, StatusEvent
from venues.coinbase.channels.ticker import Ticker, TickerEvent
from venues.coinbase.channels.ticker_batch import TickerBatchEvent
from venues.coinbase.channels.user import (
    ExpiringFuturesPosition,
    Order,
    PerpetualFuturesPosition,
    Positions,
    UserEvent,
)

__all__ = [
    "Candle",
    "CandlesEvent",
    "ChannelMessage",
    "ExpiringFuturesPosition",
    "FcmBalanceSummary",
    "FuturesBalanceSummaryEvent",
    "Heartbeat",
    "Level2Event",
    "Level2Update",
    "MarginWindowMeasure",
    "MarketTrade",
    "MarketTradesEvent",
    "Order",
    "PerpetualFuturesPosition",
    "Positions",
    "ProductStatus",
    "StatusEvent",
    "Ticker",
    "TickerBatchEvent",
    "TickerEvent",
    "UserEvent",
]
