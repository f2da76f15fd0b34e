"""``session.status``: which API key (if any) authorises this connection (weight 2).

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/authentication-requests#query-session-status

Example:
    >>> status = build().parse({"apiKey": None, "authorizedSince": None,
    ...     "connectedSince": 1649729873021, "returnRateLimits": False,
    ...     "serverTime": 1649730611671, "userDataStream": False})
    >>> (status.logged_on, status.connected_since)
    (False, 1649729873021)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marshmallow import fields, post_load

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._schema import ParamsSchema, ResultSchema, load_params

__all__ = [
    "METHOD",
    "WEIGHT",
    "SessionStatus",
    "SessionStatusParams",
    "SessionStatusResult",
    "build",
    "parse",
]

METHOD = "session.status"
WEIGHT = 2


@dataclass(frozen=True, slots=True)
class SessionStatus:
    """The session as the venue sees it (shared by logon, status and logout).

    ``api_key`` is kept out of ``repr``.

    Example:
        >>> SessionStatus(None, None, 1, False, 2, None).logged_on
        False
    """

    api_key: str | None = field(repr=False)
    authorized_since: int | None
    connected_since: int | None
    return_rate_limits: bool | None
    server_time: int | None
    user_data_stream: bool | None

    @property
    def logged_on(self) -> bool:
        """True when an API key authorises the session.

        Example:
            >>> SessionStatus("k", 1, 1, False, 2, True).logged_on
            True
        """
        return self.api_key is not None


class SessionStatusParams(ParamsSchema):
    """``session.status`` takes no parameters."""


class SessionStatusResult(ResultSchema):
    """The session object."""

    api_key = fields.String(data_key="apiKey", allow_none=True, load_default=None)
    authorized_since = fields.Integer(
        data_key="authorizedSince", allow_none=True, load_default=None
    )
    connected_since = fields.Integer(data_key="connectedSince", allow_none=True, load_default=None)
    return_rate_limits = fields.Boolean(
        data_key="returnRateLimits", allow_none=True, load_default=None
    )
    server_time = fields.Integer(data_key="serverTime", allow_none=True, load_default=None)
    user_data_stream = fields.Boolean(data_key="userDataStream", allow_none=True, load_default=None)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> SessionStatus:
        return SessionStatus(**data)


def parse(result: Any) -> SessionStatus:
    """Parse the session object.

    Example:
        >>> parse({"apiKey": "k"}).logged_on
        True
    """
    status: SessionStatus = SessionStatusResult().load(result)
    return status


def build() -> ApiCall[SessionStatus]:
    """Return the ``session.status`` call.

    Example:
        >>> build().weight
        2
    """
    return ApiCall(METHOD, load_params(SessionStatusParams(), {}), WEIGHT, "none", parse)
