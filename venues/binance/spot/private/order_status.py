"""``order.status`` (USER_DATA): an order's execution status (weight 4).

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/account-requests#query-order-user_data

Example:
    >>> call = build(symbol="BTCUSDT", order_id=12569099453)
    >>> (call.method, call.weight, dict(call.params))
    ('order.status', 4, {'symbol': 'BTCUSDT', 'orderId': 12569099453})
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import fields, validates_schema

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._orders import Order, parse_order
from venues.binance.spot.private._schema import (
    ParamsSchema,
    StrictInt,
    Symbol,
    load_params,
    validate_recv_window,
)
from venues.binance.spot.private.order_cancel import require_order_ref

__all__ = ["METHOD", "WEIGHT", "OrderStatusParams", "build", "parse"]

METHOD = "order.status"
WEIGHT = 4

parse = parse_order


class OrderStatusParams(ParamsSchema):
    """The ``order.status`` params."""

    symbol = Symbol(required=True)
    order_id = StrictInt(data_key="orderId")
    orig_client_order_id = fields.String(data_key="origClientOrderId")

    @validates_schema
    def _order_ref(self, data: dict[str, Any], **kwargs: Any) -> None:
        require_order_ref(data)


def build(
    *,
    symbol: str,
    order_id: int | None = None,
    orig_client_order_id: str | None = None,
    recv_window: int | Decimal | None = None,
) -> ApiCall[Order]:
    """Return a validated ``order.status`` call.

    Example:
        >>> build(symbol="ethbtc", orig_client_order_id="x").params["symbol"]
        'ETHBTC'
    """
    values = dict(locals())
    window = validate_recv_window(values.pop("recv_window"))
    params = load_params(OrderStatusParams(), values)
    return ApiCall(METHOD, params, WEIGHT, "signed", parse, recv_window=window)
