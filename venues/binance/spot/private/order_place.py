"""``order.place`` (TRADE): send a new order (weight 1, +1 unfilled order count).

Mandatory params by ``type`` are checked before sending (the error names the keyword):

| type | needs |
|---|---|
| LIMIT | time_in_force, price, quantity |
| LIMIT_MAKER | price, quantity |
| MARKET | quantity or quote_order_qty (not both) |
| STOP_LOSS, TAKE_PROFIT | quantity, stop_price or trailing_delta |
| STOP_LOSS_LIMIT, TAKE_PROFIT_LIMIT | time_in_force, price, quantity,                    |
|                                    | stop_price or trailing_delta                        |

``price`` may be left out of a limit-type order that sets ``peg_price_type``. MARKET and
LIMIT orders answer ``FULL`` by default, other types ``ACK``.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/trading-requests#place-new-order-trade

Example:
    >>> from decimal import Decimal
    >>> call = build(symbol="BTCUSDT", side="SELL", type="LIMIT", time_in_force="GTC",
    ...              price=Decimal("23416.10"), quantity="0.00847")
    >>> call.params["price"], call.params["quantity"], call.params["timeInForce"]
    ('23416.10', '0.00847', 'GTC')
    >>> build(symbol="BTCUSDT", side="BUY", type="LIMIT", quantity="1")
    Traceback (most recent call last):
    ...
    protocol.errors.InvalidParameters: invalid parameter 'time_in_force': required for LIMIT orders
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validates_schema

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._orders import Order, parse_order
from venues.binance.spot.private._schema import (
    ORDER_TYPES,
    SIDES,
    TIME_IN_FORCE,
    DecimalString,
    ParamsSchema,
    StrictInt,
    Symbol,
    load_params,
    one_of,
    validate_recv_window,
)

__all__ = ["METHOD", "ORDERS", "WEIGHT", "OrderPlaceParams", "build", "parse", "place_params"]

METHOD = "order.place"
WEIGHT = 1
ORDERS = 1

_LIMIT_TYPES = ("LIMIT", "LIMIT_MAKER", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT")
_TRIGGERED = ("STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT")
_NEEDS_TIF = ("LIMIT", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT")

parse = parse_order


class OrderPlaceParams(ParamsSchema):
    """The ``order.place`` params (auth params are added by the client)."""

    symbol = Symbol(required=True)
    side = fields.String(required=True, validate=one_of(SIDES))
    type = fields.String(required=True, validate=one_of(ORDER_TYPES))
    time_in_force = fields.String(data_key="timeInForce", validate=one_of(TIME_IN_FORCE))
    price = DecimalString()
    quantity = DecimalString()
    quote_order_qty = DecimalString(data_key="quoteOrderQty")
    new_client_order_id = fields.String(data_key="newClientOrderId")
    new_order_resp_type = fields.String(
        data_key="newOrderRespType", validate=one_of(("ACK", "RESULT", "FULL"))
    )
    stop_price = DecimalString(data_key="stopPrice")
    trailing_delta = StrictInt(data_key="trailingDelta")
    iceberg_qty = DecimalString(data_key="icebergQty")
    strategy_id = StrictInt(data_key="strategyId")
    strategy_type = StrictInt(data_key="strategyType")
    self_trade_prevention_mode = fields.String(
        data_key="selfTradePreventionMode",
        validate=one_of(("NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH", "DECREMENT")),
    )
    peg_price_type = fields.String(
        data_key="pegPriceType", validate=one_of(("PRIMARY_PEG", "MARKET_PEG"))
    )
    peg_offset_value = StrictInt(data_key="pegOffsetValue")
    peg_offset_type = fields.String(data_key="pegOffsetType", validate=one_of(("PRICE_LEVEL",)))

    @validates_schema
    def _mandatory_by_type(self, data: dict[str, Any], **kwargs: Any) -> None:
        kind = data["type"]
        if kind in _NEEDS_TIF and "time_in_force" not in data:
            raise ValidationError(f"required for {kind} orders", "timeInForce")
        if kind in _LIMIT_TYPES and "price" not in data and "peg_price_type" not in data:
            raise ValidationError(f"required for {kind} orders", "price")
        if kind == "MARKET":
            _check_market_amount(data)
        elif "quantity" not in data:
            raise ValidationError(f"required for {kind} orders", "quantity")
        if kind in _TRIGGERED and "stop_price" not in data and "trailing_delta" not in data:
            raise ValidationError(f"stopPrice or trailingDelta required for {kind}", "stopPrice")
        if "quote_order_qty" in data and kind != "MARKET":
            raise ValidationError("only MARKET orders take quoteOrderQty", "quoteOrderQty")


def _check_market_amount(data: dict[str, Any]) -> None:
    has_qty, has_quote = "quantity" in data, "quote_order_qty" in data
    if has_qty == has_quote:
        raise ValidationError(
            "MARKET orders need exactly one of quantity or quoteOrderQty", "quantity"
        )


def place_params(values: dict[str, Any]) -> dict[str, Any]:
    """Validate ``order.place`` keyword values into wire params (shared with ``order.test``).

    Example:
        >>> place_params({"symbol": "ETHBTC", "side": "BUY", "type": "MARKET",
        ...               "quote_order_qty": "10"})
        {'symbol': 'ETHBTC', 'side': 'BUY', 'type': 'MARKET', 'quoteOrderQty': '10'}
    """
    return load_params(OrderPlaceParams(), values)


def build(
    *,
    symbol: str,
    side: str,
    type: str,
    time_in_force: str | None = None,
    price: Decimal | str | int | None = None,
    quantity: Decimal | str | int | None = None,
    quote_order_qty: Decimal | str | int | None = None,
    new_client_order_id: str | None = None,
    new_order_resp_type: str | None = None,
    stop_price: Decimal | str | int | None = None,
    trailing_delta: int | None = None,
    iceberg_qty: Decimal | str | int | None = None,
    strategy_id: int | None = None,
    strategy_type: int | None = None,
    self_trade_prevention_mode: str | None = None,
    peg_price_type: str | None = None,
    peg_offset_value: int | None = None,
    peg_offset_type: str | None = None,
    recv_window: int | Decimal | None = None,
) -> ApiCall[Order]:
    """Return a validated ``order.place`` call.

    Raises:
        InvalidParameters: a missing, malformed or conflicting parameter (named).

    Example:
        >>> build(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.1").orders
        1
    """
    values = dict(locals())
    window = validate_recv_window(values.pop("recv_window"))
    params = place_params(values)
    return ApiCall(METHOD, params, WEIGHT, "signed", parse, orders=ORDERS, recv_window=window)
