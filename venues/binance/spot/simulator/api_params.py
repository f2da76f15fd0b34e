"""How the simulator checks what clients send: per-method params, types and weights,
answering with the venue's own error codes.

Example:
    >>> check_params("order.cancel", {"symbol": "BTCUSDT", "orderId": 1, "timestamp": 1})
    >>> try:
    ...     check_params("order.cancel", {"symbol": "BTCUSDT", "bogus": 1})
    ... except ApiReject as exc:
    ...     print(exc.code)
    -1104
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

__all__ = [
    "SECURITY",
    "ApiReject",
    "check_params",
    "decimal_param",
    "mandatory",
    "method_weight",
]

_DECIMAL_RE = re.compile(r"^([0-9]{1,20})(\.[0-9]{1,20})?$")

_AUTH = {"apiKey": "string", "signature": "string", "timestamp": "long", "recvWindow": "decimal"}
_ORDER = {
    "symbol": "string",
    "side": "string",
    "type": "string",
    "timeInForce": "string",
    "price": "decimal",
    "quantity": "decimal",
    "quoteOrderQty": "decimal",
    "newClientOrderId": "string",
    "newOrderRespType": "string",
    "stopPrice": "decimal",
    "trailingDelta": "long",
    "icebergQty": "decimal",
    "strategyId": "long",
    "strategyType": "long",
    "selfTradePreventionMode": "string",
    "pegPriceType": "string",
    "pegOffsetValue": "long",
    "pegOffsetType": "string",
}
_ORDER_REF = {"symbol": "string", "orderId": "long", "origClientOrderId": "string"}

_SPECS: dict[str, dict[str, str]] = {
    "ping": {},
    "time": {},
    "session.logon": _AUTH,
    "session.status": {},
    "session.logout": {},
    "order.place": {**_ORDER, **_AUTH},
    "order.test": {**_ORDER, "computeCommissionRates": "bool", **_AUTH},
    "order.cancel": {
        **_ORDER_REF,
        "newClientOrderId": "string",
        "cancelRestrictions": "string",
        **_AUTH,
    },
    "order.status": {**_ORDER_REF, **_AUTH},
    "openOrders.status": {"symbol": "string", **_AUTH},
    "openOrders.cancelAll": {"symbol": "string", **_AUTH},
    "account.status": {"omitZeroBalances": "bool", **_AUTH},
    "userDataStream.subscribe": {},
    "userDataStream.subscribe.signature": _AUTH,
    "userDataStream.unsubscribe": {"subscriptionId": "long"},
}

SECURITY: dict[str, str] = {
    "ping": "none",
    "time": "none",
    "session.logon": "logon",
    "session.status": "none",
    "session.logout": "none",
    "order.place": "signed",
    "order.test": "signed",
    "order.cancel": "signed",
    "order.status": "signed",
    "openOrders.status": "signed",
    "openOrders.cancelAll": "signed",
    "account.status": "signed",
    "userDataStream.subscribe": "none",
    "userDataStream.subscribe.signature": "logon",
    "userDataStream.unsubscribe": "none",
}
"""``none``; ``signed`` (session key or own signature); ``logon`` (own signature only)."""

_WEIGHTS = {
    "order.place": 1,
    "order.cancel": 1,
    "order.status": 4,
    "openOrders.cancelAll": 1,
    "account.status": 20,
    "session.logon": 2,
    "session.status": 2,
    "session.logout": 2,
    "userDataStream.subscribe": 2,
    "userDataStream.subscribe.signature": 2,
    "userDataStream.unsubscribe": 2,
}


class ApiReject(Exception):
    """A request the simulated venue refuses: HTTP-like ``status``, ``code``, ``msg``.

    Example:
        >>> ApiReject(-1121, "Invalid symbol.").status
        400
    """

    def __init__(self, code: int, msg: str, status: int = 400, data: Any = None) -> None:
        super().__init__(f"{status} {code}: {msg}")
        self.code = code
        self.msg = msg
        self.status = status
        self.data = data


def method_weight(method: str, params: Mapping[str, Any]) -> int:
    """The ``REQUEST_WEIGHT`` of a request (some depend on params).

    Example:
        >>> method_weight("openOrders.status", {}), method_weight("account.status", {})
        (80, 20)
    """
    if method == "openOrders.status":
        return 6 if "symbol" in params else 80
    if method == "order.test":
        return 20 if params.get("computeCommissionRates") is True else 1
    return _WEIGHTS.get(method, 1)


def check_params(method: str, params: Mapping[str, Any]) -> None:
    """Refuse unknown params (-1104) and values of the wrong type (-1100, -1102).

    Example:
        >>> check_params("ping", {"returnRateLimits": False})
    """
    spec = _SPECS.get(method)
    if spec is None:
        raise ApiReject(-1020, "This operation is not supported.")
    unread = [name for name in params if name not in spec and name != "returnRateLimits"]
    if unread:
        sent, read = len(params), len(params) - len(unread)
        message = f"Not all sent parameters were read; read '{read}' parameter(s)"
        raise ApiReject(-1104, f"{message} but was sent '{sent}'.")
    for name, value in params.items():
        _check_type(name, spec.get(name, "bool"), value)


def _check_type(name: str, kind: str, value: Any) -> None:
    if kind == "decimal":
        decimal_param(name, value)
        return
    checks = {
        "long": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "string": lambda v: isinstance(v, str) and bool(v),
        "bool": lambda v: isinstance(v, bool),
    }
    if not checks[kind](value):
        raise ApiReject(-1102, _malformed(name))


def decimal_param(name: str, value: Any) -> Decimal:
    """A DECIMAL param as the venue reads it (a string or number of the legal form).

    Example:
        >>> decimal_param("price", "0.10")
        Decimal('0.10')
    """
    text = str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not _DECIMAL_RE.match(text):
        legal = _DECIMAL_RE.pattern
        raise ApiReject(
            -1100, f"Illegal characters found in parameter '{name}'; legal range is '{legal}'."
        )
    return Decimal(text)


def mandatory(params: Mapping[str, Any], *names: str) -> None:
    """Refuse a request missing any of ``names`` (-1102).

    Example:
        >>> mandatory({"symbol": "X"}, "symbol")
    """
    for name in names:
        if params.get(name) in (None, ""):
            raise ApiReject(-1102, _malformed(name))


def _malformed(name: str) -> str:
    return f"Mandatory parameter '{name}' was not sent, was empty/null, or malformed."
