"""``SET_PROPERTY``: set a connection property (only ``combined`` exists).

``{"method":"SET_PROPERTY","params":["combined",true],"id":5}`` -> ``{"result":null,"id":5}``.

This client reads combined payloads (the stream name tells partial depth and book ticker
apart), so ``combined`` may only be set to ``true``.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#setting-properties

Example:
    >>> set_property_params("combined", True)
    {'params': ['combined', True]}
"""

from __future__ import annotations

from typing import Any

from actors import Requester
from protocol.errors import InvalidParameters
from venues.binance.spot.public._control import expect_null, wrap

__all__ = ["METHOD", "PROPERTIES", "check_property", "send_set_property", "set_property_params"]

METHOD = "SET_PROPERTY"
PROPERTIES = ("combined",)
"""The properties the venue knows."""


def check_property(name: object) -> str:
    """Return ``name`` if it is a known property, else raise ``InvalidParameters``.

    Example:
        >>> check_property("combined")
        'combined'
    """
    if not isinstance(name, str) or name not in PROPERTIES:
        raise InvalidParameters("name", f"must be one of {PROPERTIES}")
    return name


def set_property_params(name: str, value: bool) -> dict[str, Any]:
    """The params of a SET_PROPERTY (validated)."""
    check_property(name)
    if type(value) is not bool:
        raise InvalidParameters("value", "must be true or false")
    if value is not True:
        raise InvalidParameters("value", "this client needs combined payloads (true)")
    return wrap([name, value])


def send_set_property(
    requester: Requester, name: str, value: bool, timeout: float | None = None
) -> None:
    """Set property ``name`` to ``value``.

    Example:
        >>> # send_set_property(connection, "combined", True)
    """
    params = set_property_params(name, value)
    expect_null(requester.call(METHOD, params, timeout=timeout), METHOD)
