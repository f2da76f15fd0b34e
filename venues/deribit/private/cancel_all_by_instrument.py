"""``private/cancel_all_by_instrument``: cancel every order of one instrument.

The result is a count, or with ``detailed=True`` the cancelled orders.

Docs: https://docs.deribit.com/#private-cancel_all_by_instrument

Example:
    >>> call = build(instrument_name="ETH-22FEB19-120-P", type="all")
    >>> call.params, call.result(4)
    ({'instrument_name': 'ETH-22FEB19-120-P', 'type': 'all'}, 4)
"""

from __future__ import annotations

from marshmallow import fields, validate

from venues.deribit._call import Call, load_params
from venues.deribit._schemas import StrictSchema, cancelled, flag, instrument_name
from venues.deribit.models import Order

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/cancel_all_by_instrument"
TYPES = ("all", "limit", "trigger_all", "stop", "take", "trailing_stop")


class Params(StrictSchema):
    """``instrument_name``; optional ``type``, ``detailed``, ``include_combos`` and
    ``freeze_quotes``."""

    instrument_name = instrument_name()
    type = fields.String(validate=validate.OneOf(TYPES))
    detailed = flag()
    include_combos = flag()
    freeze_quotes = flag()


def build(
    *,
    instrument_name: str,
    type: str | None = None,
    detailed: bool | None = None,
    include_combos: bool | None = None,
    freeze_quotes: bool | None = None,
) -> Call[int | tuple[Order, ...]]:
    """Return the call; its result is a count or (detailed) a tuple of orders.

    Raises:
        InvalidParameters: empty instrument or unknown type.

    Example:
        >>> build(instrument_name="BTC-PERPETUAL", type="market")
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'type': Must be one of: ...
    """
    given = dict(
        instrument_name=instrument_name,
        type=type,
        detailed=detailed,
        include_combos=include_combos,
        freeze_quotes=freeze_quotes,
    )
    return Call(METHOD, load_params(Params(), given), cancelled)
