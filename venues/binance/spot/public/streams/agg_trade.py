"""Aggregate trade stream ``<symbol>@aggTrade``: trades of one taker order, in real time.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#aggregate-trade-streams

Example:
    >>> agg_trade_stream("BNBBTC")
    'bnbbtc@aggTrade'
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

__all__ = ["KIND", "AggTradeEvent", "AggTradeSchema", "agg_trade_stream"]


@dataclass(frozen=True, slots=True)
class AggTradeEvent:
    """Trades ``first_trade_id..last_trade_id`` aggregated under ``agg_trade_id``.

    Example:
        >>> AggTradeEvent.from_payload({"E": 1, "s": "BNBBTC", "a": 5, "p": "0.001", "q": "1",
        ...     "f": 100, "l": 105, "T": 1, "m": True}).last_trade_id
        105
    """

    event_time: int
    symbol: str
    agg_trade_id: int
    price: Decimal
    quantity: Decimal
    first_trade_id: int
    last_trade_id: int
    trade_time: int
    buyer_is_maker: bool

    @classmethod
    def from_payload(cls, data: Any) -> AggTradeEvent:
        """Build the event from the payload dict (fast path, strict types)."""
        return cls(
            f.integer(data["E"]),
            f.text(data["s"]),
            f.integer(data["a"]),
            f.decimal(data["p"]),
            f.decimal(data["q"]),
            f.integer(data["f"]),
            f.integer(data["l"]),
            f.integer(data["T"]),
            f.boolean(data["m"]),
        )


class AggTradeSchema(Schema):
    """Reference schema for :class:`AggTradeEvent`.

    Example:
        >>> AggTradeSchema().load({"E": 1, "s": "X", "a": 2, "p": "1", "q": "2", "f": 3,
        ...     "l": 3, "T": 1, "m": False}).agg_trade_id
        2
    """

    class Meta:
        unknown = EXCLUDE

    event_time = fields.Integer(data_key="E", required=True, strict=True)
    symbol = fields.String(data_key="s", required=True)
    agg_trade_id = fields.Integer(data_key="a", required=True, strict=True)
    price = fields.Decimal(data_key="p", required=True)
    quantity = fields.Decimal(data_key="q", required=True)
    first_trade_id = fields.Integer(data_key="f", required=True, strict=True)
    last_trade_id = fields.Integer(data_key="l", required=True, strict=True)
    trade_time = fields.Integer(data_key="T", required=True, strict=True)
    buyer_is_maker = fields.Boolean(data_key="m", required=True)

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> AggTradeEvent:
        return AggTradeEvent(**data)


def agg_trade_stream(symbol: str) -> str:
    """Return the aggregate trade stream name for ``symbol``.

    Example:
        >>> agg_trade_stream("ETHBTC")
        'ethbtc@aggTrade'
    """
    return f"{stream_symbol(symbol)}@aggTrade"


def _parse(stream: str, data: Any) -> AggTradeEvent:
    return AggTradeEvent.from_payload(data)


KIND = StreamKind(
    name="aggTrade",
    pattern=re.compile(r"aggTrade"),
    parse=_parse,
    sequence=lambda event: event.agg_trade_id,
)
