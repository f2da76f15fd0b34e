"""Deribit error codes -> exception classes (the canonical JSON-RPC table).

Every class below subclasses :class:`DeribitError` (itself a
:class:`protocol.errors.VenueError`) and carries ``code``, ``message``, ``data`` and
``method``. Authentication failures (10000, 13004, 13009) are also
:class:`protocol.errors.AuthenticationError`, so ``except AuthenticationError`` catches
them wherever they come from. A code missing from the table becomes a plain
:class:`~protocol.errors.VenueError`. The table follows the long-standing Deribit error
page; the ``message`` is informational, the ``code`` decides.

``retryable`` marks the codes worth retrying after a pause (NautilusTrader's list);
nothing here retries by itself.

Docs: https://docs.deribit.com/#rpc-error-codes

Example:
    >>> err = error_for(13009, "unauthorized", None, "private/buy")
    >>> type(err).__name__, err.code, isinstance(err, AuthenticationError)
    ('Unauthorized', 13009, True)
    >>> type(error_for(99999, "new", None, "public/test")).__name__
    'VenueError'
"""

from __future__ import annotations

from typing import Any, ClassVar

from protocol.errors import AuthenticationError, VenueError

__all__ = [
    "AlreadyClosed",
    "AuthorizationRequired",
    "BadRequest",
    "CancelOnDisconnectFailed",
    "DeribitError",
    "Forbidden",
    "GenericError",
    "InvalidAmount",
    "InvalidArguments",
    "InvalidCredentials",
    "InvalidInstrument",
    "InvalidParams",
    "InvalidPrice",
    "MatchingEngineQueueFull",
    "MethodNotFound",
    "MissingParams",
    "NotEnoughFunds",
    "NotOpenOrder",
    "OrderNotFound",
    "ParseError",
    "PostOnlyReject",
    "QtyTooLow",
    "RawSubscriptionsNotAvailable",
    "RequestEntityTooLarge",
    "Retry",
    "SettlementInProgress",
    "SubscribeError",
    "SystemMaintenance",
    "TemporarilyUnavailable",
    "TimedOut",
    "TooManyConcurrentRequests",
    "TooManyRequests",
    "Unauthorized",
    "error_for",
]


class DeribitError(VenueError):
    """An error code Deribit documents; subclasses name one code each.

    Example:
        >>> NotEnoughFunds(10009, "not_enough_funds", None, "private/buy").retryable
        False
    """

    code_value: ClassVar[int] = 0
    retryable: ClassVar[bool] = False

    def __init__(self, code: Any, message: str, data: Any = None, method: str = "") -> None:
        super().__init__(code, message, data, method)


class AuthorizationRequired(DeribitError, AuthenticationError):
    """10000 authorization_required: bad or missing auth.

    Example:
        >>> type(error_for(10000, "")).__name__
        'AuthorizationRequired'
    """

    code_value = 10000


class GenericError(DeribitError):
    """10001 error: a failure without detail.

    Example:
        >>> type(error_for(10001, "")).__name__
        'GenericError'
    """

    code_value = 10001


class QtyTooLow(DeribitError):
    """10002 qty_too_low: the order quantity is too low.

    Example:
        >>> type(error_for(10002, "")).__name__
        'QtyTooLow'
    """

    code_value = 10002


class OrderNotFound(DeribitError):
    """10004 order_not_found: no such order.

    Example:
        >>> type(error_for(10004, "")).__name__
        'OrderNotFound'
    """

    code_value = 10004


class NotEnoughFunds(DeribitError):
    """10009 not_enough_funds.

    Example:
        >>> type(error_for(10009, "")).__name__
        'NotEnoughFunds'
    """

    code_value = 10009


class AlreadyClosed(DeribitError):
    """10010 already_closed: the order is closed.

    Example:
        >>> type(error_for(10010, "")).__name__
        'AlreadyClosed'
    """

    code_value = 10010


class InvalidInstrument(DeribitError):
    """10020 invalid_or_unsupported_instrument.

    Example:
        >>> type(error_for(10020, "")).__name__
        'InvalidInstrument'
    """

    code_value = 10020


class InvalidAmount(DeribitError):
    """10021 invalid_amount.

    Example:
        >>> type(error_for(10021, "")).__name__
        'InvalidAmount'
    """

    code_value = 10021


class InvalidPrice(DeribitError):
    """10023 invalid_price.

    Example:
        >>> type(error_for(10023, "")).__name__
        'InvalidPrice'
    """

    code_value = 10023


class TooManyRequests(DeribitError):
    """10028 too_many_requests: credits ran out; Deribit terminates the session.

    Example:
        >>> type(error_for(10028, "")).__name__
        'TooManyRequests'
    """

    code_value = 10028
    retryable = True


class Retry(DeribitError):
    """10040 retry: transient; retry later.

    Example:
        >>> type(error_for(10040, "")).__name__
        'Retry'
    """

    code_value = 10040
    retryable = True


class SettlementInProgress(DeribitError):
    """10041 settlement_in_progress.

    Example:
        >>> type(error_for(10041, "")).__name__
        'SettlementInProgress'
    """

    code_value = 10041
    retryable = True


