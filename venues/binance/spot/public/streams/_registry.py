"""Stream name -> :class:`StreamKind`: the one place that knows every stream kind."""

from __future__ import annotations

from protocol.errors import InvalidParameters
from venues.binance.spot.public.streams import (
    agg_trade,
    avg_price,
    book_ticker,
    diff_depth,
    kline,
    mini_ticker,
    partial_depth,
    rolling_window_ticker,
    ticker,
    trade,
)
from venues.binance.spot.public.streams._kind import StreamKind
from venues.binance.spot.symbols import SYMBOL_PATTERN

__all__ = ["KINDS", "resolve", "symbol_of", "validate_stream"]

KINDS: tuple[StreamKind, ...] = (
    trade.KIND,
    agg_trade.KIND,
    kline.KIND,
    mini_ticker.KIND,
    mini_ticker.ALL_MARKET_KIND,
    ticker.KIND,
    rolling_window_ticker.KIND,
    rolling_window_ticker.ALL_MARKET_KIND,
    book_ticker.KIND,
    avg_price.KIND,
    partial_depth.KIND,
    diff_depth.KIND,
)

_SYMBOL_KINDS = tuple(kind for kind in KINDS if not kind.market_wide)
_MARKET_KINDS = tuple(kind for kind in KINDS if kind.market_wide)


def resolve(stream: str) -> StreamKind | None:
    """Return the kind of ``stream`` (a valid lower-case name), or ``None``."""
    if stream.startswith("!"):
        return next((k for k in _MARKET_KINDS if k.pattern.fullmatch(stream)), None)
    symbol, at, suffix = stream.partition("@")
    if not at or symbol != symbol.lower() or not SYMBOL_PATTERN.match(symbol.upper()):
        return None
    return next((k for k in _SYMBOL_KINDS if k.pattern.fullmatch(suffix)), None)


def symbol_of(stream: str) -> str | None:
    """Return the upper-case symbol a stream name carries (``None`` for market-wide)."""
    if stream.startswith("!"):
        return None
    return stream.partition("@")[0].upper()


def validate_stream(stream: object, field: str = "streams") -> str:
    """Return ``stream`` if it names a known stream, else raise ``InvalidParameters``."""
    if not isinstance(stream, str):
        raise InvalidParameters(field, f"a stream name is a string, got {type(stream).__name__}")
    if resolve(stream) is None:
        raise InvalidParameters(
            field, f"{stream!r} is not a known stream name (symbols are lower-case)"
        )
    return stream
