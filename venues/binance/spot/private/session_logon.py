"""``session.logon``: authorise the connection with an Ed25519 key (weight 2).

The client adds ``apiKey``, ``timestamp`` and the Ed25519 ``signature`` (and
``recvWindow``); after it, SIGNED requests carry only ``timestamp``. Ed25519 keys only.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/authentication-requests#log-in-with-api-key-signed

Example:
    >>> call = build()
    >>> (call.method, call.security, call.weight)
    ('session.logon', 'always_signed', 2)
"""

from __future__ import annotations

from decimal import Decimal

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._schema import ParamsSchema, load_params, validate_recv_window
from venues.binance.spot.private.session_status import SessionStatus, parse

__all__ = ["METHOD", "WEIGHT", "SessionLogonParams", "build", "parse"]

METHOD = "session.logon"
WEIGHT = 2


class SessionLogonParams(ParamsSchema):
    """Nothing from the caller: the auth params are added when signing."""


def build(*, recv_window: int | Decimal | None = None) -> ApiCall[SessionStatus]:
    """Return the ``session.logon`` call (signed by the client just before sending).

    Example:
        >>> build(recv_window=5000).recv_window
        5000
    """
    window = validate_recv_window(recv_window)
    params = load_params(SessionLogonParams(), {})
    return ApiCall(METHOD, params, WEIGHT, "always_signed", parse, recv_window=window)
