"""What a method file's builder returns: one validated WebSocket API call."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

__all__ = ["ApiCall", "Security"]

T = TypeVar("T")

Security = Literal["none", "signed", "always_signed"]
"""How the client authorises a call before sending it:

- ``none``: sent as built (``ping``, ``time``, ``session.status``, ...).
- ``signed``: ``timestamp`` (and ``recvWindow``) added; ``apiKey`` + ``signature`` too
  unless an Ed25519 session is logged on (then the session key applies).
- ``always_signed``: ``apiKey`` + ``timestamp`` + ``signature`` whatever the session
  (``session.logon``, ``userDataStream.subscribe.signature``).
"""


@dataclass(frozen=True)
class ApiCall(Generic[T]):
    """One request ready for the client to authorise and send.

    Attributes:
        method: the WebSocket API method (``"order.place"``).
        params: the validated wire params (DECIMAL as text, INT as int).
        weight: its ``REQUEST_WEIGHT`` cost.
        security: see :data:`Security`.
        parse: turns the reply's ``result`` into the typed value the caller gets.
        orders: how many the call adds to the unfilled ``ORDERS`` count.
        recv_window: this call's ``recvWindow`` (ms), overriding the client default.

    Example:
        >>> call = ApiCall("ping", {}, 1, "none", lambda result: None)
        >>> (call.method, call.weight)
        ('ping', 1)
    """

    method: str
    params: Mapping[str, Any]
    weight: int
    security: Security
    parse: Callable[[Any], T] = field(repr=False)
    orders: int = 0
    recv_window: int | Decimal | None = None
