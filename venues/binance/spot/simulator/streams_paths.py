"""Which streams a connection asks for in its URL path (sans-I/O).

``/stream?streams=a/b`` opens a combined connection (payloads wrapped as
``{"stream": ..., "data": ...}``); ``/ws`` or ``/ws/<stream>[/<stream>...]`` opens a raw
one (bare payloads). Other query parameters (``timeUnit``) are accepted and ignored.

Example:
    >>> parse_path("/stream?streams=btcusdt@trade/btcusdt@depth")
    StreamPath(combined=True, streams=('btcusdt@trade', 'btcusdt@depth'))
    >>> parse_path("/ws/bnbbtc@aggTrade")
    StreamPath(combined=False, streams=('bnbbtc@aggTrade',))
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from venues.binance.spot.public.streams._registry import resolve

__all__ = ["StreamPath", "parse_path"]


class StreamPath(NamedTuple):
    """What a connection path asks for.

    Example:
        >>> StreamPath(True, ()).combined
        True
    """

    combined: bool
    streams: tuple[str, ...]


def parse_path(path: str) -> StreamPath:
    """Parse a connection path; raise ``ValueError`` naming what is wrong.

    Example:
        >>> parse_path("/ws")
        StreamPath(combined=False, streams=())
    """
    parts = urlsplit(path)
    route = parts.path.rstrip("/")
    if route == "/stream":
        names = _query_streams(parts.query)
        return StreamPath(True, _checked(names.split("/") if names else []))
    if route == "/ws" or route.startswith("/ws/"):
        names = unquote(route[len("/ws") :]).strip("/")
        return StreamPath(False, _checked(names.split("/") if names else []))
    raise ValueError(f"unknown path {parts.path!r} (use /stream or /ws)")


def _query_streams(query: str) -> str:
    # A literal "+" belongs to the stream name (``@+08:00``), so no form decoding.
    for item in query.split("&"):
        key, _, value = item.partition("=")
        if key == "streams":
            return unquote(value)
    return ""


def _checked(names: list[str]) -> tuple[str, ...]:
    for name in names:
        if resolve(name) is None:
            raise ValueError(f"invalid stream name {name!r}")
    return tuple(dict.fromkeys(names))
