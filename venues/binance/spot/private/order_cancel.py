"""``order.cancel`` (TRADE): cancel an active order (weight 1).

Name the order by ``order_id`` (fastest) or ``orig_client_order_id``.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/trading-requests#cancel-order-trade

Example:
    >>> dict(build(symbol="BTCUSDT", order_id=12569099453).params)
    {'symbol': 'BTCUSDT', 'orderId': 12569099453}
    >>> from protocol.errors import InvalidParameters
    >>> try:
    ...     build(symbol="BTCUSDT")
    ... except InvalidParameters as exc:
    ...     print(exc.field)
    order_id
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validates_schema

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._orders import Order, parse_order
from venues.binance.spot.private._schema import (
    ParamsSchema,
    StrictInt,
    Symbol,
    load_params,
    one_of,
    validate_recv_window,
)

__all__ = ["METHOD", "WEIGHT", "OrderCancelParams", "build", "parse", "require_order_ref"]

METHOD = "order.cancel"
WEIGHT = 1

parse = parse_order


def require_order_ref(data: dict[str, Any]) -> None:
    """Refuse a request naming neither ``orderId`` nor ``origClientOrderId``.

    Example:
        >>> require_order_ref({"order_id": 1})
    """
    if "order_id" not in data and "orig_client_order_id" not in data:
        raise ValidationError("order_id or orig_client_order_id is required", "orderId")


class OrderCancelParams(ParamsSchema):
    """The ``order.cancel`` params."""

    symbol = Symbol(required=True)
    order_id = StrictInt(data_key="orderId")
    orig_client_order_id = fields.String(data_key="origClientOrderId")
    new_client_order_id = fields.String(data_key="newClientOrderId")
    cancel_restrictions = fields.String(
        data_key="cancelRestrictions", validate=one_of(("ONLY_NEW", "ONLY_PARTIALLY_FILLED"))
    )

    @validates_schema
    def _order_ref(self, data: dict[str, Any], **kwargs: Any) -> None:
        require_order_ref(data)


def build(
    *,
    symbol: str,
    order_id: int | None = None,
    orig_client_order_id: str | None = None,
    new_client_order_id: str | None = None,
    cancel_restrictions: str | None = None,
    recv_window: int | Decimal | None = None,
) -> ApiCall[Order]:
    """Return a validated ``order.cancel`` call.

    Example:
        >>> build(symbol="BTCUSDT", orig_client_order_id="abc").params["origClientOrderId"]
        'abc'
    """
    values = dict(locals())
    window = validate_recv_window(values.pop("recv_window"))
    params = load_params(OrderCancelParams(), values)
    return ApiCall(METHOD, params, WEIGHT, "signed", parse, recv_window=window)
