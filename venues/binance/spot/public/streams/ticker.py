"""24 h ticker stream ``<symbol>@ticker`` (1000 ms).

The all-market ``!ticker@arr`` stream is deprecated by the venue; subscribe to
``<symbol>@ticker`` or ``!miniTicker@arr`` instead.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#individual-symbol-ticker-streams

Example:
    >>> ticker_stream("BNBBTC")
    'bnbbtc@ticker'
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

__all__ = ["KIND", "TickerEvent", "TickerSchema", "ticker_stream"]

_EXAMPLE = {
    "E": 1, "s": "X", "p": "1", "P": "50", "w": "1.5", "x": "0.9", "c": "2", "Q": "1",
    "b": "1.9", "B": "3", "a": "2.1", "A": "4", "o": "1", "h": "2", "l": "1", "v": "10",
    "q": "15", "O": 0, "C": 86400000, "F": 0, "L": 9, "n": 10,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TickerEvent:
    """24 h rolling statistics of one symbol with the best bid and ask.

    Example:
        >>> TickerEvent.from_payload(_EXAMPLE).best_ask_price
        Decimal('2.1')
    """

    event_time: int
    symbol: str
    price_change: Decimal
    price_change_percent: Decimal
    weighted_average_price: Decimal
    first_trade_before_window_price: Decimal
    last_price: Decimal
    last_quantity: Decimal
    best_bid_price: Decimal
    best_bid_quantity: Decimal
    best_ask_price: Decimal
    best_ask_quantity: Decimal
    open: Decimal
    high: Decimal
    low: Decimal
    volume: Decimal
    quote_volume: Decimal
    open_time: int
    close_time: int
    first_trade_id: int
    last_trade_id: int
    trade_count: int

    @classmethod
    def from_payload(cls, data: Any) -> TickerEvent:
        """Build the event from the payload dict (fast path, strict types)."""
        d, i = f.decimal, f.integer
        return cls(
            i(data["E"]), f.text(data["s"]), d(data["p"]), d(data["P"]), d(data["w"]),
            d(data["x"]), d(data["c"]), d(data["Q"]), d(data["b"]), d(data["B"]),
            d(data["a"]), d(data["A"]), d(data["o"]), d(data["h"]), d(data["l"]),
            d(data["v"]), d(data["q"]), i(data["O"]), i(data["C"]), i(data["F"]),
            i(data["L"]), i(data["n"]),
        )  # fmt: skip


class TickerSchema(Schema):
    """Reference schema for :class:`TickerEvent`.

    Example:
        >>> TickerSchema().load(_EXAMPLE).trade_count
        10
    """

    class Meta:
        unknown = EXCLUDE

    event_time = fields.Integer(data_key="E", required=True, strict=True)
    symbol = fields.String(data_key="s", required=True)
    price_change = fields.Decimal(data_key="p", required=True)
    price_change_percent = fields.Decimal(data_key="P", required=True)
    weighted_average_price = fields.Decimal(data_key="w", required=True)
    first_trade_before_window_price = fields.Decimal(data_key="x", required=True)
    last_price = fields.Decimal(data_key="c", required=True)
    last_quantity = fields.Decimal(data_key="Q", required=True)
    best_bid_price = fields.Decimal(data_key="b", required=True)
    best_bid_quantity = fields.Decimal(data_key="B", required=True)
    best_ask_price = fields.Decimal(data_key="a", required=True)
    best_ask_quantity = fields.Decimal(data_key="A", required=True)
    open = fields.Decimal(data_key="o", required=True)
    high = fields.Decimal(data_key="h", required=True)
    low = fields.Decimal(data_key="l", required=True)
    volume = fields.Decimal(data_key="v", required=True)
    quote_volume = fields.Decimal(data_key="q", required=True)
    open_time = fields.Integer(data_key="O", required=True, strict=True)
    close_time = fields.Integer(data_key="C", required=True, strict=True)
    first_trade_id = fields.Integer(data_key="F", required=True, strict=True)
    last_trade_id = fields.Integer(data_key="L", required=True, strict=True)
    trade_count = fields.Integer(data_key="n", required=True, strict=True)

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> TickerEvent:
        return TickerEvent(**data)


def ticker_stream(symbol: str) -> str:
    """Return the 24 h ticker stream name for ``symbol``.

    Example:
        >>> ticker_stream("ETHBTC")
        'ethbtc@ticker'
    """
    return f"{stream_symbol(symbol)}@ticker"


def _parse(stream: str, data: Any) -> TickerEvent:
    return TickerEvent.from_payload(data)


KIND = StreamKind(
    name="ticker",
    pattern=re.compile(r"ticker"),
    parse=_parse,
    sequence=lambda event: event.event_time,
)
