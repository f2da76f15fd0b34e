"""``userDataStream.unsubscribe``: stop user data events (one subscription or all).

Weight 2. Without ``subscription_id`` every subscription of the connection ends.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/user-data-stream-requests#unsubscribe-from-user-data-stream

Example:
    >>> dict(build(subscription_id=0).params), dict(build().params)
    ({'subscriptionId': 0}, {})
"""

from __future__ import annotations

from typing import Any

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._schema import ParamsSchema, ResultSchema, StrictInt, load_params

__all__ = ["METHOD", "WEIGHT", "UserDataStreamUnsubscribeParams", "build", "parse"]

METHOD = "userDataStream.unsubscribe"
WEIGHT = 2


class UserDataStreamUnsubscribeParams(ParamsSchema):
    """The ``userDataStream.unsubscribe`` params."""

    subscription_id = StrictInt(data_key="subscriptionId")


def parse(result: Any) -> None:
    """Check the ``{}`` reply.

    Example:
        >>> parse({}) is None
        True
    """
    ResultSchema().load(result)


def build(*, subscription_id: int | None = None) -> ApiCall[None]:
    """Return the ``userDataStream.unsubscribe`` call.

    Example:
        >>> build(subscription_id=2).params
        {'subscriptionId': 2}
    """
    params = load_params(UserDataStreamUnsubscribeParams(), {"subscription_id": subscription_id})
    return ApiCall(METHOD, params, WEIGHT, "none", parse)
