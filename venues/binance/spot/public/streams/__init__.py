"""Binance Spot market-data streams: one module per stream, typed events, name builders.

Every stream module holds a frozen dataclass event with exact ``Decimal`` prices and
quantities, a fast ``from_payload`` constructor used per frame, a marshmallow schema the
fast path is checked against, and a stream-name builder that validates its arguments.

Example:
    >>> trade_stream("BTCUSDT"), kline_stream("BTCUSDT", "1m")
    ('btcusdt@trade', 'btcusdt@kline_1m')
"""

from __future__ import annotations

from venues.binance.spot.public.streams._registry import validate_stream
from venues.binance.spot.public.streams.agg_trade import (
    AggTradeEvent,
    AggTradeSchema,
    agg_trade_stream,
)
from venues.binance.spot.public.streams.avg_price import (
    AvgPriceEvent,
    AvgPriceSchema,
    avg_price_stream,
)
from venues.binance.spot.public.streams.book_ticker import (
    BookTickerEvent,
    BookTickerSchema,
    book_ticker_stream,
)
from venues.binance.spot.public.streams.diff_depth import (
    DiffDepthEvent,
    DiffDepthSchema,
    diff_depth_stream,
)
from venues.binance.spot.public.streams.kline import (
    KLINE_INTERVALS,
    KLINE_UTC_OFFSETS,
    Kline,
    KlineEvent,
    KlineEventSchema,
    KlineSchema,
    kline_stream,
)
from venues.binance.spot.public.streams.mini_ticker import (
    MiniTickerEvent,
    MiniTickerSchema,
    all_market_mini_tickers_stream,
    mini_ticker_stream,
)
from venues.binance.spot.public.streams.partial_depth import (
    DEPTH_LEVELS,
    UPDATE_SPEEDS,
    PartialDepthEvent,
    PartialDepthSchema,
    partial_depth_stream,
)
from venues.binance.spot.public.streams.price_level import PriceLevel
from venues.binance.spot.public.streams.rolling_window_ticker import (
    ROLLING_WINDOWS,
    RollingWindowTickerEvent,
    RollingWindowTickerSchema,
    all_market_rolling_window_tickers_stream,
    rolling_window_ticker_stream,
)
from venues.binance.spot.public.streams.ticker import TickerEvent, TickerSchema, ticker_stream
from venues.binance.spot.public.streams.trade import TradeEvent, TradeSchema, trade_stream

__all__ = [
    "DEPTH_LEVELS",
    "KLINE_INTERVALS",
    "KLINE_UTC_OFFSETS",
    "ROLLING_WINDOWS",
    "UPDATE_SPEEDS",
    "AggTradeEvent",
    "AggTradeSchema",
    "AvgPriceEvent",
    "AvgPriceSchema",
    "BookTickerEvent",
    "BookTickerSchema",
    "DiffDepthEvent",
    "DiffDepthSchema",
    "Kline",
    "KlineEvent",
    "KlineEventSchema",
    "KlineSchema",
    "MiniTickerEvent",
    "MiniTickerSchema",
    "PartialDepthEvent",
    "PartialDepthSchema",
    "PriceLevel",
    "RollingWindowTickerEvent",
    "RollingWindowTickerSchema",
    "TickerEvent",
    "TickerSchema",
    "TradeEvent",
    "TradeSchema",
    "agg_trade_stream",
    "all_market_mini_tickers_stream",
    "all_market_rolling_window_tickers_stream",
    "avg_price_stream",
    "book_ticker_stream",
    "diff_depth_stream",
    "kline_stream",
    "mini_ticker_stream",
    "partial_depth_stream",
    "rolling_window_ticker_stream",
    "ticker_stream",
    "trade_stream",
    "validate_stream",
]
