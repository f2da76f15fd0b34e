"""``private/cancel_by_label``: cancel the orders carrying ``label``; the result is a count.

Docs: https://docs.deribit.com/#private-cancel_by_label

Example:
    >>> call = build(label="grid-1", currency="BTC")
    >>> call.params, call.result(2)
    ({'label': 'grid-1', 'currency': 'BTC'}, 2)
"""

from __future__ import annotations

from marshmallow import fields, validate

from venues.deribit._call import Call, load_params
from venues.deribit._schemas import StrictSchema, currency

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/cancel_by_label"


class Params(StrictSchema):
    """``label`` (required, 1-64 chars) and optional ``currency``."""

    label = fields.String(required=True, validate=validate.Length(min=1, max=64))
    currency = currency(required=False)


_COUNT = fields.Integer(strict=True, required=True)


def build(*, label: str, currency: str | None = None) -> Call[int]:
    """Return the call; its result is the number of orders cancelled.

    Raises:
        InvalidParameters: empty label, label over 64 chars, unknown currency.

    Example:
        >>> build(label="x" * 65)
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'label': ...
    """
    params = load_params(Params(), {"label": label, "currency": currency})
    return Call(METHOD, params, _COUNT.deserialize)
