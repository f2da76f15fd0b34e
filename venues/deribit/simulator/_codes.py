"""The Deribit error codes the simulator answers with, and the error it raises internally.

Codes and messages follow the canonical JSON-RPC table (``venues/deribit.md`` 1.6). A handler
raises :class:`RpcError`; the dispatcher turns it into the ``error`` object of the reply.

Example:
    >>> err = RpcError.of(NOT_ENOUGH_FUNDS)
    >>> err.code, err.message
    (10009, 'not_enough_funds')
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ALREADY_CLOSED",
    "BAD_REQUEST",
    "FORBIDDEN",
    "INVALID_AMOUNT",
    "INVALID_CREDENTIALS",
    "INVALID_INSTRUMENT",
    "INVALID_PARAMS",
    "INVALID_PRICE",
    "INVALID_REQUEST",
    "MESSAGES",
    "METHOD_NOT_FOUND",
    "NON_INTEGER_CONTRACT_AMOUNT",
    "NOT_ENOUGH_FUNDS",
    "NOT_FOUND",
    "NOT_OPEN_ORDER",
    "NOT_OWNER_OF_ORDER",
    "ORDER_NOT_FOUND",
    "ORDER_OVERLAP",
    "OTHER_REJECT",
    "PARSE_ERROR",
    "POST_ONLY_REJECT",
    "PRICE_TOO_HIGH",
    "PRICE_TOO_LOW",
    "PRICE_WRONG_TICK",
    "QTY_TOO_LOW",
    "RAW_NEEDS_AUTH",
    "TIMED_OUT",
    "TOO_MANY_REQUESTS",
    "UNAUTHORIZED",
    "RpcError",
]

QTY_TOO_LOW = 10002
ORDER_OVERLAP = 10003
ORDER_NOT_FOUND = 10004
PRICE_TOO_LOW = 10005
PRICE_TOO_HIGH = 10007
NOT_ENOUGH_FUNDS = 10009
ALREADY_CLOSED = 10010
INVALID_INSTRUMENT = 10020
INVALID_AMOUNT = 10021
INVALID_PRICE = 10023
NON_INTEGER_CONTRACT_AMOUNT = 10027
TOO_MANY_REQUESTS = 10028
NOT_OWNER_OF_ORDER = 10029
PRICE_WRONG_TICK = 10043
OTHER_REJECT = 11030
NOT_OPEN_ORDER = 11044
BAD_REQUEST = 11050
POST_ONLY_REJECT = 11054
INVALID_CREDENTIALS = 13004
UNAUTHORIZED = 13009
NOT_FOUND = 13020
FORBIDDEN = 13021
RAW_NEEDS_AUTH = 13778
TIMED_OUT = 13888
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
PARSE_ERROR = -32700

MESSAGES: dict[int, str] = {
    10000: "authorization_required",
    10001: "error",
    QTY_TOO_LOW: "qty_too_low",
    ORDER_OVERLAP: "order_overlap",
    ORDER_NOT_FOUND: "order_not_found",
    PRICE_TOO_LOW: "price_too_low",
    PRICE_TOO_HIGH: "price_too_high",
    NOT_ENOUGH_FUNDS: "not_enough_funds",
    ALREADY_CLOSED: "already_closed",
    10012: "book_closed",
    INVALID_INSTRUMENT: "invalid_or_unsupported_instrument",
    INVALID_AMOUNT: "invalid_amount",
    INVALID_PRICE: "invalid_price",
    NON_INTEGER_CONTRACT_AMOUNT: "non_integer_contract_amount",
    TOO_MANY_REQUESTS: "too_many_requests",
    NOT_OWNER_OF_ORDER: "not_owner_of_order",
    10040: "retry",
    10041: "settlement_in_progress",
    PRICE_WRONG_TICK: "price_wrong_tick",
    10047: "matching_engine_queue_full",
    11029: "invalid_arguments",
    OTHER_REJECT: "other_reject",
    NOT_OPEN_ORDER: "not_open_order",
    BAD_REQUEST: "bad_request",
    11051: "system_maintenance",
    11052: "subscribe_error_unsubscribed",
    POST_ONLY_REJECT: "post_only_reject",
    INVALID_CREDENTIALS: "invalid_credentials",
    UNAUTHORIZED: "unauthorized",
    NOT_FOUND: "not_found",
    FORBIDDEN: "forbidden",
    13028: "temporarily_unavailable",
    RAW_NEEDS_AUTH: "raw_subscriptions_not_available_for_unauthorized",
    TIMED_OUT: "timed_out",
    INVALID_REQUEST: "Invalid Request",
    METHOD_NOT_FOUND: "Method not found",
    INVALID_PARAMS: "Invalid params",
    PARSE_ERROR: "Parse error",
    -32000: "Missing params",
}


class RpcError(Exception):
    """A JSON-RPC error answer: ``code``, ``message`` and optional ``data``.

    Example:
        >>> RpcError.invalid_param("amount", "must be a number").data
        {'reason': 'must be a number', 'param': 'amount'}
    """

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message
        self.data = data

    @classmethod
    def of(cls, code: int, data: Any = None, *, detail: str = "") -> RpcError:
        """Build the error for ``code`` with the table's message (plus ``detail``, if any).

        Example:
            >>> RpcError.of(PRICE_TOO_HIGH, detail="52500.0").message
            'price_too_high 52500.0'
        """
        message = MESSAGES.get(code, "error")
        return cls(code, f"{message} {detail}" if detail else message, data)

    @classmethod
    def invalid_param(cls, param: str, reason: str) -> RpcError:
        """The ``-32602 Invalid params`` error naming ``param``, shaped as Deribit sends it.

        Example:
            >>> RpcError.invalid_param("nonce", "invalid format").code
            -32602
        """
        return cls(INVALID_PARAMS, MESSAGES[INVALID_PARAMS], {"reason": reason, "param": param})

    def to_wire(self) -> dict[str, Any]:
        """The ``error`` object of the reply.

        Example:
            >>> RpcError.of(UNAUTHORIZED).to_wire()
            {'code': 13009, 'message': 'unauthorized'}
        """
        wire: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data is not None:
            wire["data"] = self.data
        return wire
