"""Mini ticker streams: ``<symbol>@miniTicker`` and all-market ``!miniTicker@arr`` (1000 ms).

24 h rolling-window statistics. The all-market stream carries an array with only the
symbols that changed; it is delivered as a tuple of :class:`MiniTickerEvent`.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#individual-symbol-mini-ticker-stream

Example:
    >>> mini_ticker_stream("BNBBTC")
    'bnbbtc@miniTicker'
    >>> all_market_mini_tickers_stream()
    '!miniTicker@arr'
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

__all__ = [
    "ALL_MARKET_KIND",
    "KIND",
    "MiniTickerEvent",
    "MiniTickerSchema",
    "all_market_mini_tickers_stream",
    "mini_ticker_stream",
]


@dataclass(frozen=True, slots=True)
class MiniTickerEvent:
    """24 h rolling mini ticker of one symbol.

    Example:
        >>> MiniTickerEvent.from_payload({"E": 1, "s": "X", "c": "2", "o": "1", "h": "2",
        ...     "l": "1", "v": "10", "q": "18"}).close
        Decimal('2')
    """

    event_time: int
    symbol: str
    close: Decimal
    open: Decimal
    high: Decimal
    low: Decimal
    volume: Decimal
    quote_volume: Decimal

    @classmethod
    def from_payload(cls, data: Any) -> MiniTickerEvent:
        """Build the event from the payload dict (fast path, strict types)."""
        d = f.decimal
        return cls(
            f.integer(data["E"]), f.text(data["s"]), d(data["c"]), d(data["o"]),
            d(data["h"]), d(data["l"]), d(data["v"]), d(data["q"]),
        )  # fmt: skip


class MiniTickerSchema(Schema):
    """Reference schema for :class:`MiniTickerEvent`.

    Example:
        >>> MiniTickerSchema().load({"E": 1, "s": "X", "c": "2", "o": "1", "h": "2",
        ...     "l": "1", "v": "10", "q": "18"}).volume
        Decimal('10')
    """

    class Meta:
        unknown = EXCLUDE

    event_time = fields.Integer(data_key="E", required=True, strict=True)
    symbol = fields.String(data_key="s", required=True)
    close = fields.Decimal(data_key="c", required=True)
    open = fields.Decimal(data_key="o", required=True)
    high = fields.Decimal(data_key="h", required=True)
    low = fields.Decimal(data_key="l", required=True)
    volume = fields.Decimal(data_key="v", required=True)
    quote_volume = fields.Decimal(data_key="q", required=True)

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> MiniTickerEvent:
        return MiniTickerEvent(**data)


def mini_ticker_stream(symbol: str) -> str:
    """Return the mini ticker stream name for ``symbol``.

    Example:
        >>> mini_ticker_stream("ETHBTC")
        'ethbtc@miniTicker'
    """
    return f"{stream_symbol(symbol)}@miniTicker"


def all_market_mini_tickers_stream() -> str:
    """Return the all-market mini ticker stream name.

    Example:
        >>> all_market_mini_tickers_stream()
        '!miniTicker@arr'
    """
    return "!miniTicker@arr"


def _parse(stream: str, data: Any) -> MiniTickerEvent:
    return MiniTickerEvent.from_payload(data)


def _parse_all(stream: str, data: Any) -> tuple[MiniTickerEvent, ...]:
    if type(data) is not list:
        raise TypeError("the all-market mini ticker payload is an array")
    return tuple(MiniTickerEvent.from_payload(item) for item in data)


KIND = StreamKind(
    name="miniTicker",
    pattern=re.compile(r"miniTicker"),
    parse=_parse,
    sequence=lambda event: event.event_time,
)

ALL_MARKET_KIND = StreamKind(
    name="!miniTicker@arr",
    pattern=re.compile(r"!miniTicker@arr"),
    parse=_parse_all,
    sequence=lambda events: max((e.event_time for e in events), default=0),
    market_wide=True,
)
