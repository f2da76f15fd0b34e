"""The ``market_trades`` channel: trades as they happen, batched.

Subscribe: ``{"type": "subscribe", "channel": "market_trades", "product_ids": [...]}``.
Message ``channel``: ``market_trades``; event body ``{type, trades: [{trade_id,
product_id, price, size, side, time}]}`` with ``side`` ``BUY`` or ``SELL`` (the maker's
side). The first event is a ``snapshot`` of recent trades.
Docs: https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels#market-trades-channel

Example:
    >>> event = parse_event({"type": "update", "trades": [{"trade_id": "1",
    ...     "product_id": "BTC-USD", "price": "68900.50", "size": "0.0015", "side": "BUY",
    ...     "time": "2023-02-09T20:19:35.385Z"}]})
    >>> event.trades[0].size
    Decimal('0.0015')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load, validate

from venues.coinbase.channels._fields import DecimalText, TimestampText, dec, require
from venues.coinbase.channels._split import split_items
from venues.coinbase.timestamps import Timestamp, parse_timestamp

__all__ = [
    "CHANNEL",
    "SIDES",
    "MarketTrade",
    "MarketTradeSchema",
    "MarketTradesEvent",
    "MarketTradesEventSchema",
    "parse_event",
    "split",
]

CHANNEL = "market_trades"
SIDES = ("BUY", "SELL")


@dataclass(frozen=True, slots=True)
class MarketTrade:
    """One trade.

    Example:
        >>> MarketTrade("1", "BTC-USD", Decimal("1"), Decimal("2"), "SELL", Timestamp(0)).side
        'SELL'
    """

    trade_id: str
    product_id: str
    price: Decimal
    size: Decimal
    side: str
    time: Timestamp


@dataclass(frozen=True, slots=True)
class MarketTradesEvent:
    """A ``snapshot`` or ``update`` event with its trades.

    Example:
        >>> MarketTradesEvent("update", ()).trades
        ()
    """

    type: str
    trades: tuple[MarketTrade, ...]


def _trade(raw: Mapping[str, Any]) -> MarketTrade:
    side = require(raw, "side")
    if side not in SIDES:
        raise ValueError(f"side must be 'BUY' or 'SELL', not {side!r}")
    return MarketTrade(
        str(require(raw, "trade_id")),
        str(require(raw, "product_id")),
        dec(require(raw, "price")),
        dec(require(raw, "size")),
        side,
        parse_timestamp(require(raw, "time")),
    )


def parse_event(raw: Mapping[str, Any]) -> MarketTradesEvent:
    """Build a :class:`MarketTradesEvent` from one raw event.

    Example:
        >>> parse_event({"type": "snapshot", "trades": []}).type
        'snapshot'
    """
    return MarketTradesEvent(
        str(require(raw, "type")), tuple(_trade(t) for t in require(raw, "trades"))
    )


def split(event: MarketTradesEvent) -> list[tuple[str, MarketTradesEvent]]:
    """One event per product.

    Example:
        >>> split(MarketTradesEvent("update", ()))
        []
    """
    return split_items(event, "trades")


class MarketTradeSchema(Schema):
    """Declared shape of one trade.

    Example:
        >>> MarketTradeSchema().load({"trade_id": "9", "product_id": "BTC-USD", "price": "1",
        ...     "size": "1", "side": "BUY", "time": "1970-01-01T00:00:00Z"}).trade_id
        '9'
    """

    class Meta:
        unknown = EXCLUDE

    trade_id = fields.String(required=True)
    product_id = fields.String(required=True)
    price = DecimalText(required=True)
    size = DecimalText(required=True)
    side = fields.String(required=True, validate=validate.OneOf(SIDES))
    time = TimestampText(required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> MarketTrade:
        return MarketTrade(**data)


class MarketTradesEventSchema(Schema):
    """Declared shape of a market_trades event.

    Example:
        >>> MarketTradesEventSchema().load({"type": "update", "trades": []}).type
        'update'
    """

    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True)
    trades = fields.List(fields.Nested(MarketTradeSchema), required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> MarketTradesEvent:
        return MarketTradesEvent(data["type"], tuple(data["trades"]))
