"""The ``candles`` channel: 5-minute candles, updated every second.

Subscribe: ``{"type": "subscribe", "channel": "candles", "product_ids": ["BTC-USD"]}``.
Message ``channel``: ``candles``; event body ``{type, candles: [{start, high, low, open,
close, volume, product_id}]}``; ``start`` is Unix seconds as a string.
Docs: https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels#candles-channel

Example:
    >>> event = parse_event({"type": "snapshot", "candles": [{"start": "1688998200",
    ...     "high": "1867.72", "low": "1865.63", "open": "1867.38", "close": "1866.81",
    ...     "volume": "0.20269406", "product_id": "ETH-USD"}]})
    >>> event.candles[0].start.datetime.isoformat()
    '2023-07-10T14:10:00+00:00'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load

from venues.coinbase.channels._fields import DecimalText, dec, require
from venues.coinbase.channels._split import split_items
from venues.coinbase.timestamps import Timestamp, parse_unix_seconds

__all__ = [
    "CHANNEL",
    "Candle",
    "CandleSchema",
    "CandlesEvent",
    "CandlesEventSchema",
    "parse_event",
    "split",
]

CHANNEL = "candles"


@dataclass(frozen=True, slots=True)
class Candle:
    """One 5-minute candle (``start`` is the bucket's opening instant).

    Example:
        >>> c = Candle(Timestamp(0), *(Decimal(1),) * 5, "BTC-USD")
        >>> c.product_id
        'BTC-USD'
    """

    start: Timestamp
    high: Decimal
    low: Decimal
    open: Decimal
    close: Decimal
    volume: Decimal
    product_id: str


@dataclass(frozen=True, slots=True)
class CandlesEvent:
    """A ``snapshot`` or ``update`` event with its candles.

    Example:
        >>> CandlesEvent("update", ()).candles
        ()
    """

    type: str
    candles: tuple[Candle, ...]


def _candle(raw: Mapping[str, Any]) -> Candle:
    return Candle(
        parse_unix_seconds(str(require(raw, "start"))),
        dec(require(raw, "high")),
        dec(require(raw, "low")),
        dec(require(raw, "open")),
        dec(require(raw, "close")),
        dec(require(raw, "volume")),
        str(require(raw, "product_id")),
    )


def parse_event(raw: Mapping[str, Any]) -> CandlesEvent:
    """Build a :class:`CandlesEvent` from one raw event.

    Example:
        >>> parse_event({"type": "update", "candles": []}).type
        'update'
    """
    return CandlesEvent(
        str(require(raw, "type")), tuple(_candle(c) for c in require(raw, "candles"))
    )


def split(event: CandlesEvent) -> list[tuple[str, CandlesEvent]]:
    """One event per product.

    Example:
        >>> split(CandlesEvent("update", ()))
        []
    """
    return split_items(event, "candles")


class _UnixSeconds(fields.Field):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Timestamp:
        try:
            return parse_unix_seconds(str(value))
        except ValueError as exc:
            raise self.make_error("invalid") from exc

    default_error_messages = {"invalid": "Not Unix seconds."}


class CandleSchema(Schema):
    """Declared shape of one candle.

    Example:
        >>> CandleSchema().load({"start": "60", "high": "1", "low": "1", "open": "1",
        ...     "close": "1", "volume": "1", "product_id": "BTC-USD"}).start.ns
        60000000000
    """

    class Meta:
        unknown = EXCLUDE

    start = _UnixSeconds(required=True)
    high = DecimalText(required=True)
    low = DecimalText(required=True)
    open = DecimalText(required=True)
    close = DecimalText(required=True)
    volume = DecimalText(required=True)
    product_id = fields.String(required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Candle:
        return Candle(**data)


class CandlesEventSchema(Schema):
    """Declared shape of a candles event.

    Example:
        >>> CandlesEventSchema().load({"type": "update", "candles": []}).type
        'update'
    """

    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True)
    candles = fields.List(fields.Nested(CandleSchema), required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> CandlesEvent:
        return CandlesEvent(data["type"], tuple(data["candles"]))
