"""The Binance Spot WebSocket API codec: requests out, replies and user data events in.

Sans-I/O: text in, typed :mod:`protocol.messages` values out, no clock, no socket.

Out, one request per text frame: ``{"id": 7, "method": "order.place", "params": {...}}``.

In, each frame is exactly one of:

- ``{"id", "status": 200, "result", "rateLimits"}`` -> ``Reply(id, ApiResponse)``; the
  :class:`ApiResponse` keeps the result, the status and the ``rateLimits`` entries, so
  the client can feed its limiter from every reply.
- ``{"id", "status": 4xx/5xx, "error": {"code", "msg", "data"?}, "rateLimits"}`` ->
  ``Failure`` whose ``extra`` is an :class:`ApiFailureDetail` (status, rateLimits);
  :meth:`BinanceApiCodec.error` maps it through :func:`venues.binance.spot.errors.error_for`
  (5xx, -1006 and -1007 become ``OutcomeUnknown``: never success, never plain failure).
- ``{"subscriptionId": 0, "event": {"e": "executionReport", ...}}`` ->
  ``Event(USER_DATA_CHANNEL, <typed event>)``.
- ``{"event": {"e": "serverShutdown", ...}}`` -> ``Control("server_shutdown", payload)``.
- an error with ``"id": null`` (the venue revoking the session, -2015) ->
  ``Control("unsolicited_error", BinanceError)``.
- anything else -> ``Malformed`` (counted and signalled, never raised).

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/general-api-information

Example:
    >>> codec = BinanceApiCodec()
    >>> codec.encode_request(1, "time", None)
    '{"id":1,"method":"time"}'
    >>> reply = codec.decode('{"id":1,"status":200,"result":{"serverTime":5},"rateLimits":[]}')
    >>> reply.result.result
    {'serverTime': 5}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeGuard

from protocol.errors import VenueClientError
from protocol.messages import Control, Event, Failure, Inbound, Malformed, Reply
from venues.binance.spot.errors import BinanceError, error_for

__all__ = [
    "USER_DATA_CHANNEL",
    "ApiFailureDetail",
    "ApiResponse",
    "BinanceApiCodec",
    "RateLimitUsage",
    "parse_rate_limits",
]

USER_DATA_CHANNEL = "userDataStream"
"""The channel name user data events are routed under (one stream per connection)."""

_INTERVAL_SECONDS = {"SECOND": 1.0, "MINUTE": 60.0, "HOUR": 3600.0, "DAY": 86400.0}

EventDecoder = Callable[[Mapping[str, Any], int | None], Any]


@dataclass(frozen=True, slots=True)
class RateLimitUsage:
    """One ``rateLimits`` entry: the venue's count against one limit.

    Example:
        >>> usage = RateLimitUsage("ORDERS", "SECOND", 10, 50, 12)
        >>> usage.window_seconds
        10.0
    """

    rate_limit_type: str
    interval: str
    interval_num: int
    limit: int
    count: int

    @property
    def window_seconds(self) -> float:
        """The interval in seconds (``MINUTE`` x 1 -> 60.0).

        Example:
            >>> RateLimitUsage("REQUEST_WEIGHT", "MINUTE", 1, 6000, 70).window_seconds
            60.0
        """
        return _INTERVAL_SECONDS[self.interval] * self.interval_num


@dataclass(frozen=True, slots=True)
class ApiResponse:
    """A successful reply: the ``result`` plus the reply's status and rate limits.

    Example:
        >>> ApiResponse({}, 200, ()).result
        {}
    """

    result: Any
    status: int
    rate_limits: tuple[RateLimitUsage, ...]


@dataclass(frozen=True, slots=True)
class ApiFailureDetail:
    """What an error reply carries besides the error: its status and rate limits.

    Example:
        >>> ApiFailureDetail(429, ()).status
        429
    """

    status: int | None
    rate_limits: tuple[RateLimitUsage, ...]


def parse_rate_limits(raw: Any) -> tuple[RateLimitUsage, ...]:
    """Return the well-formed entries of a ``rateLimits`` array (others are skipped).

    Example:
        >>> parse_rate_limits([{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE",
        ...                     "intervalNum": 1, "limit": 6000, "count": 70}])[0].count
        70
    """
    if not isinstance(raw, list):
        return ()
    return tuple(usage for usage in map(_rate_limit, raw) if usage is not None)


def _rate_limit(entry: Any) -> RateLimitUsage | None:
    if not isinstance(entry, dict) or entry.get("interval") not in _INTERVAL_SECONDS:
        return None
    num, limit, count = (entry.get(key) for key in ("intervalNum", "limit", "count"))
    if not (_is_int(num) and _is_int(limit) and _is_int(count)):
        return None
    if not isinstance(entry.get("rateLimitType"), str):
        return None
    return RateLimitUsage(entry["rateLimitType"], entry["interval"], num, limit, count)


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


class BinanceApiCodec:
    """Frames <-> messages for the Binance Spot WebSocket API (see the module docs).

    Args:
        decode_event: turns a user data event object (and its ``subscriptionId``) into a
            typed value; defaults to
            :func:`venues.binance.spot.private.user_data.decode_user_data_event`.

    Example:
        >>> codec = BinanceApiCodec()
        >>> failure = codec.decode('{"id":2,"status":400,"error":{"code":-1121,"msg":"x"}}')
        >>> type(codec.error(failure, "order.place")).__name__
        'BadSymbol'
    """

    def __init__(self, decode_event: EventDecoder | None = None) -> None:
        if decode_event is None:
            # Imported here: the private package imports this codec.
            from venues.binance.spot.private.user_data import decode_user_data_event

            decode_event = decode_user_data_event
        self._decode_event = decode_event

    def encode_request(self, request_id: Any, method: str, params: Mapping[str, Any] | None) -> str:
        """Return ``{"id", "method", "params"?}`` as compact JSON (no params when empty).

        Example:
            >>> BinanceApiCodec().encode_request(3, "ping", {})
            '{"id":3,"method":"ping"}'
        """
        message: dict[str, Any] = {"id": request_id, "method": method}
        if params:
            message["params"] = dict(params)
        return json.dumps(message, separators=(",", ":"), default=_json_default)

    def decode(self, frame: str | bytes) -> Inbound:
        """Classify one frame; never raises.

        Example:
            >>> BinanceApiCodec().decode("nope").reason
            'not JSON'
        """
        try:
            obj = json.loads(frame)
        except (ValueError, TypeError):
            return Malformed(frame, "not JSON")
        if not isinstance(obj, dict):
            return Malformed(frame, "not a JSON object")
        try:
            return self._classify(obj, frame)
        except (KeyError, TypeError, ValueError, VenueClientError) as exc:
            return Malformed(frame, f"unreadable {_kind(obj)}: {type(exc).__name__}")

    def error(self, failure: Failure, method: str) -> BinanceError:
        """Return the exception for an error reply to ``method``.

        Example:
            >>> codec = BinanceApiCodec()
            >>> err = codec.error(Failure(1, -1007, "Timeout"), "order.place")
            >>> err.outcome_unknown
            True
        """
        detail = failure.extra if isinstance(failure.extra, ApiFailureDetail) else None
        return error_for(
            failure.code,
            failure.message,
            failure.data,
            method,
            status=detail.status if detail else None,
            rate_limits=detail.rate_limits if detail else (),
        )

    def _classify(self, obj: dict[str, Any], frame: str | bytes) -> Inbound:
        if "status" in obj:
            return self._reply(obj, frame)
        event = obj.get("event")
        if isinstance(event, dict) and isinstance(event.get("e"), str):
            return self._event(obj, event)
        return Malformed(frame, "neither a reply nor an event")

    def _reply(self, obj: dict[str, Any], frame: str | bytes) -> Inbound:
        status = obj["status"]
        if not _is_int(status):
            return Malformed(frame, "reply status is not an integer")
        rate_limits = parse_rate_limits(obj.get("rateLimits"))
        if status == 200 and "result" in obj:
            return Reply(obj.get("id"), ApiResponse(obj["result"], status, rate_limits))
        error = obj.get("error")
        if not isinstance(error, dict):
            error = {"code": None, "msg": f"status {status} without an error object"}
        failure = Failure(
            obj.get("id"),
            error.get("code"),
            str(error.get("msg", "")),
            error.get("data"),
            ApiFailureDetail(status, rate_limits),
        )
        if failure.id is None:
            return Control("unsolicited_error", self.error(failure, ""))
        return failure

    def _event(self, obj: dict[str, Any], event: dict[str, Any]) -> Inbound:
        if event["e"] == "serverShutdown":
            return Control("server_shutdown", event)
        subscription_id = obj.get("subscriptionId")
        if subscription_id is not None and not _is_int(subscription_id):
            raise ValueError("subscriptionId is not an integer")
        return Event(USER_DATA_CHANNEL, self._decode_event(event, subscription_id))


def _kind(obj: dict[str, Any]) -> str:
    return "reply" if "status" in obj else "event"
