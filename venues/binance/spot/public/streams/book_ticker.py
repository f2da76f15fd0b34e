"""Book ticker stream ``<symbol>@bookTicker``: best bid and ask, in real time.

The payload has no ``e``/``E``; the combined stream name says which stream it is.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#individual-symbol-book-ticker-streams

Example:
    >>> book_ticker_stream("BNBUSDT")
    'bnbusdt@bookTicker'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load

from venues.binance.spot.public.streams import _fields as f
from venues.binance.spot.public.streams._kind import StreamKind
from venues.binance.spot.symbols import stream_symbol

__all__ = ["KIND", "BookTickerEvent", "BookTickerSchema", "book_ticker_stream"]


@dataclass(frozen=True, slots=True)
class BookTickerEvent:
    """Best bid and ask of one symbol after order book update ``update_id``.

    Example:
        >>> BookTickerEvent.from_payload({"u": 400900217, "s": "BNBUSDT", "b": "25.35190000",
        ...     "B": "31.21000000", "a": "25.36520000", "A": "40.66000000"}).best_bid_price
        Decimal('25.35190000')
    """

    update_id: int
    symbol: str
    best_bid_price: Decimal
    best_bid_quantity: Decimal
    best_ask_price: Decimal
    best_ask_quantity: Decimal

    @classmethod
    def from_payload(cls, data: Any) -> BookTickerEvent:
        """Build the event from the payload dict (fast path, strict types)."""
        d = f.decimal
        return cls(
            f.integer(data["u"]), f.text(data["s"]), d(data["b"]), d(data["B"]),
            d(data["a"]), d(data["A"]),
        )  # fmt: skip


class BookTickerSchema(Schema):
    """Reference schema for :class:`BookTickerEvent`.

    Example:
        >>> BookTickerSchema().load({"u": 1, "s": "X", "b": "1", "B": "2", "a": "3",
        ...     "A": "4"}).best_ask_quantity
        Decimal('4')
    """

    class Meta:
        unknown = EXCLUDE

    update_id = fields.Integer(data_key="u", required=True, strict=True)
    symbol = fields.String(data_key="s", required=True)
    best_bid_price = fields.Decimal(data_key="b", required=True)
    best_bid_quantity = fields.Decimal(data_key="B", required=True)
    best_ask_price = fields.Decimal(data_key="a", required=True)
    best_ask_quantity = fields.Decimal(data_key="A", required=True)

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> BookTickerEvent:
        return BookTickerEvent(**data)


def book_ticker_stream(symbol: str) -> str:
    """Return the book ticker stream name for ``symbol``.

    Example:
        >>> book_ticker_stream("ETHBTC")
        'ethbtc@bookTicker'
    """
    return f"{stream_symbol(symbol)}@bookTicker"


def _parse(stream: str, data: Any) -> BookTickerEvent:
    return BookTickerEvent.from_payload(data)


KIND = StreamKind(
    name="bookTicker",
    pattern=re.compile(r"bookTicker"),
    parse=_parse,
    sequence=lambda event: event.update_id,
)
