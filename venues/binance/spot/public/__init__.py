"""Binance Spot public market-data streams: the client, the control messages, the streams.

Example:
    >>> from venues.binance.spot.public import BinanceSpotPublicClient, trade_stream
    >>> trade_stream("BTCUSDT")
    'btcusdt@trade'
"""

from __future__ import annotations

from venues.binance.spot.public.client import BinanceSpotPublicClient
from venues.binance.spot.public.streams import (
    AggTradeEvent,
    AvgPriceEvent,
    BookTickerEvent,
    DiffDepthEvent,
    Kline,
    KlineEvent,
    MiniTickerEvent,
    PartialDepthEvent,
    PriceLevel,
    RollingWindowTickerEvent,
    TickerEvent,
    TradeEvent,
    agg_trade_stream,
    all_market_mini_tickers_stream,
    all_market_rolling_window_tickers_stream,
    avg_price_stream,
    book_ticker_stream,
    diff_depth_stream,
    kline_stream,
    mini_ticker_stream,
    partial_depth_stream,
    rolling_window_ticker_stream,
    ticker_stream,
    trade_stream,
    validate_stream,
)

__all__ = [
    "AggTradeEvent",
    "AvgPriceEvent",
    "BinanceSpotPublicClient",
    "BookTickerEvent",
    "DiffDepthEvent",
    "Kline",
    "KlineEvent",
    "MiniTickerEvent",
    "PartialDepthEvent",
    "PriceLevel",
    "RollingWindowTickerEvent",
    "TickerEvent",
    "TradeEvent",
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
