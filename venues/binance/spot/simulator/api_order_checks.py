"""``order.place`` / ``order.test`` parameter rules per order type, and the draft order.

Example:
    >>> from venues.binance.spot.simulator.api_market import DEFAULT_SYMBOLS
    >>> draft({"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "1"},
    ...       DEFAULT_SYMBOLS[0]).orig_qty
    Decimal('1')
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from venues.binance.spot.simulator.api_market import (
    PEG_TYPES,
    SimSymbol,
    peg_price,
)
from venues.binance.spot.simulator.api_orders import SimOrder
from venues.binance.spot.simulator.api_params import ApiReject, decimal_param, mandatory

__all__ = ["LIMIT_TYPES", "TRIGGERED", "draft", "either"]

LIMIT_TYPES = ("LIMIT", "LIMIT_MAKER", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT")
"""Order types that carry a limit price."""

TRIGGERED = ("STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT")
"""Order types that wait for their stop price before working."""

_NEEDS_TIF = ("LIMIT", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT")
_ZERO = Decimal(0)


def draft(params: Mapping[str, Any], market: SimSymbol) -> SimOrder:
    """Check an order's params (``symbol`` already known as ``market``); a draft order.

    Raises:
        ApiReject: -1117, -1116, -1115, -1106 or -1102, as the venue answers.

    Example:
        >>> from venues.binance.spot.simulator.api_market import DEFAULT_SYMBOLS
        >>> draft({"symbol": "BTCUSDT", "side": "UP", "type": "MARKET"}, DEFAULT_SYMBOLS[0])
        Traceback (most recent call last):
        ...
        venues.binance.spot.simulator.api_params.ApiReject: 400 -1117: Invalid side.
    """
    side, kind = params["side"], params["type"]
    if side not in ("BUY", "SELL"):
        raise ApiReject(-1117, "Invalid side.")
    if kind not in ("MARKET", *LIMIT_TYPES, "STOP_LOSS", "TAKE_PROFIT"):
        raise ApiReject(-1116, "Invalid orderType.")
    _check_type_params(params, kind)
    price = _dec(params, "price")
    if "pegPriceType" in params and "price" not in params:
        offset = int(params.get("pegOffsetValue", 0))
        price = peg_price(market, side, params["pegPriceType"], offset)
    return SimOrder(
        api_key="",
        symbol=params["symbol"],
        order_id=0,
        client_order_id=str(params.get("newClientOrderId", "")),
        side=side,
        type=kind,
        time_in_force=str(params.get("timeInForce", "GTC")),
        price=price,
        orig_qty=_dec(params, "quantity"),
        quote_order_qty=_dec(params, "quoteOrderQty"),
        stop_price=_dec(params, "stopPrice"),
    )


def either(first: str, second: str) -> str:
    """The venue's message when neither of two alternative params was sent.

    Example:
        >>> either("orderId", "origClientOrderId")[:28]
        "Param 'orderId' or 'origClie"
    """
    return f"Param '{first}' or '{second}' must be sent, but both were empty/null!"


def _check_type_params(params: Mapping[str, Any], kind: str) -> None:
    if kind in _NEEDS_TIF:
        mandatory(params, "timeInForce")
        if params["timeInForce"] not in ("GTC", "IOC", "FOK"):
            raise ApiReject(-1115, "Invalid timeInForce.")
    elif "timeInForce" in params:
        raise ApiReject(-1106, "Parameter 'timeInForce' sent when not required.")
    if "pegPriceType" in params and params["pegPriceType"] not in PEG_TYPES:
        raise ApiReject(-1102, "Parameter 'pegPriceType' was malformed.")
    if kind in LIMIT_TYPES and "pegPriceType" in params:
        mandatory(params, "quantity")
    elif kind in LIMIT_TYPES:
        mandatory(params, "price", "quantity")
    elif kind == "MARKET":
        if ("quantity" in params) == ("quoteOrderQty" in params):
            raise ApiReject(-1102, either("quantity", "quoteOrderQty"))
    else:
        mandatory(params, "quantity")
    if kind in TRIGGERED and "stopPrice" not in params and "trailingDelta" not in params:
        raise ApiReject(-1102, either("stopPrice", "trailingDelta"))
    if "quoteOrderQty" in params and kind != "MARKET":
        raise ApiReject(-1106, "Parameter 'quoteOrderQty' sent when not required.")


def _dec(params: Mapping[str, Any], name: str) -> Decimal:
    return decimal_param(name, params[name]) if name in params else _ZERO
