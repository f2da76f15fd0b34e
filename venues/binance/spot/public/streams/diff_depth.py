"""Diff depth stream ``<symbol>@depth`` or ``<symbol>@depth@100ms``: book changes.

Apply updates in order: an event whose ``first_update_id`` is not the previous
``final_update_id + 1`` means updates were missed (Spot has no ``pu`` field).

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#diff-depth-stream

Example:
    >>> diff_depth_stream("BNBBTC")
    'bnbbtc@depth'
    >>> diff_depth_stream("BNBBTC", update_speed="100ms")
    'bnbbtc@depth@100ms'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load

from venues.binance.spot.public.streams import _fields as f
from venues.binance.spot.public.streams._kind import StreamKind
from venues.binance.spot.public.streams.partial_depth import speed_suffix
from venues.binance.spot.public.streams.price_level import LevelsField, PriceLevel
from venues.binance.spot.symbols import stream_symbol

__all__ = ["KIND", "DiffDepthEvent", "DiffDepthSchema", "diff_depth_stream"]


@dataclass(frozen=True, slots=True)
class DiffDepthEvent:
    """Book updates ``first_update_id..final_update_id``; quantities are absolute.

    Example:
        >>> DiffDepthEvent.from_payload({"e": "depthUpdate", "E": 1, "s": "BNBBTC", "U": 157,
        ...     "u": 160, "b": [["0.0024", "10"]], "a": [["0.0026", "100"]]}).final_update_id
        160
    """

    event_time: int
    symbol: str
    first_update_id: int
    final_update_id: int
    bids: tuple[PriceLevel, ...]
    asks: tuple[PriceLevel, ...]

    @classmethod
    def from_payload(cls, data: Any) -> DiffDepthEvent:
        """Build the event from the payload dict (fast path, strict types)."""
        return cls(
            f.integer(data["E"]),
            f.text(data["s"]),
            f.integer(data["U"]),
            f.integer(data["u"]),
            f.levels(data["b"]),
            f.levels(data["a"]),
        )


class DiffDepthSchema(Schema):
    """Reference schema for :class:`DiffDepthEvent`.

    Example:
        >>> DiffDepthSchema().load({"E": 1, "s": "X", "U": 1, "u": 2, "b": [],
        ...     "a": []}).first_update_id
        1
    """

    class Meta:
        unknown = EXCLUDE

    event_time = fields.Integer(data_key="E", required=True, strict=True)
    symbol = fields.String(data_key="s", required=True)
    first_update_id = fields.Integer(data_key="U", required=True, strict=True)
    final_update_id = fields.Integer(data_key="u", required=True, strict=True)
    bids = LevelsField(data_key="b", required=True)
    asks = LevelsField(data_key="a", required=True)

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> DiffDepthEvent:
        return DiffDepthEvent(**data)


def diff_depth_stream(symbol: str, *, update_speed: str = "1000ms") -> str:
    """Return the diff depth stream name; ``update_speed`` is ``"1000ms"`` or ``"100ms"``.

    Example:
        >>> diff_depth_stream("ETHBTC", update_speed="100ms")
        'ethbtc@depth@100ms'
    """
    return f"{stream_symbol(symbol)}@depth{speed_suffix(update_speed)}"


def _parse(stream: str, data: Any) -> DiffDepthEvent:
    return DiffDepthEvent.from_payload(data)


KIND = StreamKind(
    name="depth",
    pattern=re.compile(r"depth(?:@100ms)?"),
    parse=_parse,
    sequence=lambda event: event.final_update_id,
)
