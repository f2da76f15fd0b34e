"""``openOrders.cancelAll`` (TRADE): cancel every open order of a symbol (weight 1).

The reply lists cancellation reports; order lists contribute their individual orders.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/trading-requests#cancel-open-orders-trade

Example:
    >>> call = build(symbol="BTCUSDT")
    >>> (call.method, call.weight, dict(call.params))
    ('openOrders.cancelAll', 1, {'symbol': 'BTCUSDT'})
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

__all__ = ["METHOD", "WEIGHT", "OpenOrdersCancelAllParams", "build", "parse"]

METHOD = "openOrders.cancelAll"
WEIGHT = 1

parse = parse_orders


class OpenOrdersCancelAllParams(ParamsSchema):
    """The ``openOrders.cancelAll`` params."""

    symbol = Symbol(required=True)


def build(*, symbol: str, recv_window: int | Decimal | None = None) -> ApiCall[list[Order]]:
    """Return a validated ``openOrders.cancelAll`` call.

    Example:
        >>> build(symbol="ethbtc").params
        {'symbol': 'ETHBTC'}
    """
    window = validate_recv_window(recv_window)
    params = load_params(OpenOrdersCancelAllParams(), {"symbol": symbol})
    return ApiCall(METHOD, params, WEIGHT, "signed", parse, recv_window=window)
