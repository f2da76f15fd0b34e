"""Rolling window ticker streams ``<symbol>@ticker_<w>`` and ``!ticker_<w>@arr`` (1000 ms).

Windows are ``1h``, ``4h`` and ``1d``. The open time starts on a minute and the close time
is the time of the update, so the effective window may be up to 59 999 ms wider. The
all-market stream carries only the symbols that changed, as a tuple of events.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#individual-symbol-rolling-window-statistics-streams

Example:
    >>> rolling_window_ticker_stream("BNBBTC", "4h")
    'bnbbtc@ticker_4h'
    >>> all_market_rolling_window_tickers_stream("1d")
    '!ticker_1d@arr'
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
    "ALL_MARKET_KIND",
    "KIND",
    "ROLLING_WINDOWS",
    "RollingWindowTickerEvent",
    "RollingWindowTickerSchema",
    "all_market_rolling_window_tickers_stream",
    "rolling_window_ticker_stream",
]

ROLLING_WINDOWS = ("1h", "4h", "1d")
"""The documented window sizes."""

_EXAMPLE = {
    "e": "1hTicker", "E": 1, "s": "X", "p": "1", "P": "50", "o": "1", "h": "2", "l": "1",
    "c": "2", "w": "1.5", "v": "10", "q": "15", "O": 0, "C": 3600000, "F": 0, "L": 9,
    "n": 10,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RollingWindowTickerEvent:
    """Rolling-window statistics of one symbol; ``window`` is ``"1h"``, ``"4h"`` or ``"1d"``.

    Example:
        >>> RollingWindowTickerEvent.from_payload(_EXAMPLE).window
        '1h'
    """

    window: str
    event_time: int
    symbol: str
    price_change: Decimal
    price_change_percent: Decimal
    open: Decimal
    high: Decimal
    low: Decimal
    last_price: Decimal
    weighted_average_price: Decimal
    volume: Decimal
    quote_volume: Decimal
    open_time: int
    close_time: int
    first_trade_id: int
    last_trade_id: int
    trade_count: int

    @classmethod
    def from_payload(cls, data: Any) -> RollingWindowTickerEvent:
        """Build the event from the payload dict (fast path, strict types)."""
        d, i = f.decimal, f.integer
        return cls(
            _window(data["e"]), i(data["E"]), f.text(data["s"]), d(data["p"]), d(data["P"]),
            d(data["o"]), d(data["h"]), d(data["l"]), d(data["c"]), d(data["w"]),
            d(data["v"]), d(data["q"]), i(data["O"]), i(data["C"]), i(data["F"]),
            i(data["L"]), i(data["n"]),
        )  # fmt: skip


def _window(event_type: Any) -> str:
    window = f.text(event_type).removesuffix("Ticker")
    if window not in ROLLING_WINDOWS:
        raise ValueError(f"unknown rolling window event type {event_type!r}")
    return window


class _WindowField(fields.String):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        window = text.removesuffix("Ticker")
        if window not in ROLLING_WINDOWS:
            raise self.make_error("invalid")
        return window


class RollingWindowTickerSchema(Schema):
    """Reference schema for :class:`RollingWindowTickerEvent`.

    Example:
        >>> RollingWindowTickerSchema().load(_EXAMPLE).close_time
        3600000
    """

    class Meta:
        unknown = EXCLUDE

    window = _WindowField(data_key="e", required=True)
    event_time = fields.Integer(data_key="E", required=True, strict=True)
    symbol = fields.String(data_key="s", required=True)
    price_change = fields.Decimal(data_key="p", required=True)
    price_change_percent = fields.Decimal(data_key="P", required=True)
    open = fields.Decimal(data_key="o", required=True)
    high = fields.Decimal(data_key="h", required=True)
    low = fields.Decimal(data_key="l", required=True)
    last_price = fields.Decimal(data_key="c", required=True)
    weighted_average_price = fields.Decimal(data_key="w", required=True)
    volume = fields.Decimal(data_key="v", required=True)
    quote_volume = fields.Decimal(data_key="q", required=True)
    open_time = fields.Integer(data_key="O", required=True, strict=True)
    close_time = fields.Integer(data_key="C", required=True, strict=True)
    first_trade_id = fields.Integer(data_key="F", required=True, strict=True)
    last_trade_id = fields.Integer(data_key="L", required=True, strict=True)
    trade_count = fields.Integer(data_key="n", required=True, strict=True)

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> RollingWindowTickerEvent:
        return RollingWindowTickerEvent(**data)


def rolling_window_ticker_stream(symbol: str, window: str) -> str:
    """Return the rolling window ticker stream name for ``symbol`` and ``window``.

    Example:
        >>> rolling_window_ticker_stream("ETHBTC", "1h")
        'ethbtc@ticker_1h'
    """
    return f"{stream_symbol(symbol)}@ticker_{_checked_window(window)}"


def all_market_rolling_window_tickers_stream(window: str) -> str:
    """Return the all-market rolling window ticker stream name for ``window``.

    Example:
        >>> all_market_rolling_window_tickers_stream("4h")
        '!ticker_4h@arr'
    """
    return f"!ticker_{_checked_window(window)}@arr"


def _checked_window(window: object) -> str:
    if window not in ROLLING_WINDOWS:
        raise InvalidParameters("window", f"must be one of {', '.join(ROLLING_WINDOWS)}")
    return str(window)


def _parse(stream: str, data: Any) -> RollingWindowTickerEvent:
    return RollingWindowTickerEvent.from_payload(data)


def _parse_all(stream: str, data: Any) -> tuple[RollingWindowTickerEvent, ...]:
    if type(data) is not list:
        raise TypeError("the all-market rolling window payload is an array")
    return tuple(RollingWindowTickerEvent.from_payload(item) for item in data)


_WINDOWS = "|".join(ROLLING_WINDOWS)

KIND = StreamKind(
    name="ticker_<window>",
    pattern=re.compile(rf"ticker_(?:{_WINDOWS})"),
    parse=_parse,
    sequence=lambda event: event.event_time,
)

ALL_MARKET_KIND = StreamKind(
    name="!ticker_<window>@arr",
    pattern=re.compile(rf"!ticker_(?:{_WINDOWS})@arr"),
    parse=_parse_all,
    sequence=lambda events: max((e.event_time for e in events), default=0),
    market_wide=True,
)
