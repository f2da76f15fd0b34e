"""``UNSUBSCRIBE``: remove streams from a connection.

``{"method":"UNSUBSCRIBE","params":["btcusdt@depth"],"id":312}`` ->
``{"result":null,"id":312}``.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#unsubscribe-to-a-stream

Example:
    >>> unsubscribe_params(["btcusdt@depth"])
    {'params': ['btcusdt@depth']}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from actors import Requester
from venues.binance.spot.public._control import expect_null, wrap
from venues.binance.spot.public.subscribe import stream_list

__all__ = ["METHOD", "send_unsubscribe", "unsubscribe_params"]

METHOD = "UNSUBSCRIBE"


def unsubscribe_params(streams: Sequence[str]) -> dict[str, Any]:
    """The params of an UNSUBSCRIBE for ``streams`` (validated)."""
    return wrap(stream_list(streams))


def send_unsubscribe(
    requester: Requester, streams: Sequence[str], timeout: float | None = None
) -> None:
    """Unsubscribe ``streams``.

    Example:
        >>> # send_unsubscribe(connection, ["btcusdt@trade"])
    """
    expect_null(requester.call(METHOD, unsubscribe_params(streams), timeout=timeout), METHOD)
