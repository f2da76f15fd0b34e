"""Simulated orders and how the venue reports them (replies and ``executionReport``).

Example:
    >>> order = SimOrder("k", "BTCUSDT", 1, "c1", "BUY", "LIMIT", "GTC",
    ...                  price=Decimal("10"), orig_qty=Decimal("2"), time=5)
    >>> ack(order)["orderListId"], status_report(order)["status"]
    (-1, 'NEW')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = [
    "OPEN_STATUSES",
    "SimOrder",
    "ack",
    "cancel_report",
    "execution_report",
    "full",
    "result",
    "status_report",
]

OPEN_STATUSES = ("NEW", "PARTIALLY_FILLED")
_ZERO = Decimal(0)


def amount(value: Decimal | None) -> str:
    """A venue amount string with 8 decimals.

    Example:
        >>> amount(Decimal("1.5"))
        '1.50000000'
    """
    return format((value or _ZERO).quantize(Decimal("0.00000001")), "f")


@dataclass
class SimOrder:
    """One order of one account (mutable: the engine updates it as it fills).

    Example:
        >>> SimOrder("k", "X", 1, "c", "SELL", "MARKET", "GTC").is_open
        True
    """

    api_key: str
    symbol: str
    order_id: int
    client_order_id: str
    side: str
    type: str
    time_in_force: str
    price: Decimal = _ZERO
    orig_qty: Decimal = _ZERO
    quote_order_qty: Decimal = _ZERO
    stop_price: Decimal = _ZERO
    time: int = 0
    update_time: int = 0
    executed_qty: Decimal = _ZERO
    cummulative_quote_qty: Decimal = _ZERO
    status: str = "NEW"
    is_working: bool = True
    locked: Decimal = _ZERO
    expiry_reason: str | None = None
    fills: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        """NEW or PARTIALLY_FILLED.

        Example:
            >>> SimOrder("k", "X", 1, "c", "BUY", "LIMIT", "GTC", status="FILLED").is_open
            False
        """
        return self.status in OPEN_STATUSES

    @property
    def remaining(self) -> Decimal:
        """Base quantity still to fill.

        Example:
            >>> SimOrder("k", "X", 1, "c", "BUY", "LIMIT", "GTC", orig_qty=Decimal("2")).remaining
            Decimal('2')
        """
        return self.orig_qty - self.executed_qty


def ack(order: SimOrder) -> dict[str, Any]:
    """The ``ACK`` reply to ``order.place``.

    Example:
        >>> ack(SimOrder("k", "X", 7, "c", "BUY", "LIMIT", "GTC"))["orderId"]
        7
    """
    return {
        "symbol": order.symbol,
        "orderId": order.order_id,
        "orderListId": -1,
        "clientOrderId": order.client_order_id,
        "transactTime": order.update_time,
    }


def result(order: SimOrder) -> dict[str, Any]:
    """The ``RESULT`` reply to ``order.place``.

    Example:
        >>> result(SimOrder("k", "X", 7, "c", "BUY", "LIMIT", "GTC"))["status"]
        'NEW'
    """
    report = ack(order)
    report.update(_state(order))
    report["workingTime"] = order.time if order.is_working else -1
    if order.stop_price:
        report["stopPrice"] = amount(order.stop_price)
    if order.expiry_reason:
        report["expiryReason"] = order.expiry_reason
    return report


def full(order: SimOrder, fills: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``FULL`` reply to ``order.place``: ``RESULT`` plus this placement's fills.

    Example:
        >>> full(SimOrder("k", "X", 7, "c", "BUY", "LIMIT", "GTC"), [])["fills"]
        []
    """
    report = result(order)
    report["fills"] = fills
    return report


def status_report(order: SimOrder) -> dict[str, Any]:
    """What ``order.status`` and ``openOrders.status`` report.

    Example:
        >>> status_report(SimOrder("k", "X", 7, "c", "BUY", "LIMIT", "GTC"))["isWorking"]
        True
    """
    report = {
        "symbol": order.symbol,
        "orderId": order.order_id,
        "orderListId": -1,
        "clientOrderId": order.client_order_id,
    }
    report.update(_state(order))
    report.update(
        {
            "stopPrice": amount(order.stop_price),
            "icebergQty": amount(_ZERO),
            "time": order.time,
            "updateTime": order.update_time,
            "isWorking": order.is_working,
            "workingTime": order.time if order.is_working else -1,
        }
    )
    return report


def cancel_report(order: SimOrder, orig_client_order_id: str) -> dict[str, Any]:
    """What ``order.cancel`` reports (``clientOrderId`` is the cancel's new id).

    Example:
        >>> order = SimOrder("k", "X", 7, "new", "BUY", "LIMIT", "GTC")
        >>> cancel_report(order, "old")["origClientOrderId"]
        'old'
    """
    report = {
        "symbol": order.symbol,
        "origClientOrderId": orig_client_order_id,
        "orderId": order.order_id,
        "orderListId": -1,
        "clientOrderId": order.client_order_id,
        "transactTime": order.update_time,
    }
    report.update(_state(order))
    return report


def _state(order: SimOrder) -> dict[str, Any]:
    return {
        "price": amount(order.price),
        "origQty": amount(order.orig_qty),
        "executedQty": amount(order.executed_qty),
        "origQuoteOrderQty": amount(order.quote_order_qty),
        "cummulativeQuoteQty": amount(order.cummulative_quote_qty),
        "status": order.status,
        "timeInForce": order.time_in_force,
        "type": order.type,
        "side": order.side,
        "selfTradePreventionMode": "NONE",
    }


def execution_report(
    order: SimOrder,
    execution_type: str,
    *,
    event_time: int,
    last: tuple[Decimal, Decimal, int] | None = None,
    orig_client_order_id: str = "",
) -> dict[str, Any]:
    """The ``executionReport`` event for ``order`` after ``execution_type``.

    ``last`` is ``(price, qty, trade_id)`` of a TRADE.

    Example:
        >>> order = SimOrder("k", "X", 7, "c", "BUY", "LIMIT", "GTC")
        >>> execution_report(order, "NEW", event_time=5)["x"]
        'NEW'
    """
    price, qty, trade_id = last if last else (_ZERO, _ZERO, -1)
    return {
        "e": "executionReport",
        "E": event_time,
        "s": order.symbol,
        "c": order.client_order_id,
        "S": order.side,
        "o": order.type,
        "f": order.time_in_force,
        "q": amount(order.orig_qty),
        "p": amount(order.price),
        "P": amount(order.stop_price),
        "F": amount(_ZERO),
        "g": -1,
        "C": orig_client_order_id,
        "x": execution_type,
        "X": order.status,
        "r": "NONE",
        "i": order.order_id,
        "l": amount(qty),
        "z": amount(order.executed_qty),
        "L": amount(price),
        "n": "0",
        "N": None,
        "T": event_time,
        "t": trade_id,
        "I": event_time,
        "w": order.is_open and order.is_working,
        "m": False,
        "M": False,
        "O": order.time,
        "Z": amount(order.cummulative_quote_qty),
        "Y": amount(price * qty),
        "Q": amount(order.quote_order_qty),
        "W": order.time,
        "V": "NONE",
    }
