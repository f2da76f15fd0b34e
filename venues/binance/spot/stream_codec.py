"""Binance Spot market-data stream frames <-> typed messages (sans-I/O).

Control messages are ``{"method": ..., "params": [...], "id": N}``, answered by
``{"result": ..., "id": N}`` or ``{"code": 0..3, "msg": ..., "id": N}`` (not JSON-RPC).
Market data arrives combined, ``{"stream": "btcusdt@trade", "data": {...}}``; the stream
name picks the event type, which matters for the payloads without ``e`` (book ticker,
partial depth). Raw ``/ws`` payloads are understood where the payload names its stream.

Rule 1: ``decode`` never raises; anything it cannot read becomes ``Malformed``.
Rule 2: ``serverShutdown`` (raw or combined) becomes ``Control("server_shutdown")``.
Rule 3: a request's params travel as ``{"params": [...]}``, the array Binance expects.

Example:
    >>> codec = BinanceStreamCodec()
    >>> codec.encode_request(1, "SUBSCRIBE", {"params": ["btcusdt@trade"]})
    '{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}'
    >>> codec.decode('{"result":null,"id":1}')
    Reply(id=1, result=None)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from protocol.errors import InvalidParameters, VenueClientError
from protocol.messages import Control, Event, Failure, Inbound, Malformed, Reply
from venues.binance.spot.errors import stream_error_for
from venues.binance.spot.public.streams._kind import StreamKind
from venues.binance.spot.public.streams._registry import resolve

try:
    import orjson

    _loads: Callable[[str | bytes], Any] = orjson.loads
except ImportError:  # orjson is an optional speed-up
    _loads = json.loads

__all__ = ["CONTROL_METHODS", "SERVER_SHUTDOWN", "BinanceStreamCodec", "EventGate"]

CONTROL_METHODS = frozenset(
    {"SUBSCRIBE", "UNSUBSCRIBE", "LIST_SUBSCRIPTIONS", "SET_PROPERTY", "GET_PROPERTY"}
)
"""The control methods a stream connection accepts."""

SERVER_SHUTDOWN = "server_shutdown"
"""``Control.kind`` of the venue's ``serverShutdown`` notice."""

EventGate = Callable[[str, StreamKind, Any], Inbound]
"""Decides what a decoded event becomes: ``gate(stream, kind, event) -> Inbound``."""

_KIND_CACHE_LIMIT = 8192
_DECODE_ERRORS = (KeyError, TypeError, ValueError, ArithmeticError, IndexError, AttributeError)
_RAW_TYPES = {
    "trade": "trade",
    "aggTrade": "aggTrade",
    "24hrMiniTicker": "miniTicker",
    "24hrTicker": "ticker",
    "1hTicker": "ticker_1h",
    "4hTicker": "ticker_4h",
    "1dTicker": "ticker_1d",
    "avgPrice": "avgPrice",
    "depthUpdate": "depth",
}


def _event(stream: str, kind: StreamKind, event: Any) -> Inbound:
    return Event(stream, event)