class MatchingEngineQueueFull(DeribitError):
    """10047 matching_engine_queue_full.

    Example:
        >>> type(error_for(10047, "")).__name__
        'MatchingEngineQueueFull'
    """

    code_value = 10047
    retryable = True


class CancelOnDisconnectFailed(DeribitError):
    """10049 cancel_on_disconnect_failed.

    Example:
        >>> type(error_for(10049, "")).__name__
        'CancelOnDisconnectFailed'
    """

    code_value = 10049


class TooManyConcurrentRequests(DeribitError):
    """10066 too_many_concurrent_requests.

    Example:
        >>> type(error_for(10066, "")).__name__
        'TooManyConcurrentRequests'
    """

    code_value = 10066
    retryable = True


class InvalidArguments(DeribitError):
    """11029 invalid_arguments.

    Example:
        >>> type(error_for(11029, "")).__name__
        'InvalidArguments'
    """

    code_value = 11029


class NotOpenOrder(DeribitError):
    """11044 not_open_order: the order is not open.

    Example:
        >>> type(error_for(11044, "")).__name__
        'NotOpenOrder'
    """

    code_value = 11044


class BadRequest(DeribitError):
    """11050 bad_request: the request was not parsed.

    Example:
        >>> type(error_for(11050, "")).__name__
        'BadRequest'
    """

    code_value = 11050


class SystemMaintenance(DeribitError):
    """11051 system_maintenance.

    Example:
        >>> type(error_for(11051, "")).__name__
        'SystemMaintenance'
    """

    code_value = 11051
    retryable = True


class SubscribeError(DeribitError):
    """11052 subscribe_error_unsubscribed: a subscription failed.

    Example:
        >>> type(error_for(11052, "")).__name__
        'SubscribeError'
    """

    code_value = 11052


class PostOnlyReject(DeribitError):
    """11054 post_only_reject.

    Example:
        >>> type(error_for(11054, "")).__name__
        'PostOnlyReject'
    """

    code_value = 11054


class InvalidCredentials(DeribitError, AuthenticationError):
    """13004 invalid_credentials: bad API credentials.

    Example:
        >>> type(error_for(13004, "")).__name__
        'InvalidCredentials'
    """

    code_value = 13004


class Unauthorized(DeribitError, AuthenticationError):
    """13009 unauthorized: a wrong or expired token, a bad signature, or a foreign token.

    Example:
        >>> type(error_for(13009, "")).__name__
        'Unauthorized'
    """

    code_value = 13009


class Forbidden(DeribitError):
    """13021 forbidden: the scope does not allow this.

    Example:
        >>> type(error_for(13021, "")).__name__
        'Forbidden'
    """

    code_value = 13021


class TemporarilyUnavailable(DeribitError):
    """13028 temporarily_unavailable.

    Example:
        >>> type(error_for(13028, "")).__name__
        'TemporarilyUnavailable'
    """

    code_value = 13028
    retryable = True


class RawSubscriptionsNotAvailable(DeribitError):
    """13778 raw_subscriptions_not_available_for_unauthorized: raw needs auth.

    Example:
        >>> type(error_for(13778, "")).__name__
        'RawSubscriptionsNotAvailable'
    """

    code_value = 13778


class TimedOut(DeribitError):
    """13888 timed_out: valid_until passed before matching.

    Example:
        >>> type(error_for(13888, "")).__name__
        'TimedOut'
    """

    code_value = 13888
    retryable = True


class RequestEntityTooLarge(DeribitError):
    """-32600 request entity too large (frame > 32 kB).

    Example:
        >>> type(error_for(-32600, "")).__name__
        'RequestEntityTooLarge'
    """

    code_value = -32600


class MethodNotFound(DeribitError):
    """-32601 Method not found.

    Example:
        >>> type(error_for(-32601, "")).__name__
        'MethodNotFound'
    """

    code_value = -32601


class InvalidParams(DeribitError):
    """-32602 Invalid params.

    Example:
        >>> type(error_for(-32602, "")).__name__
        'InvalidParams'
    """

    code_value = -32602


class ParseError(DeribitError):
    """-32700 Parse error.

    Example:
        >>> type(error_for(-32700, "")).__name__
        'ParseError'
    """

    code_value = -32700


class MissingParams(DeribitError):
    """-32000 Missing params.

    Example:
        >>> type(error_for(-32000, "")).__name__
        'MissingParams'
    """

    code_value = -32000


_BY_CODE: dict[int, type[DeribitError]] = {
    cls.code_value: cls for cls in DeribitError.__subclasses__() if cls.code_value
}


def error_for(code: Any, message: str, data: Any = None, method: str = "") -> VenueError:
    """Return the exception for a Deribit error reply (plain VenueError if unknown).

    Example:
        >>> error_for(10028, "too_many_requests", None, "private/buy").retryable
        True
    """
    cls = _BY_CODE.get(code) if isinstance(code, int) else None
    if cls is None:
        return VenueError(code, message, data, method)
    return cls(code, message, data, method)
