"""Kline stream ``<symbol>@kline_<interval>`` (UTC) and ``...@+08:00`` (UTC+8 boundaries).

Updates every 1000 ms for ``1s`` and every 2000 ms for the other intervals. With the
``+08:00`` variant candles open and close on UTC+8 boundaries; timestamps stay UTC.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#klinecandlestick-streams-for-utc

Example:
    >>> kline_stream("BNBBTC", "1m")
    'bnbbtc@kline_1m'
    >>> kline_stream("BNBBTC", "1d", utc_offset="+08:00")
    'bnbbtc@kline_1d@+08:00'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load

from protocol.errors import InvalidParameters
from venues.binance.spot.public.streams import _fields as f
from venues.binance.spot.public.streams._kind import StreamKind
from venues.binance.spot.symbols import stream_symbol

__all__ = [
    "KIND",
    "KLINE_INTERVALS",
    "KLINE_UTC_OFFSETS",
    "Kline",
    "KlineEvent",
    "KlineEventSchema",
    "KlineSchema",
    "kline_stream",
]

KLINE_INTERVALS = (
    "1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h",
    "1d", "3d", "1w", "1M",
)  # fmt: skip
"""Every interval the venue documents."""

KLINE_UTC_OFFSETS = ("+08:00",)
"""The documented time-zone variants (only UTC+8)."""


@dataclass(frozen=True, slots=True)
class Kline:
    """The candle as of the event; ``closed`` is true for its final update.

    Example:
        >>> Kline.from_payload({"t": 0, "T": 59999, "s": "X", "i": "1m", "f": 1, "L": 2,
        ...     "o": "1", "c": "2", "h": "2", "l": "1", "v": "3", "n": 2, "x": True,
        ...     "q": "4", "V": "1", "Q": "1"}).closed
        True
    """

    start_time: int
    close_time: int
    symbol: str
    interval: str
    first_trade_id: int
    last_trade_id: int
    open: Decimal
    close: Decimal
    high: Decimal
    low: Decimal
    volume: Decimal
    trade_count: int
    closed: bool
    quote_volume: Decimal
    taker_buy_volume: Decimal
    taker_buy_quote_volume: Decimal

    @classmethod
    def from_payload(cls, k: Any) -> Kline:
        """Build the candle from the ``k`` object (fast path, strict types)."""
        d, i = f.decimal, f.integer
        return cls(
            i(k["t"]), i(k["T"]), f.text(k["s"]), f.text(k["i"]), i(k["f"]), i(k["L"]),
            d(k["o"]), d(k["c"]), d(k["h"]), d(k["l"]), d(k["v"]), i(k["n"]),
            f.boolean(k["x"]), d(k["q"]), d(k["V"]), d(k["Q"]),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class KlineEvent:
    """A kline update.

    Example:
        >>> k = {"t": 0, "T": 59999, "s": "X", "i": "1m", "f": 1, "L": 2, "o": "1", "c": "2",
        ...     "h": "2", "l": "1", "v": "3", "n": 2, "x": False, "q": "4", "V": "1", "Q": "1"}
        >>> KlineEvent.from_payload({"E": 5, "s": "X", "k": k}).kline.interval
        '1m'
    """

    event_time: int
    symbol: str
    kline: Kline

    @classmethod
    def from_payload(cls, data: Any) -> KlineEvent:
        """Build the event from the payload dict (fast path, strict types)."""
        return cls(f.integer(data["E"]), f.text(data["s"]), Kline.from_payload(data["k"]))


class KlineSchema(Schema):
    """Reference schema for :class:`Kline`.

    Example:
        >>> sorted(KlineSchema().fields)[:2]
        ['close', 'close_time']
    """

    class Meta:
        unknown = EXCLUDE

    start_time = fields.Integer(data_key="t", required=True, strict=True)
    close_time = fields.Integer(data_key="T", required=True, strict=True)
    symbol = fields.String(data_key="s", required=True)
    interval = fields.String(data_key="i", required=True)
    first_trade_id = fields.Integer(data_key="f", required=True, strict=True)
    last_trade_id = fields.Integer(data_key="L", required=True, strict=True)
    open = fields.Decimal(data_key="o", required=True)
    close = fields.Decimal(data_key="c", required=True)
    high = fields.Decimal(data_key="h", required=True)
    low = fields.Decimal(data_key="l", required=True)
    volume = fields.Decimal(data_key="v", required=True)
    trade_count = fields.Integer(data_key="n", required=True, strict=True)
    closed = fields.Boolean(data_key="x", required=True)
    quote_volume = fields.Decimal(data_key="q", required=True)
    taker_buy_volume = fields.Decimal(data_key="V", required=True)
    taker_buy_quote_volume = fields.Decimal(data_key="Q", required=True)

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> Kline:
        return Kline(**data)


class KlineEventSchema(Schema):
    """Reference schema for :class:`KlineEvent`.

    Example:
        >>> sorted(KlineEventSchema().fields)
        ['event_time', 'kline', 'symbol']
    """

    class Meta:
        unknown = EXCLUDE

    event_time = fields.Integer(data_key="E", required=True, strict=True)
    symbol = fields.String(data_key="s", required=True)
    kline = fields.Nested(KlineSchema, data_key="k", required=True)

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> KlineEvent:
        return KlineEvent(**data)


def kline_stream(symbol: str, interval: str, *, utc_offset: str | None = None) -> str:
    """Return the kline stream name; ``utc_offset="+08:00"`` selects UTC+8 candles.

    Example:
        >>> kline_stream("ETHBTC", "15m")
        'ethbtc@kline_15m'
    """
    name = f"{stream_symbol(symbol)}@kline_{_interval(interval)}"
    if utc_offset is None:
        return name
    if utc_offset not in KLINE_UTC_OFFSETS:
        raise InvalidParameters("utc_offset", f"must be one of {KLINE_UTC_OFFSETS} or None")
    return f"{name}@{utc_offset}"


def _interval(interval: object) -> str:
    if interval not in KLINE_INTERVALS:
        raise InvalidParameters("interval", f"must be one of {', '.join(KLINE_INTERVALS)}")
    return str(interval)


def _parse(stream: str, data: Any) -> KlineEvent:
    return KlineEvent.from_payload(data)


_INTERVALS = "|".join(KLINE_INTERVALS)
_OFFSETS = "|".join(re.escape(offset) for offset in KLINE_UTC_OFFSETS)

KIND = StreamKind(
    name="kline",
    pattern=re.compile(rf"kline_(?:{_INTERVALS})(?:@(?:{_OFFSETS}))?"),
    parse=_parse,
    sequence=lambda event: event.event_time,
)
