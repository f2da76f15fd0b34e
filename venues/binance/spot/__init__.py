"""Binance Spot: the public market-data streams client and the private WebSocket API client.

The two are separate venue products on separate hosts: streams
(``wss://stream.binance.com:9443/stream``) need no credentials; the WebSocket API
(``wss://ws-api.binance.com:443/ws-api/v3``) signs with an API key. Both ship with a
protocol-faithful simulator in :mod:`venues.binance.spot.simulator`.

Example:
    >>> from venues.binance.spot import BinanceSpotPublicClient, trade_stream
    >>> trade_stream("BTCUSDT")
    'btcusdt@trade'
"""

from __future__ import annotations

from venues.binance.spot.private import BinanceSpotPrivateClient, Credentials
from venues.binance.spot.public import (
    BinanceSpotPublicClient,
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
)

__all__ = [
    "BinanceSpotPrivateClient",
    "BinanceSpotPublicClient",
    "Credentials",
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
]
