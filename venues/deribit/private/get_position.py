"""``private/get_position``: the position in one instrument.

Docs: https://docs.deribit.com/#private-get_position

Example:
    >>> call = build(instrument_name="BTC-PERPETUAL")
    >>> call.result({"instrument_name": "BTC-PERPETUAL", "kind": "future",
    ...              "direction": "buy", "size": 20, "average_price": 8950.5}).average_price
    Decimal('8950.5')
"""

from __future__ import annotations

from venues.deribit._call import Call, load_params, one
from venues.deribit._schemas import StrictSchema, instrument_name
from venues.deribit.models import Position, schema_of

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/get_position"


class Params(StrictSchema):
    """``instrument_name`` (required)."""

    instrument_name = instrument_name()


def build(*, instrument_name: str) -> Call[Position]:
    """Return the call; its result is a :class:`Position`.

    Raises:
        InvalidParameters: the instrument name is empty.

    Example:
        >>> build(instrument_name="BTC-PERPETUAL").params
        {'instrument_name': 'BTC-PERPETUAL'}
    """
    params = load_params(Params(), {"instrument_name": instrument_name})
    return Call(METHOD, params, one(schema_of(Position)().load))