class BinanceStreamCodec:
    """The codec of one stream connection.

    Args:
        gate: optional hook deciding what each decoded event becomes (the client uses
            it to drop duplicates while two connections overlap during a rotation).

    Example:
        >>> frame = ('{"stream":"bnbbtc@trade","data":{"e":"trade","E":1,"s":"BNBBTC",'
        ...          '"t":12345,"p":"0.001","q":"100","T":1,"m":true,"M":true}}')
        >>> BinanceStreamCodec().decode(frame).data.trade_id
        12345
    """

    def __init__(self, gate: EventGate | None = None) -> None:
        self._gate: EventGate = gate or _event
        self._kinds: dict[str, StreamKind | None] = {}

    def encode_request(self, request_id: Any, method: str, params: Mapping[str, Any] | None) -> str:
        """Return the control frame for ``method`` with ``params["params"]`` as its array.

        Raises:
            InvalidParameters: an unknown method or params other than ``{"params": [...]}``.
        """
        if method not in CONTROL_METHODS:
            raise InvalidParameters("method", f"must be one of {sorted(CONTROL_METHODS)}")
        request: dict[str, Any] = {"method": method}
        values = _param_list(params)
        if values is not None:
            request["params"] = values
        request["id"] = request_id
        return json.dumps(request, separators=(",", ":"))

    def decode(self, frame: str | bytes) -> Inbound:
        """Classify one frame; never raises."""
        try:
            message = _loads(frame)
        except ValueError as exc:
            return Malformed(frame, f"not JSON: {exc}")
        try:
            return self._classify(frame, message)
        except _DECODE_ERRORS as exc:
            return Malformed(frame, f"unreadable payload: {type(exc).__name__}: {exc}")

    def error(self, failure: Failure, method: str) -> VenueClientError:
        """Return the exception for a control error (codes 0-3 have their own classes).

        Example:
            >>> type(BinanceStreamCodec().error(Failure(7, 2, "Invalid request"), "SUBSCRIBE"))
            <class 'venues.binance.spot.errors.StreamInvalidRequest'>
        """
        return stream_error_for(failure.code, failure.message, method)

    def _classify(self, frame: str | bytes, message: Any) -> Inbound:
        if type(message) is list:
            return self._raw_array(frame, message)
        if type(message) is not dict:
            return Malformed(frame, "not a JSON object")
        if "stream" in message and "data" in message:
            return self._combined(frame, message["stream"], message["data"])
        if "result" in message and "id" in message:
            return Reply(message["id"], message["result"])
        if "code" in message and "msg" in message:
            return Failure(message.get("id"), message["code"], str(message["msg"]))
        return self._raw(frame, message)

    def _combined(self, frame: str | bytes, stream: Any, data: Any) -> Inbound:
        if type(stream) is not str:
            return Malformed(frame, "the stream name is not a string")
        if stream == "!serverShutdown" or _is_shutdown(data):
            return Control(SERVER_SHUTDOWN, data)
        kind = self._kind(stream)
        if kind is None:
            return Malformed(frame, f"unknown stream {stream[:80]!r}")
        return self._gate(stream, kind, kind.parse(stream, data))

    def _raw(self, frame: str | bytes, data: dict[str, Any]) -> Inbound:
        event_type = data.get("e")
        if event_type == "serverShutdown":
            return Control(SERVER_SHUTDOWN, data)
        symbol = str(data.get("s", "")).lower()
        if event_type == "kline":
            return self._combined(frame, f"{symbol}@kline_{data['k']['i']}", data)
        if event_type in _RAW_TYPES:
            return self._combined(frame, f"{symbol}@{_RAW_TYPES[event_type]}", data)
        if event_type is None and {"u", "s", "b", "a"} <= data.keys():
            return self._combined(frame, f"{symbol}@bookTicker", data)
        return Malformed(frame, "a raw payload that names no stream (use combined streams)")

    def _raw_array(self, frame: str | bytes, items: list[Any]) -> Inbound:
        first = items[0] if items and type(items[0]) is dict else {}
        event_type = first.get("e")
        if event_type == "24hrMiniTicker":
            return self._combined(frame, "!miniTicker@arr", items)
        if event_type in ("1hTicker", "4hTicker", "1dTicker"):
            return self._combined(frame, f"!ticker_{event_type[:2]}@arr", items)
        return Malformed(frame, "a raw array that names no stream (use combined streams)")

    def _kind(self, stream: str) -> StreamKind | None:
        try:
            return self._kinds[stream]
        except KeyError:
            if len(self._kinds) >= _KIND_CACHE_LIMIT:
                self._kinds.clear()
            kind = self._kinds[stream] = resolve(stream)
            return kind


def _is_shutdown(data: Any) -> bool:
    return type(data) is dict and data.get("e") == "serverShutdown"


def _param_list(params: Mapping[str, Any] | None) -> list[Any] | None:
    if params is None:
        return None
    if set(params) != {"params"} or not isinstance(params["params"], list | tuple):
        raise InvalidParameters("params", 'must be {"params": [...]}')
    return list(params["params"])
