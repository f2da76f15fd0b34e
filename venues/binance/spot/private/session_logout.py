"""``session.logout``: forget the session's API key; the socket stays open (weight 2).

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/authentication-requests#log-out-of-the-session

Example:
    >>> call = build()
    >>> call.parse({"apiKey": None, "connectedSince": 1}).logged_on
    False
"""

from __future__ import annotations

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._schema import ParamsSchema, load_params
from venues.binance.spot.private.session_status import SessionStatus, parse

__all__ = ["METHOD", "WEIGHT", "SessionLogoutParams", "build", "parse"]

METHOD = "session.logout"
WEIGHT = 2


class SessionLogoutParams(ParamsSchema):
    """``session.logout`` takes no parameters."""


def build() -> ApiCall[SessionStatus]:
    """Return the ``session.logout`` call.

    Example:
        >>> build().method
        'session.logout'
    """
    return ApiCall(METHOD, load_params(SessionLogoutParams(), {}), WEIGHT, "none", parse)
