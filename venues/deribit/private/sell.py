"""``private/sell``: place a sell order (a matching-engine request).

``amount`` is in USD for perpetuals and inverse futures, in the base coin for options
and linear futures; ``contracts`` is the alternative. Limit-priced types need
``price``; stop/take types need ``trigger_price``; ``trailing_stop`` needs
``trigger_offset``. Other options (``time_in_force``, ``label`` <= 64 chars,
``post_only``, ``reduce_only``, ``valid_until``, ...) are passed by keyword.

Docs: https://docs.deribit.com/#private-sell

Example:
    >>> call = build(instrument_name="ETH-PERPETUAL", amount=40, type="market",
    ...              label="market0000234")
    >>> call.method, call.params
    ('private/sell', {'instrument_name': 'ETH-PERPETUAL', 'amount': 40, 'type': 'market', \
'label': 'market0000234'})
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from venues.deribit._call import Call
from venues.deribit._schemas import OrderParams, order_call
from venues.deribit.models import OrderResult

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/sell"
Params = OrderParams


def build(
    *,
    instrument_name: str,
    amount: Decimal | int | str | None = None,
    contracts: Decimal | int | str | None = None,
    type: str = "limit",
    price: Decimal | int | str | None = None,
    label: str | None = None,
    contract_size: Decimal | int | str | None = None,
    **options: Any,
) -> Call[OrderResult]:
    """Return the call; its result is an :class:`OrderResult` (order and fills).

    ``contract_size`` is not sent: with it, ``amount`` and ``contracts`` may both be
    given and are checked to agree.

    Raises:
        InvalidParameters: naming the field (empty instrument, amount <= 0, a limit
            order without price, an unknown type or option, a label over 64 chars, ...).

    Example:
        >>> build(instrument_name="BTC-PERPETUAL", amount=10)
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'price': required for limit orders
    """
    given = dict(
        instrument_name=instrument_name,
        amount=amount,
        contracts=contracts,
        type=type,
        price=price,
        label=label,
        **options,
    )
    return order_call(METHOD, OrderParams(), given, contract_size)
