"""Partial book depth stream ``<symbol>@depth<N>`` or ``<symbol>@depth<N>@100ms``.

Top ``N`` (5, 10 or 20) bids and asks every 1000 ms or 100 ms. The payload carries no
``e``/``E``/``s``: the symbol and level count are taken from the combined stream name.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#partial-book-depth-streams

Example:
    >>> partial_depth_stream("BNBBTC", 5)
    'bnbbtc@depth5'
    >>> partial_depth_stream("BNBBTC", 20, update_speed="100ms")
    'bnbbtc@depth20@100ms'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load

from protocol.errors import InvalidParameters
from venues.binance.spot.public.streams import _fields as f
from venues.binance.spot.public.streams._kind import StreamKind
from venues.binance.spot.public.streams.price_level import LevelsField, PriceLevel
from venues.binance.spot.symbols import stream_symbol

__all__ = [
    "DEPTH_LEVELS",
    "KIND",
    "UPDATE_SPEEDS",
    "PartialDepthEvent",
    "PartialDepthSchema",
    "partial_depth_stream",
]

DEPTH_LEVELS = (5, 10, 20)
"""The documented level counts."""

UPDATE_SPEEDS = ("1000ms", "100ms")
"""The documented update speeds of both depth streams (``1000ms`` has no suffix)."""


@dataclass(frozen=True, slots=True)
class PartialDepthEvent:
    """Top ``levels`` bids and asks of ``symbol`` as of ``last_update_id``.

    Example:
        >>> event = PartialDepthEvent.from_payload(
        ...     {"lastUpdateId": 160, "bids": [["0.0024", "10"]], "asks": []},
        ...     symbol="BNBBTC", levels=5)
        >>> (event.symbol, event.bids[0].price)
        ('BNBBTC', Decimal('0.0024'))
    """

    symbol: str
    levels: int
    last_update_id: int
    bids: tuple[PriceLevel, ...]
    asks: tuple[PriceLevel, ...]

    @classmethod
    def from_payload(cls, data: Any, *, symbol: str, levels: int) -> PartialDepthEvent:
        """Build the event from the payload and what the stream name says."""
        return cls(
            symbol,
            levels,
            f.integer(data["lastUpdateId"]),
            f.levels(data["bids"]),
            f.levels(data["asks"]),
        )


class PartialDepthSchema(Schema):
    """Reference schema for :class:`PartialDepthEvent`.

    ``symbol`` and ``levels`` are not in the payload; pass them in beside it.

    Example:
        >>> PartialDepthSchema().load({"symbol": "X", "levels": 5, "lastUpdateId": 1,
        ...     "bids": [], "asks": [["2", "1"]]}).asks[0].quantity
        Decimal('1')
    """

    class Meta:
        unknown = EXCLUDE

    symbol = fields.String(required=True)
    levels = fields.Integer(required=True, strict=True)
    last_update_id = fields.Integer(data_key="lastUpdateId", required=True, strict=True)
    bids = LevelsField(required=True)
    asks = LevelsField(required=True)

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> PartialDepthEvent:
        return PartialDepthEvent(**data)


def partial_depth_stream(symbol: str, levels: int, *, update_speed: str = "1000ms") -> str:
    """Return the partial depth stream name; ``update_speed`` is ``"1000ms"`` or ``"100ms"``.

    Example:
        >>> partial_depth_stream("ETHBTC", 10, update_speed="100ms")
        'ethbtc@depth10@100ms'
    """
    name = f"{stream_symbol(symbol)}@depth{_levels(levels)}"
    return name + speed_suffix(update_speed)


def speed_suffix(update_speed: object) -> str:
    """Return the stream-name suffix of ``update_speed`` (``""`` or ``"@100ms"``).

    Example:
        >>> speed_suffix("100ms")
        '@100ms'
    """
    if update_speed not in UPDATE_SPEEDS:
        raise InvalidParameters("update_speed", f"must be one of {', '.join(UPDATE_SPEEDS)}")
    return "" if update_speed == "1000ms" else "@100ms"


def _levels(levels: object) -> int:
    if type(levels) is not int or levels not in DEPTH_LEVELS:
        raise InvalidParameters("levels", "must be 5, 10 or 20")
    return levels


_NAME = re.compile(r"([^@]+)@depth(\d+)")


def _parse(stream: str, data: Any) -> PartialDepthEvent:
    match = _NAME.match(stream)
    if match is None:
        raise ValueError(f"not a partial depth stream: {stream!r}")
    symbol, levels = match.group(1).upper(), int(match.group(2))
    return PartialDepthEvent.from_payload(data, symbol=symbol, levels=levels)


KIND = StreamKind(
    name="depth<N>",
    pattern=re.compile(r"depth(?:5|10|20)(?:@100ms)?"),
    parse=_parse,
    sequence=lambda event: event.last_update_id,
)
