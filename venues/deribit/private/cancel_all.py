"""``private/cancel_all``: cancel every order of the account (matching engine).

The result is a count, or with ``detailed=True`` the cancelled orders.

Docs: https://docs.deribit.com/#private-cancel_all

Example:
    >>> call = build()
    >>> call.params, call.result(4)
    ({}, 4)
"""

from __future__ import annotations

from venues.deribit._call import Call, load_params
from venues.deribit._schemas import StrictSchema, cancelled, flag
from venues.deribit.models import Order

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/cancel_all"


class Params(StrictSchema):
    """Optional ``detailed`` and ``freeze_quotes``."""

    detailed = flag()
    freeze_quotes = flag()


def build(
    *, detailed: bool | None = None, freeze_quotes: bool | None = None
) -> Call[int | tuple[Order, ...]]:
    """Return the call; its result is a count or (detailed) a tuple of orders.

    Example:
        >>> build(detailed=True).params
        {'detailed': True}
    """
    params = load_params(Params(), {"detailed": detailed, "freeze_quotes": freeze_quotes})
    return Call(METHOD, params, cancelled)
