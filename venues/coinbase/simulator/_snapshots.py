"""The snapshot the venue sends for each new (channel, product) subscription.

Level2 book, ticker, recent trades, candle, status, open orders (batched by 50) and
the balance summary. A ``-USDC`` key on a market-data channel is served its ``-USD``
twin's data.

Example:
    >>> from venues.coinbase.simulator._config import EngineConfig
    >>> venue = Venue(EngineConfig(), wall_clock=lambda: 0)
    >>> conn = venue.open(1, user_endpoint=False, now=0.0)
    >>> [a.frame[:21] for a in snapshots(venue, conn, "level2", ["BTC-USD"])]
    ['{"channel":"l2_data",']
"""

from __future__ import annotations

from typing import Any

from venues.coinbase.aliases import usd_twin
from venues.coinbase.keys import WIRE_NAMES
from venues.coinbase.simulator._venue import Action, Conn, Venue
from venues.coinbase.simulator._wire import rfc3339

__all__ = ["snapshots"]

_ORDERS_PER_MESSAGE = 50


def snapshots(venue: Venue, conn: Conn, channel: str, new: list[str | None]) -> list[Action]:
    """The snapshot messages for the products ``new`` on ``channel`` (``None``: a
    channel without products).

    Example:
        >>> from venues.coinbase.simulator._config import EngineConfig
        >>> venue = Venue(EngineConfig(), wall_clock=lambda: 0)
        >>> snapshots(venue, venue.open(1, user_endpoint=False, now=0.0), "heartbeats", [None])
        []
    """
    actions: list[Action] = []
    for product in new:
        for events in _snapshot_events(venue, conn, channel, product):
            actions += venue.send(conn, WIRE_NAMES[channel], events)
    return actions


def _snapshot_events(
    venue: Venue, conn: Conn, channel: str, product: str | None
) -> list[list[dict[str, Any]]]:
    when = rfc3339(venue.now_ns())
    market = venue.market
    product = usd_twin(channel, product) or product  # the data a -USDC key is served
    if channel == "level2" and product:
        return [[market.level2_snapshot(product, when)]]
    if channel in ("ticker", "ticker_batch") and product:
        return [[{"type": "snapshot", "tickers": [market.ticker(product)]}]]
    if channel == "market_trades" and product:
        trades = [market.trade(product, when) for _ in range(3)]
        return [[{"type": "snapshot", "trades": trades}]]
    if channel == "candles" and product:
        candle = market.candle(product, venue.now_ns() // 1_000_000_000)
        return [[{"type": "snapshot", "candles": [candle]}]]
    if channel == "status" and product:
        return [[{"type": "snapshot", "products": [market.status(product)]}]]
    if channel == "user" and conn.account is not None:
        return _user_snapshot(venue, conn.account)
    if channel == "futures_balance_summary":
        summary = venue.accounts.balance_summary()
        return [[{"type": "snapshot", "fcm_balance_summary": summary}]]
    return []


def _user_snapshot(venue: Venue, account: str) -> list[list[dict[str, Any]]]:
    orders = venue.accounts.open_orders(account)
    size = _ORDERS_PER_MESSAGE
    batches = [orders[i : i + size] for i in range(0, len(orders), size)] or [[]]
    positions = venue.accounts.positions()
    return [[{"type": "snapshot", "orders": b, "positions": positions}] for b in batches]
