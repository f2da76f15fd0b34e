"""``private/get_order_state``: one order as it stands now.

Use it to reconcile an order whose request failed with an unknown outcome.

Docs: https://docs.deribit.com/#private-get_order_state

Example:
    >>> build(order_id="ETH-584849853").params
    {'order_id': 'ETH-584849853'}
"""

from __future__ import annotations

from venues.deribit._call import Call, load_params, one
from venues.deribit._schemas import StrictSchema, order_id, order_schema
from venues.deribit.models import Order

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/get_order_state"


class Params(StrictSchema):
    """``order_id`` (required)."""

    order_id = order_id()


def build(*, order_id: str) -> Call[Order]:
    """Return the call; its result is an :class:`Order`.

    Raises:
        InvalidParameters: the order id is empty.

    Example:
        >>> build(order_id="5").method
        'private/get_order_state'
    """
    return Call(METHOD, load_params(Params(), {"order_id": order_id}), one(order_schema.load))
