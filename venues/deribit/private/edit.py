"""``private/edit``: change an open order's amount, price or options (matching engine).

Docs: https://docs.deribit.com/#private-edit

Example:
    >>> call = build(order_id="ETH-584849853", price="205.5", amount=40)
    >>> call.params
    {'order_id': 'ETH-584849853', 'amount': 40, 'price': 205.5}
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from venues.deribit._call import Call
from venues.deribit._schemas import EditParams, order_call
from venues.deribit.models import OrderResult

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/edit"
Params = EditParams


def build(
    *,
    order_id: str,
    amount: Decimal | int | str | None = None,
    contracts: Decimal | int | str | None = None,
    price: Decimal | int | str | None = None,
    contract_size: Decimal | int | str | None = None,
    **options: Any,
) -> Call[OrderResult]:
    """Return the call; its result is an :class:`OrderResult`.

    Options: ``post_only``, ``reduce_only``, ``reject_post_only``, ``advanced``,
    ``trigger_price``, ``trigger_offset``, ``mmp``, ``valid_until``, ``display_amount``.

    Raises:
        InvalidParameters: empty order id, non-positive numbers, unknown options.

    Example:
        >>> build(order_id="1", amount=-1)
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'amount': Must be greater than 0.
    """
    given = dict(order_id=order_id, amount=amount, contracts=contracts, price=price, **options)
    return order_call(METHOD, EditParams(), given, contract_size)
