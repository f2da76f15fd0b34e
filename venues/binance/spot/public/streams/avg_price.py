"""Average price stream ``<symbol>@avgPrice`` (1000 ms).

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#average-price

Example:
    >>> avg_price_stream("BTCUSDT")
    'btcusdt@avgPrice'
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

__all__ = ["KIND", "AvgPriceEvent", "AvgPriceSchema", "avg_price_stream"]


@dataclass(frozen=True, slots=True)
class AvgPriceEvent:
    """The average price of one symbol over ``interval`` (for example ``"5m"``).

    Example:
        >>> AvgPriceEvent.from_payload({"e": "avgPrice", "E": 1693907033000, "s": "BTCUSDT",
        ...     "i": "5m", "w": "25776.86000000", "T": 1693907032213}).price
        Decimal('25776.86000000')
    """

    event_time: int
    symbol: str
    interval: str
    price: Decimal
    last_trade_time: int

    @classmethod
    def from_payload(cls, data: Any) -> AvgPriceEvent:
        """Build the event from the payload dict (fast path, strict types)."""
        return cls(
            f.integer(data["E"]),
            f.text(data["s"]),
            f.text(data["i"]),
            f.decimal(data["w"]),
            f.integer(data["T"]),
        )


class AvgPriceSchema(Schema):
    """Reference schema for :class:`AvgPriceEvent`.

    Example:
        >>> AvgPriceSchema().load({"E": 1, "s": "X", "i": "5m", "w": "2", "T": 1}).interval
        '5m'
    """

    class Meta:
        unknown = EXCLUDE

    event_time = fields.Integer(data_key="E", required=True, strict=True)
    symbol = fields.String(data_key="s", required=True)
    interval = fields.String(data_key="i", required=True)
    price = fields.Decimal(data_key="w", required=True)
    last_trade_time = fields.Integer(data_key="T", required=True, strict=True)

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> AvgPriceEvent:
        return AvgPriceEvent(**data)


def avg_price_stream(symbol: str) -> str:
    """Return the average price stream name for ``symbol``.

    Example:
        >>> avg_price_stream("ETHBTC")
        'ethbtc@avgPrice'
    """
    return f"{stream_symbol(symbol)}@avgPrice"


def _parse(stream: str, data: Any) -> AvgPriceEvent:
    return AvgPriceEvent.from_payload(data)


KIND = StreamKind(
    name="avgPrice",
    pattern=re.compile(r"avgPrice"),
    parse=_parse,
    sequence=lambda event: event.event_time,
)
