"""``GET_PROPERTY``: read a connection property (only ``combined`` exists).

``{"method":"GET_PROPERTY","params":["combined"],"id":2}`` -> ``{"result":true,"id":2}``.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#retrieving-properties

Example:
    >>> get_property_params("combined")
    {'params': ['combined']}
"""

from __future__ import annotations

from typing import Any

from actors import Requester
from protocol.errors import MalformedMessage
from venues.binance.spot.public._control import wrap
from venues.binance.spot.public.set_property import check_property

__all__ = ["METHOD", "get_property_params", "send_get_property"]

METHOD = "GET_PROPERTY"


def get_property_params(name: str) -> dict[str, Any]:
    """The params of a GET_PROPERTY (validated)."""
    return wrap([check_property(name)])


def send_get_property(requester: Requester, name: str, timeout: float | None = None) -> bool:
    """Read property ``name`` (a boolean).

    Example:
        >>> # send_get_property(connection, "combined")
    """
    result = requester.call(METHOD, get_property_params(name), timeout=timeout)
    if type(result) is not bool:
        raise MalformedMessage(f"{METHOD} answered {type(result).__name__}, expected a boolean")
    return result
