"""``private/get_open_orders_by_currency``: the open orders of one currency.

Docs: https://docs.deribit.com/#private-get_open_orders_by_currency

Example:
    >>> call = build(currency="BTC", kind="future")
    >>> call.params, call.result([])
    ({'currency': 'BTC', 'kind': 'future'}, ())
"""

from __future__ import annotations

from marshmallow import fields, validate

from venues.deribit._call import Call, load_params, many
from venues.deribit._schemas import KINDS, StrictSchema, currency, order_schema
from venues.deribit.models import Order

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/get_open_orders_by_currency"
TYPES = (
    "all",
    "limit",
    "trigger_all",
    "stop_all",
    "stop_limit",
    "stop_market",
    "take_all",
    "take_limit",
    "take_market",
    "trailing_all",
    "trailing_stop",
)


class Params(StrictSchema):
    """``currency`` (required); optional ``kind`` and ``type``."""

    currency = currency()
    kind = fields.String(validate=validate.OneOf(KINDS))
    type = fields.String(validate=validate.OneOf(TYPES))


def build(
    *, currency: str, kind: str | None = None, type: str | None = None
) -> Call[tuple[Order, ...]]:
    """Return the call; its result is a tuple of :class:`Order`.

    Raises:
        InvalidParameters: unknown currency, kind or type.

    Example:
        >>> build(currency="BTC", kind="bond")
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'kind': Must be one of: ...
    """
    params = load_params(Params(), {"currency": currency, "kind": kind, "type": type})
    return Call(METHOD, params, many(order_schema.load))
