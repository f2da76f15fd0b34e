"""The ``ticker`` channel: price and best bid/ask of a product on every match.

Subscribe: ``{"type": "subscribe", "channel": "ticker", "product_ids": ["BTC-USD"]}``.
Message ``channel``: ``ticker``; event body ``{type, tickers: [...]}`` with ``type``
``snapshot`` (first) or ``update``.
Docs: https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels#ticker-channel

Example:
    >>> event = parse_event({"type": "update", "tickers": [
    ...     {"type": "ticker", "product_id": "BTC-USD", "price": "21932.98"}]})
    >>> event.tickers[0].price
    Decimal('21932.98')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load

from venues.coinbase.channels._fields import DecimalText, OptionalDecimalText, dec, opt_dec, require
from venues.coinbase.channels._split import split_items

__all__ = [
    "CHANNEL",
    "Ticker",
    "TickerEvent",
    "TickerEventSchema",
    "TickerSchema",
    "parse_event",
    "parse_ticker",
    "split",
]

CHANNEL = "ticker"

_OPTIONAL = (
    "volume_24_h",
    "low_24_h",
    "high_24_h",
    "low_52_w",
    "high_52_w",
    "price_percent_chg_24_h",
    "best_bid",
    "best_bid_quantity",
    "best_ask",
    "best_ask_quantity",
)


@dataclass(frozen=True, slots=True)
class Ticker:
    """One product's ticker. Fields the venue left out are ``None``.

    Example:
        >>> Ticker("BTC-USD", Decimal("1")).best_bid is None
        True
    """

    product_id: str
    price: Decimal
    volume_24_h: Decimal | None = None
    low_24_h: Decimal | None = None
    high_24_h: Decimal | None = None
    low_52_w: Decimal | None = None
    high_52_w: Decimal | None = None
    price_percent_chg_24_h: Decimal | None = None
    best_bid: Decimal | None = None
    best_bid_quantity: Decimal | None = None
    best_ask: Decimal | None = None
    best_ask_quantity: Decimal | None = None


@dataclass(frozen=True, slots=True)
class TickerEvent:
    """A ``snapshot`` or ``update`` event with its tickers.

    Example:
        >>> TickerEvent("snapshot", ()).type
        'snapshot'
    """

    type: str
    tickers: tuple[Ticker, ...]


def parse_ticker(raw: Mapping[str, Any]) -> Ticker:
    """Build one :class:`Ticker` (the fast path; shared with ``ticker_batch``).

    Example:
        >>> parse_ticker({"product_id": "ETH-USD", "price": "1"}).product_id
        'ETH-USD'
    """
    optional = {name: opt_dec(raw.get(name)) for name in _OPTIONAL}
    return Ticker(str(require(raw, "product_id")), dec(require(raw, "price")), **optional)


def parse_event(raw: Mapping[str, Any]) -> TickerEvent:
    """Build a :class:`TickerEvent` from one raw event.

    Example:
        >>> parse_event({"type": "snapshot", "tickers": []}).tickers
        ()
    """
    return TickerEvent(
        str(require(raw, "type")), tuple(parse_ticker(t) for t in require(raw, "tickers"))
    )


def split(event: TickerEvent) -> list[tuple[str, TickerEvent]]:
    """One event per product (a message may carry tickers of several products).

    Example:
        >>> split(TickerEvent("update", ()))
        []
    """
    return split_items(event, "tickers")


class TickerSchema(Schema):
    """Declared shape of one ticker.

    Example:
        >>> TickerSchema().load({"product_id": "BTC-USD", "price": "2"}).price
        Decimal('2')
    """

    class Meta:
        unknown = EXCLUDE

    product_id = fields.String(required=True)
    price = DecimalText(required=True)
    volume_24_h = OptionalDecimalText()
    low_24_h = OptionalDecimalText()
    high_24_h = OptionalDecimalText()
    low_52_w = OptionalDecimalText()
    high_52_w = OptionalDecimalText()
    price_percent_chg_24_h = OptionalDecimalText()
    best_bid = OptionalDecimalText()
    best_bid_quantity = OptionalDecimalText()
    best_ask = OptionalDecimalText()
    best_ask_quantity = OptionalDecimalText()

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Ticker:
        return Ticker(**data)


class TickerEventSchema(Schema):
    """Declared shape of a ticker event.

    Example:
        >>> TickerEventSchema().load({"type": "update", "tickers": []}).type
        'update'
    """

    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True)
    tickers = fields.List(fields.Nested(TickerSchema), required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> TickerEvent:
        return TickerEvent(data["type"], tuple(data["tickers"]))
