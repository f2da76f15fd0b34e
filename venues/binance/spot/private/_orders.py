"""The order report shared by ``order.place``, ``order.cancel``, ``order.status``,
``openOrders.status`` and ``openOrders.cancelAll``: one schema, one frozen dataclass.

Fields a given reply does not carry (an ``ACK`` has no ``status``; only ``order.status``
has ``time``) are ``None``; ``fills`` is empty unless the reply was ``FULL``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import fields, post_load

from venues.binance.spot.private._schema import ResultSchema

__all__ = ["Fill", "FillSchema", "Order", "OrderSchema", "parse_order", "parse_orders"]


@dataclass(frozen=True, slots=True)
class Fill:
    """One trade that filled (part of) an order at placement (``FULL`` replies).

    Example:
        >>> Fill(Decimal("1.5"), Decimal("2"), Decimal("0"), "BNB", 7).qty
        Decimal('2')
    """

    price: Decimal
    qty: Decimal
    commission: Decimal
    commission_asset: str
    trade_id: int


@dataclass(frozen=True, slots=True)
class Order:
    """An order as the venue reports it (amounts are ``Decimal``, times epoch ms).

    Example:
        >>> order = parse_order({"symbol": "BTCUSDT", "orderId": 1, "clientOrderId": "a",
        ...                      "status": "NEW", "price": "10.5"})
        >>> (order.order_id, order.status, order.price)
        (1, 'NEW', Decimal('10.5'))
    """

    symbol: str
    order_id: int
    client_order_id: str
    order_list_id: int = -1
    orig_client_order_id: str | None = None
    transact_time: int | None = None
    price: Decimal | None = None
    orig_qty: Decimal | None = None
    executed_qty: Decimal | None = None
    orig_quote_order_qty: Decimal | None = None
    cummulative_quote_qty: Decimal | None = None
    status: str | None = None
    time_in_force: str | None = None
    type: str | None = None
    side: str | None = None
    stop_price: Decimal | None = None
    iceberg_qty: Decimal | None = None
    trailing_delta: int | None = None
    time: int | None = None
    update_time: int | None = None
    is_working: bool | None = None
    working_time: int | None = None
    self_trade_prevention_mode: str | None = None
    expiry_reason: str | None = None
    fills: tuple[Fill, ...] = ()


class FillSchema(ResultSchema):
    """A ``fills[]`` entry."""

    price = fields.Decimal(required=True)
    qty = fields.Decimal(required=True)
    commission = fields.Decimal(required=True)
    commission_asset = fields.String(data_key="commissionAsset", required=True)
    trade_id = fields.Integer(data_key="tradeId", required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Fill:
        return Fill(**data)


class OrderSchema(ResultSchema):
    """An order report (ACK, RESULT, FULL, cancel report or status)."""

    symbol = fields.String(required=True)
    order_id = fields.Integer(data_key="orderId", required=True)
    client_order_id = fields.String(data_key="clientOrderId", required=True)
    order_list_id = fields.Integer(data_key="orderListId")
    orig_client_order_id = fields.String(data_key="origClientOrderId")
    transact_time = fields.Integer(data_key="transactTime")
    price = fields.Decimal()
    orig_qty = fields.Decimal(data_key="origQty")
    executed_qty = fields.Decimal(data_key="executedQty")
    orig_quote_order_qty = fields.Decimal(data_key="origQuoteOrderQty")
    cummulative_quote_qty = fields.Decimal(data_key="cummulativeQuoteQty")
    status = fields.String()
    time_in_force = fields.String(data_key="timeInForce")
    type = fields.String()
    side = fields.String()
    stop_price = fields.Decimal(data_key="stopPrice")
    iceberg_qty = fields.Decimal(data_key="icebergQty")
    trailing_delta = fields.Integer(data_key="trailingDelta")
    time = fields.Integer()
    update_time = fields.Integer(data_key="updateTime")
    is_working = fields.Boolean(data_key="isWorking")
    working_time = fields.Integer(data_key="workingTime")
    self_trade_prevention_mode = fields.String(data_key="selfTradePreventionMode")
    expiry_reason = fields.String(data_key="expiryReason")
    fills = fields.List(fields.Nested(FillSchema))

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Order:
        data["fills"] = tuple(data.get("fills", ()))
        return Order(**data)


_ORDER = OrderSchema()


def parse_order(result: Any) -> Order:
    """Parse one order report.

    Example:
        >>> parse_order({"symbol": "X", "orderId": 2, "clientOrderId": "c"}).order_list_id
        -1
    """
    order: Order = _ORDER.load(result)
    return order


def parse_orders(result: Any) -> list[Order]:
    """Parse a list of order reports; order-list reports contribute their
    ``orderReports`` (the individual orders), so the list holds only orders.

    Example:
        >>> parse_orders([{"symbol": "X", "orderId": 2, "clientOrderId": "c"},
        ...               {"orderListId": 9, "orderReports": [
        ...                   {"symbol": "X", "orderId": 3, "clientOrderId": "d"}]}])[1].order_id
        3
    """
    if not isinstance(result, list):
        raise TypeError("expected a list of orders")
    orders: list[Order] = []
    for entry in result:
        reports = entry.get("orderReports") if isinstance(entry, dict) else None
        orders.extend(parse_order(r) for r in (reports if reports is not None else [entry]))
    return orders
