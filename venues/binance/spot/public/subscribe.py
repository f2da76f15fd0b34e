"""``SUBSCRIBE``: add streams to a connection.

``{"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":1}`` -> ``{"result":null,"id":1}``.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#subscribe-to-a-stream

Example:
    >>> subscribe_params(["btcusdt@trade"])
    {'params': ['btcusdt@trade']}
    >>> subscribe_params(["BTCUSDT@trade"])
    Traceback (most recent call last):
    ...
    protocol.errors.InvalidParameters: invalid parameter 'streams[0]': 'BTCUSDT@trade' is \
not a known stream name (symbols are lower-case)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from actors import Requester
from protocol.errors import InvalidParameters
from venues.binance.spot.public._control import expect_null, wrap
from venues.binance.spot.public.streams._registry import validate_stream

__all__ = ["METHOD", "send_subscribe", "stream_list", "subscribe_params"]

METHOD = "SUBSCRIBE"


def stream_list(streams: Sequence[str], field: str = "streams") -> list[str]:
    """Validate ``streams`` (known names, lower-case symbols); return them de-duplicated.

    Example:
        >>> stream_list(["btcusdt@trade", "btcusdt@trade"])
        ['btcusdt@trade']
    """
    if isinstance(streams, str) or not isinstance(streams, Sequence | set | frozenset):
        raise InvalidParameters(field, "must be a list of stream names")
    names = [validate_stream(name, f"{field}[{i}]") for i, name in enumerate(streams)]
    if not names:
        raise InvalidParameters(field, "must not be empty")
    return list(dict.fromkeys(names))


def subscribe_params(streams: Sequence[str]) -> dict[str, Any]:
    """The params of a SUBSCRIBE for ``streams`` (validated)."""
    return wrap(stream_list(streams))


def send_subscribe(
    requester: Requester, streams: Sequence[str], timeout: float | None = None
) -> list[str]:
    """Subscribe ``streams``; return them once the venue answered ``null``.

    Example:
        >>> # send_subscribe(connection, ["btcusdt@trade"], timeout=5.0)
    """
    params = subscribe_params(streams)
    expect_null(requester.call(METHOD, params, timeout=timeout), METHOD)
    return list(params["params"])
