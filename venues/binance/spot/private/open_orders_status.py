"""``openOrders.status`` (USER_DATA): every open order, of one symbol or all.

Weight 6 with ``symbol``, 80 without.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/account-requests#current-open-orders-user_data

Example:
    >>> (build(symbol="BTCUSDT").weight, build().weight)
    (6, 80)
"""

from __future__ import annotations

from decimal import Decimal

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._orders import Order, parse_orders
from venues.binance.spot.private._schema import (
    ParamsSchema,
    Symbol,
    load_params,
    validate_recv_window,
)

__all__ = ["METHOD", "WEIGHT_ALL", "WEIGHT_SYMBOL", "OpenOrdersStatusParams", "build", "parse"]

METHOD = "openOrders.status"
WEIGHT_SYMBOL = 6
WEIGHT_ALL = 80

parse = parse_orders


class OpenOrdersStatusParams(ParamsSchema):
    """The ``openOrders.status`` params."""

    symbol = Symbol()


def build(
    *, symbol: str | None = None, recv_window: int | Decimal | None = None
) -> ApiCall[list[Order]]:
    """Return a validated ``openOrders.status`` call.

    Example:
        >>> build(symbol="btcusdt").params
        {'symbol': 'BTCUSDT'}
    """
    window = validate_recv_window(recv_window)
    params = load_params(OpenOrdersStatusParams(), {"symbol": symbol})
    weight = WEIGHT_SYMBOL if symbol is not None else WEIGHT_ALL
    return ApiCall(METHOD, params, weight, "signed", parse, recv_window=window)
