"""Trade stream ``<symbol>@trade``: every raw trade, in real time.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#trade-streams

Example:
    >>> trade_stream("BNBBTC")
    'bnbbtc@trade'
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

__all__ = ["KIND", "TradeEvent", "TradeSchema", "trade_stream"]


@dataclass(frozen=True, slots=True)
class TradeEvent:
    """One trade; ``trade_id`` is consecutive per symbol.

    Example:
        >>> TradeEvent.from_payload({"e": "trade", "E": 1, "s": "BNBBTC", "t": 7, "p": "0.001",
        ...     "q": "100", "T": 1, "m": True, "M": True}).price
        Decimal('0.001')
    """

    event_time: int
    symbol: str
    trade_id: int
    price: Decimal
    quantity: Decimal
    trade_time: int
    buyer_is_maker: bool

    @classmethod
    def from_payload(cls, data: Any) -> TradeEvent:
        """Build the event from the payload dict (fast path, strict types)."""
        return cls(
            f.integer(data["E"]),
            f.text(data["s"]),
            f.integer(data["t"]),
            f.decimal(data["p"]),
            f.decimal(data["q"]),
            f.integer(data["T"]),
            f.boolean(data["m"]),
        )


class TradeSchema(Schema):
    """Reference schema for :class:`TradeEvent` (the fast path must agree with it).

    Example:
        >>> TradeSchema().load({"E": 1, "s": "X", "t": 2, "p": "1", "q": "2", "T": 1,
        ...     "m": False}).trade_id
        2
    """

    class Meta:
        unknown = EXCLUDE

    event_time = fields.Integer(data_key="E", required=True, strict=True)
    symbol = fields.String(data_key="s", required=True)
    trade_id = fields.Integer(data_key="t", required=True, strict=True)
    price = fields.Decimal(data_key="p", required=True)
    quantity = fields.Decimal(data_key="q", required=True)
    trade_time = fields.Integer(data_key="T", required=True, strict=True)
    buyer_is_maker = fields.Boolean(data_key="m", required=True)

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> TradeEvent:
        return TradeEvent(**data)


def trade_stream(symbol: str) -> str:
    """Return the trade stream name for ``symbol`` (validated, lower-cased).

    Example:
        >>> trade_stream("ethbtc")
        'ethbtc@trade'
    """
    return f"{stream_symbol(symbol)}@trade"


def _parse(stream: str, data: Any) -> TradeEvent:
    return TradeEvent.from_payload(data)


KIND = StreamKind(
    name="trade",
    pattern=re.compile(r"trade"),
    parse=_parse,
    sequence=lambda event: event.trade_id,
)
