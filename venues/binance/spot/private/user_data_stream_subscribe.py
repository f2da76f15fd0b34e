"""``userDataStream.subscribe`` (USER_STREAM): user data events on this connection.

Needs a session logged on with an Ed25519 key (``session.logon``); weight 2. Answers
``{"subscriptionId": N}``; events then arrive as ``{"subscriptionId": N, "event": {...}}``.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/user-data-stream-requests#subscribe-to-user-data-stream-user_stream

Example:
    >>> call = build()
    >>> (call.method, call.weight, call.parse({"subscriptionId": 0}))
    ('userDataStream.subscribe', 2, 0)
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._schema import ParamsSchema, ResultSchema, load_params

__all__ = [
    "METHOD",
    "WEIGHT",
    "SubscriptionResult",
    "UserDataStreamSubscribeParams",
    "build",
    "parse",
]

METHOD = "userDataStream.subscribe"
WEIGHT = 2


class UserDataStreamSubscribeParams(ParamsSchema):
    """No parameters: the logged-on key names the account."""


class SubscriptionResult(ResultSchema):
    """``{"subscriptionId": N}``."""

    subscription_id = fields.Integer(data_key="subscriptionId", required=True)


def parse(result: Any) -> int:
    """Return the ``subscriptionId``.

    Example:
        >>> parse({"subscriptionId": 3})
        3
    """
    loaded: dict[str, int] = SubscriptionResult().load(result)
    return loaded["subscription_id"]


def build() -> ApiCall[int]:
    """Return the ``userDataStream.subscribe`` call.

    Example:
        >>> build().security
        'none'
    """
    params = load_params(UserDataStreamSubscribeParams(), {})
    return ApiCall(METHOD, params, WEIGHT, "none", parse)
