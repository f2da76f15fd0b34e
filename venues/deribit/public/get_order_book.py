"""``public/get_order_book``: a snapshot of one book, levels as ``[price, amount]``.

Docs: https://docs.deribit.com/#public-get_order_book

Example:
    >>> call = build(instrument_name="BTC-PERPETUAL", depth=5)
    >>> call.params
    {'instrument_name': 'BTC-PERPETUAL', 'depth': 5}
    >>> call.result({"instrument_name": "BTC-PERPETUAL", "timestamp": 1, "change_id": 9,
    ...     "bids": [[5042.34, 30]], "asks": []}).bids[0].price
    Decimal('5042.34')
"""

from __future__ import annotations

from marshmallow import fields, validate

from venues.deribit._call import Call, load_params, one
from venues.deribit._schemas import StrictSchema, instrument_name
from venues.deribit.models import OrderBook, schema_of

__all__ = ["DEPTHS", "METHOD", "Params", "build"]

METHOD = "public/get_order_book"
DEPTHS = (1, 5, 10, 20, 50, 100, 1000, 10000)


class Params(StrictSchema):
    """``instrument_name`` (required) and ``depth`` (one of :data:`DEPTHS`)."""

    instrument_name = instrument_name()
    depth = fields.Integer(strict=True, validate=validate.OneOf(DEPTHS))


def build(*, instrument_name: str, depth: int | None = None) -> Call[OrderBook]:
    """Return the call; its result is an :class:`OrderBook`.

    Raises:
        InvalidParameters: empty instrument or a depth Deribit does not offer.

    Example:
        >>> build(instrument_name="BTC-PERPETUAL", depth=3)
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'depth': Must be one of: ...
    """
    params = load_params(Params(), {"instrument_name": instrument_name, "depth": depth})
    return Call(METHOD, params, one(schema_of(OrderBook)().load))
