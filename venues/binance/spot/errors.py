"""Binance Spot error codes -> exception classes.

Two namespaces share this module:

- The WebSocket API (``ws-api``) answers ``{"status": N, "error": {"code": -xxxx, "msg": ...}}``.
  :func:`error_for` turns that into a :class:`BinanceError` subclass carrying ``code``,
  ``message``, ``data``, ``method``, the HTTP-like ``status`` and the ``rate_limits`` the
  reply reported.
- The market-data stream control messages answer ``{"code": 0..3, "msg": ..., "id": ...}``;
  :func:`stream_error_for` turns those into :class:`StreamControlError` subclasses.

::

    VenueError
    └── BinanceError                    (code, message, data, method, status, rate_limits)
        ├── OutcomeUnknown              5xx status, -1006, -1007: the request MAY have run
        │   ├── UnexpectedResponse      -1006
        │   └── BackendTimeout          -1007
        ├── RateLimitRejected           the venue refused for rate (retry_after)
        │   ├── TooManyRequests         -1003 (429)
        │   │   └── IpBanned            status 418: banned until retry_after
        │   └── TooManyOrders           -1015
        └── one class per documented code (NewOrderRejected, InvalidSignature, ...)
    VenueError
    └── StreamControlError              stream control codes 0-3

Rule 1: an *outcome unknown* reply is never reported as success nor as a plain failure.
:class:`OutcomeUnknown` is a :class:`~protocol.errors.VenueError` (the venue did answer)
whose ``outcome_unknown`` is true, exactly like
:class:`~protocol.errors.ConnectionLost` after a drop; one test covers both::

    except VenueClientError as exc:
        if getattr(exc, "outcome_unknown", False):
            ...  # reconcile with order.status or the user data stream before retrying

Rule 2: the code decides the class; the message text is informational (Binance varies
it). A code missing from the table becomes a plain :class:`BinanceError`.

Rule 3: authentication failures (-1002, -1022, -2014, -2015) are also
:class:`~protocol.errors.AuthenticationError`.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/errors

Example:
    >>> err = error_for(-2010, "Account has insufficient balance.", method="order.place")
    >>> type(err).__name__, err.code, err.outcome_unknown
    ('NewOrderRejected', -2010, False)
    >>> error_for(-1007, "Timeout waiting for response from backend server.").outcome_unknown
    True
    >>> type(error_for(-1003, "banned", status=418)).__name__
    'IpBanned'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from protocol.errors import AuthenticationError, VenueError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "ERRORS",
    "STREAM_ERRORS",
    "BackendTimeout",
    "BadApiKeyFormat",
    "BadPrecision",
    "BadRecvWindow",
    "BadSymbol",
    "BinanceError",
    "CancelRejected",
    "CancelReplaceFailed",
    "CancelReplacePartiallyFailed",
    "ClientOrderIdInvalid",
    "IllegalChars",
    "InternalDisconnected",
    "InvalidCancelRestrictions",
    "InvalidJson",
    "InvalidListenKey",
    "InvalidMessage",
    "InvalidOrderType",
    "InvalidSide",
    "InvalidSignature",
    "InvalidTimeInForce",
    "InvalidTimeUnit",
    "InvalidTimestamp",
    "IpBanned",
    "MandatoryParamEmptyOrMalformed",
    "MaximumSubscriptionIds",
    "NewOrderRejected",
    "NoSuchOrder",
    "OrderArchived",
    "OutcomeUnknown",
    "ParamEmpty",
    "ParamNotRequired",
    "RateLimitRejected",
    "RejectedApiKey",
    "ServerBusy",
    "ServiceShuttingDown",
    "StreamControlError",
    "StreamInvalidJson",
    "StreamInvalidRequest",
    "StreamInvalidValueType",
    "StreamUnknownProperty",
    "SubscriptionActive",
    "SubscriptionInactive",
    "TooManyConnections",
    "TooManyOrders",
    "TooManyParameters",
    "TooManyRequests",
    "Unauthorized",
    "UnexpectedResponse",
    "UnknownError",
    "UnknownParam",
    "UnreadParameters",
    "UnsupportedOperation",
    "error_for",
    "stream_error_for",
]


class BinanceError(VenueError):
    """An error answer from the Binance Spot WebSocket API.

    Attributes:
        status: the reply's HTTP-like status (400, 401, 403, 409, 418, 429, 5xx) or None.
        rate_limits: the ``rateLimits`` entries of the reply (``RateLimitUsage`` values).
        outcome_unknown: True when the request may have been executed anyway.
        retryable: True when the same request may pass after a pause.

    Example:
        >>> err = BinanceError(-1121, "Invalid symbol.", None, "order.place", status=400)
        >>> (err.code, err.status, err.outcome_unknown)
        (-1121, 400, False)
    """

    code_value: ClassVar[int | None] = None
    outcome_unknown: ClassVar[bool] = False
    retryable: ClassVar[bool] = False

    def __init__(
        self,
        code: Any,
        message: str,
        data: Any = None,
        method: str = "",
        *,
        status: int | None = None,
        rate_limits: Sequence[Any] = (),
    ) -> None:
        super().__init__(code, message, data, method)
        self.status = status
        self.rate_limits = tuple(rate_limits)

    @property
    def retry_after_ms(self) -> int | None:
        """The ``retryAfter`` epoch milliseconds from ``data``, when the venue sent one.

        Example:
            >>> TooManyRequests(-1003, "slow down", {"retryAfter": 1700000000000}).retry_after_ms
            1700000000000
        """
        if isinstance(self.data, dict):
            value = self.data.get("retryAfter")
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        return None


class OutcomeUnknown(BinanceError):
    """The venue could not say whether the request ran (5xx status, -1006, -1007).

    Never treat it as a failure: query the order (``order.status``) or watch the user
    data stream before retrying, or an order may be placed twice.

    Example:
        >>> OutcomeUnknown(-1000, "internal", None, "order.place", status=503).outcome_unknown
        True
    """

    outcome_unknown = True


class RateLimitRejected(BinanceError):
    """The venue refused the request for rate (429 or 418); nothing was executed.

    ``retry_after_ms`` (epoch ms) says when requests may be sent again; the private
    client blocks its own limiter until then.

    Example:
        >>> RateLimitRejected(-1015, "Too many new orders.", status=429).retryable
        True
    """

    retryable = True


class UnknownError(BinanceError):
    """-1000 UNKNOWN: an unknown error occurred while processing the request.

    Example:
        >>> type(error_for(-1000, "")).__name__
        'UnknownError'
    """

    code_value = -1000


class InternalDisconnected(BinanceError):
    """-1001 DISCONNECTED: internal error; unable to process the request, try again.

    Example:
        >>> type(error_for(-1001, "")).__name__
        'InternalDisconnected'
    """

    code_value = -1001
    retryable = True


class Unauthorized(BinanceError, AuthenticationError):
    """-1002 UNAUTHORIZED: not authorized to execute this request.

    Example:
        >>> type(error_for(-1002, "")).__name__
        'Unauthorized'
    """

    code_value = -1002


class TooManyRequests(RateLimitRejected):
    """-1003 TOO_MANY_REQUESTS: request weight exceeded or IP banned (status 429 or 418).

    Example:
        >>> type(error_for(-1003, "")).__name__
        'TooManyRequests'
    """

    code_value = -1003
    retryable = True


class UnexpectedResponse(OutcomeUnknown):
    """-1006 UNEXPECTED_RESP: unexpected bus response; execution status unknown.

    Example:
        >>> type(error_for(-1006, "")).__name__
        'UnexpectedResponse'
    """

    code_value = -1006


class BackendTimeout(OutcomeUnknown):
    """-1007 TIMEOUT: backend timeout; send status and execution status unknown.

    Example:
        >>> type(error_for(-1007, "")).__name__
        'BackendTimeout'
    """

    code_value = -1007


class ServerBusy(BinanceError):
    """-1008 SERVER_BUSY: the server is overloaded; try again in a few minutes.

    Example:
        >>> type(error_for(-1008, "")).__name__
        'ServerBusy'
    """

    code_value = -1008
    retryable = True


class InvalidMessage(BinanceError):
    """-1013 INVALID_MESSAGE: rejected before the matching engine (filter failures).

    Example:
        >>> type(error_for(-1013, "")).__name__
        'InvalidMessage'
    """

    code_value = -1013


class TooManyOrders(RateLimitRejected):
    """-1015 TOO_MANY_ORDERS: too many new orders (unfilled order count).

    Example:
        >>> type(error_for(-1015, "")).__name__
        'TooManyOrders'
    """

    code_value = -1015
    retryable = True


class ServiceShuttingDown(BinanceError):
    """-1016 SERVICE_SHUTTING_DOWN: this service is no longer available.

    Example:
        >>> type(error_for(-1016, "")).__name__
        'ServiceShuttingDown'
    """

    code_value = -1016


class UnsupportedOperation(BinanceError):
    """-1020 UNSUPPORTED_OPERATION: this operation is not supported.

    Example:
        >>> type(error_for(-1020, "")).__name__
        'UnsupportedOperation'
    """

    code_value = -1020


class InvalidTimestamp(BinanceError):
    """-1021 INVALID_TIMESTAMP: outside recvWindow, or over 1000 ms ahead of the server.

    Example:
        >>> type(error_for(-1021, "")).__name__
        'InvalidTimestamp'
    """

    code_value = -1021


class InvalidSignature(BinanceError, AuthenticationError):
    """-1022 INVALID_SIGNATURE: the signature of the request is not valid.

    Example:
        >>> type(error_for(-1022, "")).__name__
        'InvalidSignature'
    """

    code_value = -1022


class TooManyConnections(BinanceError):
    """-1034 TOO_MANY_CONNECTIONS: too many concurrent connections or connection attempts.

    Example:
        >>> type(error_for(-1034, "")).__name__
        'TooManyConnections'
    """

    code_value = -1034
    retryable = True


class IllegalChars(BinanceError):
    """-1100 ILLEGAL_CHARS: illegal characters found in a parameter.

    Example:
        >>> type(error_for(-1100, "")).__name__
        'IllegalChars'
    """

    code_value = -1100


class TooManyParameters(BinanceError):
    """-1101 TOO_MANY_PARAMETERS: too many parameters (or duplicates) sent.

    Example:
        >>> type(error_for(-1101, "")).__name__
        'TooManyParameters'
    """

    code_value = -1101


class MandatoryParamEmptyOrMalformed(BinanceError):
    """-1102 MANDATORY_PARAM_EMPTY_OR_MALFORMED: a mandatory parameter missing or malformed.

    Example:
        >>> type(error_for(-1102, "")).__name__
        'MandatoryParamEmptyOrMalformed'
    """

    code_value = -1102


class UnknownParam(BinanceError):
    """-1103 UNKNOWN_PARAM: an unknown parameter was sent.

    Example:
        >>> type(error_for(-1103, "")).__name__
        'UnknownParam'
    """

    code_value = -1103


class UnreadParameters(BinanceError):
    """-1104 UNREAD_PARAMETERS: not all sent parameters were read.

    Example:
        >>> type(error_for(-1104, "")).__name__
        'UnreadParameters'
    """

    code_value = -1104


class ParamEmpty(BinanceError):
    """-1105 PARAM_EMPTY: a parameter was empty.

    Example:
        >>> type(error_for(-1105, "")).__name__
        'ParamEmpty'
    """

    code_value = -1105


class ParamNotRequired(BinanceError):
    """-1106 PARAM_NOT_REQUIRED: a parameter was sent when not required.

    Example:
        >>> type(error_for(-1106, "")).__name__
        'ParamNotRequired'
    """

    code_value = -1106


class BadPrecision(BinanceError):
    """-1111 BAD_PRECISION: a parameter has too much precision.

    Example:
        >>> type(error_for(-1111, "")).__name__
        'BadPrecision'
    """

    code_value = -1111


class InvalidTimeInForce(BinanceError):
    """-1115 INVALID_TIF: invalid timeInForce.

    Example:
        >>> type(error_for(-1115, "")).__name__
        'InvalidTimeInForce'
    """

    code_value = -1115


class InvalidOrderType(BinanceError):
    """-1116 INVALID_ORDER_TYPE: invalid order type.

    Example:
        >>> type(error_for(-1116, "")).__name__
        'InvalidOrderType'
    """

    code_value = -1116


class InvalidSide(BinanceError):
    """-1117 INVALID_SIDE: invalid side.

    Example:
        >>> type(error_for(-1117, "")).__name__
        'InvalidSide'
    """

    code_value = -1117


class BadSymbol(BinanceError):
    """-1121 BAD_SYMBOL: invalid symbol.

    Example:
        >>> type(error_for(-1121, "")).__name__
        'BadSymbol'
    """

    code_value = -1121


class InvalidListenKey(BinanceError):
    """-1125 INVALID_LISTEN_KEY: this listenKey does not exist.

    Example:
        >>> type(error_for(-1125, "")).__name__
        'InvalidListenKey'
    """

    code_value = -1125


class BadRecvWindow(BinanceError):
    """-1131 BAD_RECV_WINDOW: recvWindow must be less than 60000.

    Example:
        >>> type(error_for(-1131, "")).__name__
        'BadRecvWindow'
    """

    code_value = -1131


class InvalidJson(BinanceError):
    """-1135 INVALID_JSON: invalid JSON request.

    Example:
        >>> type(error_for(-1135, "")).__name__
        'InvalidJson'
    """

    code_value = -1135


class InvalidCancelRestrictions(BinanceError):
    """-1145 INVALID_CANCEL_RESTRICTIONS: must be ONLY_NEW or ONLY_PARTIALLY_FILLED.

    Example:
        >>> type(error_for(-1145, "")).__name__
        'InvalidCancelRestrictions'
    """

    code_value = -1145


class InvalidTimeUnit(BinanceError):
    """-1194 INVALID_TIME_UNIT: invalid time unit; expected MICROSECOND or MILLISECOND.

    Example:
        >>> type(error_for(-1194, "")).__name__
        'InvalidTimeUnit'
    """

    code_value = -1194


class NewOrderRejected(BinanceError):
    """-2010 NEW_ORDER_REJECTED: the matching engine rejected the order; the message says why.

    Example:
        >>> type(error_for(-2010, "")).__name__
        'NewOrderRejected'
    """

    code_value = -2010


class CancelRejected(BinanceError):
    """-2011 CANCEL_REJECTED: the cancel was rejected (unknown order, cancel restrictions).

    Example:
        >>> type(error_for(-2011, "")).__name__
        'CancelRejected'
    """

    code_value = -2011


class NoSuchOrder(BinanceError):
    """-2013 NO_SUCH_ORDER: the order does not exist.

    Example:
        >>> type(error_for(-2013, "")).__name__
        'NoSuchOrder'
    """

    code_value = -2013


class BadApiKeyFormat(BinanceError, AuthenticationError):
    """-2014 BAD_API_KEY_FMT: the API key format is invalid.

    Example:
        >>> type(error_for(-2014, "")).__name__
        'BadApiKeyFormat'
    """

    code_value = -2014


class RejectedApiKey(BinanceError, AuthenticationError):
    """-2015 REJECTED_MBX_KEY: invalid API key, IP, or permissions for action (ends the session).

    Example:
        >>> type(error_for(-2015, "")).__name__
        'RejectedApiKey'
    """

    code_value = -2015


class CancelReplacePartiallyFailed(BinanceError):
    """-2021 ORDER_CANCEL_REPLACE_PARTIALLY_FAILED: one of cancel and replace failed.

    Example:
        >>> type(error_for(-2021, "")).__name__
        'CancelReplacePartiallyFailed'
    """

    code_value = -2021


class CancelReplaceFailed(BinanceError):
    """-2022 ORDER_CANCEL_REPLACE_FAILED: cancel-replace: both operations failed.

    Example:
        >>> type(error_for(-2022, "")).__name__
        'CancelReplaceFailed'
    """

    code_value = -2022


class OrderArchived(BinanceError):
    """-2026 ORDER_ARCHIVED: the order was canceled or expired long ago and is archived.

    Example:
        >>> type(error_for(-2026, "")).__name__
        'OrderArchived'
    """

    code_value = -2026


class SubscriptionActive(BinanceError):
    """-2035 SUBSCRIPTION_ACTIVE: a user data stream subscription is already active.

    Example:
        >>> type(error_for(-2035, "")).__name__
        'SubscriptionActive'
    """

    code_value = -2035


class SubscriptionInactive(BinanceError):
    """-2036 SUBSCRIPTION_INACTIVE: no user data stream subscription is active.

    Example:
        >>> type(error_for(-2036, "")).__name__
        'SubscriptionInactive'
    """

    code_value = -2036


class ClientOrderIdInvalid(BinanceError):
    """-2039 CLIENT_ORDER_ID_INVALID: the client order id is not valid for this order.

    Example:
        >>> type(error_for(-2039, "")).__name__
        'ClientOrderIdInvalid'
    """

    code_value = -2039


class MaximumSubscriptionIds(BinanceError):
    """-2042 MAXIMUM_SUBSCRIPTION_IDS: maximum subscription ids reached for this connection.

    Example:
        >>> type(error_for(-2042, "")).__name__
        'MaximumSubscriptionIds'
    """

    code_value = -2042


class IpBanned(TooManyRequests):
    """Status 418: the IP is banned until ``retry_after_ms`` for ignoring 429s.

    Example:
        >>> type(error_for(-1003, "Way too much request weight used", status=418)).__name__
        'IpBanned'
    """

    retryable = False


class StreamControlError(VenueError):
    """An error answer to a market-data stream control message (codes 0-3).

    Example:
        >>> stream_error_for(2, "Invalid request", "SUBSCRIBE").code
        2
    """

    code_value: ClassVar[int | None] = None

    def __init__(self, code: Any, message: str, data: Any = None, method: str = "") -> None:
        super().__init__(code, message, data, method)


class StreamUnknownProperty(StreamControlError):
    """Stream control error 0: unknown property in SET_PROPERTY or GET_PROPERTY.

    Example:
        >>> type(stream_error_for(0, "")).__name__
        'StreamUnknownProperty'
    """

    code_value = 0


class StreamInvalidValueType(StreamControlError):
    """Stream control error 1: invalid value type: expected a boolean.

    Example:
        >>> type(stream_error_for(1, "")).__name__
        'StreamInvalidValueType'
    """

    code_value = 1


class StreamInvalidRequest(StreamControlError):
    """Stream control error 2: invalid request (method, id, params or property name).

    Example:
        >>> type(stream_error_for(2, "")).__name__
        'StreamInvalidRequest'
    """

    code_value = 2


class StreamInvalidJson(StreamControlError):
    """Stream control error 3: invalid JSON (syntax error).

    Example:
        >>> type(stream_error_for(3, "")).__name__
        'StreamInvalidJson'
    """

    code_value = 3


ERRORS: dict[int, type[BinanceError]] = {
    cls.code_value: cls
    for cls in BinanceError.__subclasses__()
    + OutcomeUnknown.__subclasses__()
    + RateLimitRejected.__subclasses__()
    if cls.code_value is not None
}
"""WebSocket API error code -> exception class."""

STREAM_ERRORS: dict[int, type[StreamControlError]] = {
    cls.code_value: cls for cls in StreamControlError.__subclasses__() if cls.code_value is not None
}
"""Stream control error code (0-3) -> exception class."""


def error_for(
    code: Any,
    message: str,
    data: Any = None,
    method: str = "",
    *,
    status: int | None = None,
    rate_limits: Sequence[Any] = (),
) -> BinanceError:
    """Return the exception for a WebSocket API error reply.

    The status is checked first: 5xx means the outcome is unknown whatever the code,
    418 is a ban. Then the code picks its class; an unknown code gives ``BinanceError``.

    Example:
        >>> type(error_for(-2013, "Order does not exist.", method="order.status")).__name__
        'NoSuchOrder'
        >>> type(error_for(-1000, "oops", status=503)).__name__
        'OutcomeUnknown'
    """
    cls: type[BinanceError] = (
        ERRORS.get(code, BinanceError) if isinstance(code, int) else BinanceError
    )
    if status is not None and status >= 500 and not cls.outcome_unknown:
        cls = OutcomeUnknown
    elif status == 418:
        cls = IpBanned
    return cls(code, message, data, method, status=status, rate_limits=rate_limits)


def stream_error_for(code: Any, message: str, method: str = "") -> StreamControlError:
    """Return the exception for a stream control error (``{"code": 0..3, "msg": ...}``).

    Example:
        >>> type(stream_error_for(3, "Invalid JSON")).__name__
        'StreamInvalidJson'
    """
    cls = (
        STREAM_ERRORS.get(code, StreamControlError) if isinstance(code, int) else StreamControlError
    )
    return cls(code, message, None, method)
