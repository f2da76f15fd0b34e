"""``public/ticker``: one instrument's ticker (best bid/ask, last, mark, index, stats).

Docs: https://docs.deribit.com/#public-ticker

Example:
    >>> call = build(instrument_name="BTC-PERPETUAL")
    >>> call.result({"instrument_name": "BTC-PERPETUAL", "timestamp": 1,
    ...              "mark_price": 8948.9}).mark_price
    Decimal('8948.9')
"""

from __future__ import annotations

from venues.deribit._call import Call, load_params, one
from venues.deribit._schemas import StrictSchema, instrument_name
from venues.deribit.models import Ticker, schema_of

__all__ = ["METHOD", "Params", "build"]

METHOD = "public/ticker"


class Params(StrictSchema):
    """``instrument_name`` (required)."""

    instrument_name = instrument_name()


def build(*, instrument_name: str) -> Call[Ticker]:
    """Return the call; its result is a :class:`Ticker`.

    Raises:
        InvalidParameters: the instrument name is empty.

    Example:
        >>> build(instrument_name="")
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'instrument_name': ...
    """
    params = load_params(Params(), {"instrument_name": instrument_name})
    return Call(METHOD, params, one(schema_of(Ticker)().load))
