"""The one exception tree of venue-actors.

Every error the library raises derives from :class:`VenueClientError`, so one
``except VenueClientError`` catches them all. Third-party exceptions (socket,
websocket-client, marshmallow) are translated at exactly one boundary each and
chained with ``raise ... from exc``.

::

    VenueClientError
    ├── TransportError                      the socket, not the venue
    │   ├── ConnectionFailed                could not open (DNS, TCP, TLS, handshake)
    │   ├── ConnectionLost                  an open connection dropped (outcome_unknown)
    │   ├── ConnectionClosed                the client was closed by its owner
    │   └── NotConnected                    no usable connection right now
    ├── ProtocolError                       our side of the protocol
    │   ├── MalformedMessage                a frame we could not understand
    │   └── InvalidParameters               refused before sending (names the field)
    ├── AuthenticationError                 credentials refused or auth impossible
    ├── RequestTimeout                      no reply before the request's deadline
    ├── RateLimitError                      refused locally before sending; never retried
    │   ├── MessageRateExceeded             messages per window
    │   ├── SubscriptionLimitExceeded       concurrent subscriptions cap
    │   ├── ConnectionRateExceeded          connection attempts per window
    │   ├── WeightLimitExceeded             request weight per window
    │   └── CreditLimitExceeded             token bucket (credits) exhausted
    └── VenueError                          the venue answered with an error
                                            (code, message, data, method)

Venue packages subclass :class:`VenueError` for their own error codes (for example
``venues.deribit.errors``); an unknown code is still a plain :class:`VenueError`.

Example:
    >>> try:
    ...     raise InvalidParameters("amount", "must be > 0")
    ... except VenueClientError as exc:
    ...     print(exc)
    invalid parameter 'amount': must be > 0
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AuthenticationError",
    "ConnectionClosed",
    "ConnectionFailed",
    "ConnectionLost",
    "ConnectionRateExceeded",
    "CreditLimitExceeded",
    "InvalidParameters",
    "MalformedMessage",
    "MessageRateExceeded",
    "NotConnected",
    "ProtocolError",
    "RateLimitError",
    "RequestTimeout",
    "SubscriptionLimitExceeded",
    "TransportError",
    "VenueClientError",
    "VenueError",
    "WeightLimitExceeded",
]


class VenueClientError(Exception):
    """Root of every error raised by venue-actors.

    Errors pickle with their fields (they cross process boundaries in user code).

    Example:
        >>> isinstance(RequestTimeout("public/get_time", 10.0), VenueClientError)
        True
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take their fields as constructor arguments, so the default
        # (class, args) reduction cannot rebuild them; restore the state instead.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type[VenueClientError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class TransportError(VenueClientError):
    """A failure of the connection itself rather than of the venue's answer.

    Example:
        >>> issubclass(ConnectionLost, TransportError)
        True
    """


class ConnectionFailed(TransportError):
    """A connection could not be opened (DNS, TCP, TLS or the WebSocket handshake).

    Example:
        >>> ConnectionFailed("ws://127.0.0.1:1", "connection refused").url
        'ws://127.0.0.1:1'
    """

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"could not connect to {url}: {reason}")
        self.url = url
        self.reason = reason


class ConnectionLost(TransportError):
    """An open connection dropped.

    ``outcome_unknown`` is true for a request that had been sent when the connection
    dropped: the venue may or may not have acted on it. Such a request is never re-sent
    automatically; reconcile (for example by querying the order) before retrying.

    Example:
        >>> ConnectionLost("socket closed", outcome_unknown=True).outcome_unknown
        True
    """

    def __init__(self, reason: str, *, outcome_unknown: bool = False, method: str = "") -> None:
        detail = f"connection lost: {reason}"
        if outcome_unknown:
            what = f"{method!r} " if method else ""
            detail += f"; the request {what}was sent and its outcome is unknown (not re-sent)"
        super().__init__(detail)
        self.reason = reason
        self.outcome_unknown = outcome_unknown
        self.method = method


class ConnectionClosed(TransportError):
    """The client was closed by its owner; it cannot be used any more.

    Example:
        >>> str(ConnectionClosed())
        'connection closed by the client'
    """

    def __init__(self, reason: str = "connection closed by the client") -> None:
        super().__init__(reason)


class NotConnected(TransportError):
    """There is no ready connection (not yet connected, reconnecting, or failed).

    Nothing was sent. ``state`` names the connection state at the time.

    Example:
        >>> NotConnected("reconnecting").state
        'reconnecting'
    """

    def __init__(self, state: str, detail: str = "") -> None:
        message = f"not connected (state: {state})"
        if detail:
            message += f": {detail}"
        super().__init__(message)
        self.state = state


class ProtocolError(VenueClientError):
    """Our side of the protocol: what we sent or what we could not read.

    Example:
        >>> issubclass(InvalidParameters, ProtocolError)
        True
    """


