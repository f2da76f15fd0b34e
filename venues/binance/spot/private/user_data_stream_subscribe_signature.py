"""``userDataStream.subscribe.signature`` (USER_STREAM): user data for any key type.

Works on any session, with HMAC keys too: the request carries ``apiKey``, ``timestamp``
and ``signature`` (added by the client). Weight 2; answers ``{"subscriptionId": N}``.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/user-data-stream-requests#subscribe-to-user-data-stream-through-signature-subscription-user_stream

Example:
    >>> call = build()
    >>> (call.method, call.security, call.parse({"subscriptionId": 1}))
    ('userDataStream.subscribe.signature', 'always_signed', 1)
"""

from __future__ import annotations

from decimal import Decimal

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._schema import ParamsSchema, load_params, validate_recv_window
from venues.binance.spot.private.user_data_stream_subscribe import parse

__all__ = ["METHOD", "WEIGHT", "SubscribeSignatureParams", "build", "parse"]

METHOD = "userDataStream.subscribe.signature"
WEIGHT = 2


class SubscribeSignatureParams(ParamsSchema):
    """Nothing from the caller: the auth params are added when signing."""


def build(*, recv_window: int | Decimal | None = None) -> ApiCall[int]:
    """Return the ``userDataStream.subscribe.signature`` call.

    Example:
        >>> build().weight
        2
    """
    window = validate_recv_window(recv_window)
    params = load_params(SubscribeSignatureParams(), {})
    return ApiCall(METHOD, params, WEIGHT, "always_signed", parse, recv_window=window)
