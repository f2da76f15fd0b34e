"""The ``subscribe`` and ``unsubscribe`` messages (Coinbase's only client messages).

``{"type": "subscribe", "product_ids": ["BTC-USD"], "channel": "level2", "jwt": "..."}``:
one channel per message, no request id. The venue answers with a ``subscriptions``
message holding its whole current subscription state, or with ``{"type": "error"}``.
``product_ids`` is left out for channels that take none; an unsubscribe without
``product_ids`` drops the whole channel.
Docs: https://docs.cdp.coinbase.com/advanced-trade/docs/ws-overview

Example:
    >>> encode_subscription("subscribe", "level2", ["BTC-USD"])
    '{"type":"subscribe","product_ids":["BTC-USD"],"channel":"level2"}'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from protocol.errors import InvalidParameters
from venues.coinbase.keys import PRIVATE_CHANNELS, PUBLIC_CHANNELS, validate_product_ids

__all__ = ["SubscriptionRequestSchema", "build_subscription", "encode_subscription"]

TYPES = ("subscribe", "unsubscribe")


class SubscriptionRequestSchema(Schema):
    """What we send: exact (``unknown = RAISE``).

    Example:
        >>> SubscriptionRequestSchema().load({"type": "subscribe", "channel": "heartbeats"})
        {'type': 'subscribe', 'channel': 'heartbeats'}
    """

    class Meta:
        unknown = RAISE
        ordered = True

    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    product_ids = fields.List(fields.String())
    channel = fields.String(
        required=True, validate=validate.OneOf(sorted(PUBLIC_CHANNELS | PRIVATE_CHANNELS))
    )
    jwt = fields.String()


_SCHEMA = SubscriptionRequestSchema()


def build_subscription(
    type: str, channel: str, product_ids: Sequence[str] = (), jwt: str | None = None
) -> dict[str, Any]:
    """Validate and build one subscribe/unsubscribe message as a dict.

    Raises:
        InvalidParameters: names the field (``type``, ``channel``, ``product_ids``,
            ``jwt``) that is wrong; nothing has been sent.

    Example:
        >>> build_subscription("unsubscribe", "heartbeats")
        {'type': 'unsubscribe', 'channel': 'heartbeats'}
    """
    if channel in PRIVATE_CHANNELS and not jwt:
        raise InvalidParameters("jwt", f"the {channel!r} channel needs a JWT")
    message: dict[str, Any] = {"type": type}
    products = validate_product_ids(channel, product_ids) if type == "subscribe" else product_ids
    if products:
        message["product_ids"] = list(products)
    message["channel"] = channel
    if jwt:
        message["jwt"] = jwt
    try:
        return dict(_SCHEMA.load(message))
    except ValidationError as exc:
        field = next(iter(exc.messages_dict), "message")
        raise InvalidParameters(field, str(exc.messages_dict[field])) from None


def encode_subscription(
    type: str, channel: str, product_ids: Sequence[str] = (), jwt: str | None = None
) -> str:
    """The text frame of :func:`build_subscription` (compact JSON).

    Example:
        >>> encode_subscription("subscribe", "heartbeats")
        '{"type":"subscribe","channel":"heartbeats"}'
    """
    message = build_subscription(type, channel, product_ids, jwt)
    return json.dumps(message, separators=(",", ":"))
