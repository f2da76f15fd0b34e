"""``public/get_instruments``: the instruments of a currency (optionally of one kind).

Deribit meters this method more tightly (about 1 request a second sustained).

Docs: https://docs.deribit.com/#public-get_instruments

Example:
    >>> call = build(currency="BTC", kind="future")
    >>> call.params
    {'currency': 'BTC', 'kind': 'future'}
    >>> call.result([{"instrument_name": "BTC-PERPETUAL", "kind": "future", "tick_size": 0.5,
    ...     "min_trade_amount": 10, "contract_size": 10}])[0].contract_size
    Decimal('10')
"""

from __future__ import annotations

from marshmallow import fields, validate

from venues.deribit._call import Call, load_params, many
from venues.deribit._schemas import KINDS, StrictSchema, currency, flag
from venues.deribit.models import Instrument, schema_of

__all__ = ["METHOD", "Params", "build"]

METHOD = "public/get_instruments"


class Params(StrictSchema):
    """``currency`` (or ``any``), optional ``kind`` and ``expired``."""

    currency = currency(extra=("any",))
    kind = fields.String(validate=validate.OneOf((*KINDS, "combo", "any")))
    expired = flag()


def build(
    *, currency: str, kind: str | None = None, expired: bool | None = None
) -> Call[tuple[Instrument, ...]]:
    """Return the call; its result is a tuple of :class:`Instrument`.

    Raises:
        InvalidParameters: unknown currency or kind.

    Example:
        >>> build(currency="DOGE")
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'currency': Must be one of: ...
    """
    params = load_params(Params(), {"currency": currency, "kind": kind, "expired": expired})
    return Call(METHOD, params, many(schema_of(Instrument)().load))
