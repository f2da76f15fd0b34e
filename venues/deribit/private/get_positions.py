"""``private/get_positions``: positions by currency (or ``any``) and kind.

Docs: https://docs.deribit.com/#private-get_positions

Example:
    >>> call = build(currency="any")
    >>> call.params, call.result([])
    ({'currency': 'any'}, ())
"""

from __future__ import annotations

from marshmallow import fields, validate

from venues.deribit._call import Call, load_params, many
from venues.deribit._schemas import KINDS, StrictSchema, currency
from venues.deribit.models import Position, schema_of

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/get_positions"


class Params(StrictSchema):
    """Optional ``currency`` (incl. ``any``), ``kind`` and ``subaccount_id``."""

    currency = currency(required=False, extra=("any",))
    kind = fields.String(validate=validate.OneOf(KINDS))
    subaccount_id = fields.Integer(strict=True, validate=validate.Range(min=1))


def build(
    *, currency: str | None = None, kind: str | None = None, subaccount_id: int | None = None
) -> Call[tuple[Position, ...]]:
    """Return the call; its result is a tuple of :class:`Position`.

    Raises:
        InvalidParameters: unknown currency or kind, a bad subaccount id.

    Example:
        >>> build(subaccount_id=0)
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'subaccount_id': ...
    """
    given = {"currency": currency, "kind": kind, "subaccount_id": subaccount_id}
    return Call(METHOD, load_params(Params(), given), many(schema_of(Position)().load))
