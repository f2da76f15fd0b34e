"""``private/cancel``: cancel one order; the result is the cancelled order.

Docs: https://docs.deribit.com/#private-cancel

Example:
    >>> call = build(order_id="ETH-SLIS-12")
    >>> call.params
    {'order_id': 'ETH-SLIS-12'}
    >>> call.result({"order_id": "ETH-SLIS-12", "order_state": "cancelled",
    ...     "instrument_name": "ETH-PERPETUAL", "direction": "sell", "amount": 5}).order_state
    'cancelled'
"""

from __future__ import annotations

from venues.deribit._call import Call, load_params, one
from venues.deribit._schemas import StrictSchema, order_id, order_schema
from venues.deribit.models import Order

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/cancel"


class Params(StrictSchema):
    """``order_id`` (required)."""

    order_id = order_id()


def build(*, order_id: str) -> Call[Order]:
    """Return the call; its result is the :class:`Order` as cancelled.

    Raises:
        InvalidParameters: the order id is empty.

    Example:
        >>> build(order_id="")
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'order_id': ...
    """
    return Call(METHOD, load_params(Params(), {"order_id": order_id}), one(order_schema.load))