class MalformedMessage(ProtocolError):
    """A frame from the wire could not be understood.

    Such frames are counted and signalled; they never end the session. ``reason``
    says what was wrong; the frame itself is kept out of the message text because a
    frame may carry tokens.

    Example:
        >>> MalformedMessage("not JSON").reason
        'not JSON'
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"malformed message: {reason}")
        self.reason = reason


class InvalidParameters(ProtocolError):
    """A parameter was refused before anything was sent; ``field`` names it.

    Example:
        >>> InvalidParameters("price", "required for limit orders").field
        'price'
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"invalid parameter {field!r}: {problem}")
        self.field = field
        self.problem = problem


class AuthenticationError(VenueClientError):
    """Credentials were refused, or a private call was made without authentication.

    Example:
        >>> str(AuthenticationError("invalid credentials"))
        'invalid credentials'
    """


class RequestTimeout(VenueClientError):
    """No reply arrived before the request's deadline.

    The request was sent; a reply arriving later is dropped and logged, never delivered
    to another caller.

    Example:
        >>> RequestTimeout("public/get_time", 10.0).timeout
        10.0
    """

    def __init__(self, method: str, timeout: float) -> None:
        super().__init__(f"no reply to {method!r} within {timeout:g} s")
        self.method = method
        self.timeout = timeout


class RateLimitError(VenueClientError):
    """A local limit refused an operation before anything was sent.

    Rate-limited operations are never retried automatically. ``retry_after`` (seconds,
    possibly 0.0) says when the same operation could pass, where that is knowable.

    Example:
        >>> MessageRateExceeded(limit=5, window=1.0, retry_after=0.2).retry_after
        0.2
    """

    retry_after: float = 0.0


class MessageRateExceeded(RateLimitError):
    """More messages than ``limit`` within ``window`` seconds.

    Example:
        >>> MessageRateExceeded(limit=5, window=1.0).limit
        5
    """

    def __init__(self, limit: int, window: float, retry_after: float = 0.0) -> None:
        super().__init__(f"message rate exceeded: {limit} messages per {window:g} s")
        self.limit = limit
        self.window = window
        self.retry_after = retry_after


class SubscriptionLimitExceeded(RateLimitError):
    """The subscription cap ``limit`` is reached (``current`` active).

    Example:
        >>> SubscriptionLimitExceeded(limit=1024, current=1024).current
        1024
    """

    def __init__(self, limit: int, current: int) -> None:
        super().__init__(f"subscription limit exceeded: {limit} (current: {current})")
        self.limit = limit
        self.current = current


class ConnectionRateExceeded(RateLimitError):
    """More connection attempts than ``limit`` within ``window`` seconds.

    Example:
        >>> ConnectionRateExceeded(limit=300, window=300.0).window
        300.0
    """

    def __init__(self, limit: int, window: float, retry_after: float = 0.0) -> None:
        super().__init__(f"connection rate exceeded: {limit} per {window:g} s")
        self.limit = limit
        self.window = window
        self.retry_after = retry_after


class WeightLimitExceeded(RateLimitError):
    """Request weight ``used`` would pass ``limit`` within ``window`` seconds.

    Example:
        >>> WeightLimitExceeded(used=6000, limit=6000, window=60.0).used
        6000
    """

    def __init__(self, used: int, limit: int, window: float, retry_after: float = 0.0) -> None:
        super().__init__(f"request weight exceeded: {used}/{limit} in {window:g} s")
        self.used = used
        self.limit = limit
        self.window = window
        self.retry_after = retry_after


class CreditLimitExceeded(RateLimitError):
    """A token bucket (``bucket``) holds fewer credits than the request ``cost``.

    Example:
        >>> CreditLimitExceeded("non_matching", cost=500, available=100, retry_after=0.04).bucket
        'non_matching'
    """

    def __init__(self, bucket: str, cost: int, available: int, retry_after: float = 0.0) -> None:
        super().__init__(
            f"credits exhausted in {bucket!r}: cost {cost}, available {available}, "
            f"retry after {retry_after:.3f} s"
        )
        self.bucket = bucket
        self.cost = cost
        self.available = available
        self.retry_after = retry_after


class VenueError(VenueClientError):
    """The venue answered a request with an error.

    Attributes:
        code: the venue's error code (int for Deribit and Binance).
        message: the venue's error text.
        data: extra detail the venue sent, if any.
        method: the method of the request that failed.

    Example:
        >>> err = VenueError(13009, "unauthorized", None, "private/buy")
        >>> (err.code, err.method)
        (13009, 'private/buy')
    """

    def __init__(self, code: Any, message: str, data: Any = None, method: str = "") -> None:
        where = f" in {method!r}" if method else ""
        super().__init__(f"venue error {code}{where}: {message}")
        self.code = code
        self.message = message
        self.data = data
        self.method = method
