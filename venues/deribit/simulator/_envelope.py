"""The Deribit v2 JSON-RPC envelope: parse requests, build replies and notifications.

Rules (``venues/deribit.md`` 1.2):

1. A frame over 32 kB is refused with ``-32600 request entity too large``.
2. Text that is not JSON is ``-32700 Parse error``; a JSON value that is not a request object
   (a batch array, a number, a bad ``id`` or ``method``) is ``-32600 Invalid Request``. Both are
   answered with ``"id": null`` unless the id could be read.
3. ``params`` must be an object (positional params are not supported): ``-32602`` otherwise.
4. Every reply carries ``usIn``/``usOut``/``usDiff`` (microseconds) and ``testnet``.
5. A request without ``id`` is a JSON-RPC notification: it is executed, never answered.

Example:
    >>> req = parse_request('{"jsonrpc":"2.0","id":1,"method":"public/test","params":{}}')
    >>> req.method, req.id
    ('public/test', 1)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from venues.deribit.simulator._codes import (
    INVALID_PARAMS,
    INVALID_REQUEST,
    MESSAGES,
    PARSE_ERROR,
    RpcError,
)

__all__ = [
    "MAX_FRAME_BYTES",
    "BadRequest",
    "Request",
    "dumps",
    "error_frame",
    "heartbeat_frame",
    "notification_frame",
    "parse_request",
    "result_frame",
]

MAX_FRAME_BYTES = 32 * 1024
_NO_ID = object()


@dataclass(frozen=True, slots=True)
class Request:
    """One decoded request. ``has_id`` is false for a JSON-RPC notification.

    Example:
        >>> Request(id=3, method="public/get_time").params
        {}
    """

    id: Any
    method: str
    params: dict[str, Any] = field(default_factory=dict)
    has_id: bool = True


class BadRequest(Exception):
    """A frame that is not a valid request; ``request_id`` is ``None`` when unknown.

    Example:
        >>> BadRequest(None, RpcError.of(-32700)).error.code
        -32700
    """

    def __init__(self, request_id: Any, error: RpcError) -> None:
        super().__init__(error.message)
        self.request_id = request_id
        self.error = error


def dumps(message: Any) -> str:
    """Compact JSON, as the venue sends it.

    Example:
        >>> dumps({"a": [1, 2.5]})
        '{"a":[1,2.5]}'
    """
    return json.dumps(message, separators=(",", ":"))


def parse_request(frame: str | bytes) -> Request:
    """Decode one text frame into a :class:`Request` or raise :class:`BadRequest`.

    Example:
        >>> parse_request("[1, 2]")
        Traceback (most recent call last):
        ...
        venues.deribit.simulator._envelope.BadRequest: Invalid Request
    """
    size = len(frame) if isinstance(frame, bytes) else len(frame.encode("utf-8", "replace"))
    if size > MAX_FRAME_BYTES:
        raise BadRequest(None, RpcError(INVALID_REQUEST, "request entity too large"))
    try:
        message = json.loads(frame)
    except (ValueError, RecursionError) as exc:
        raise BadRequest(None, RpcError.of(PARSE_ERROR)) from exc
    if not isinstance(message, dict):
        raise BadRequest(None, RpcError.of(INVALID_REQUEST))
    request_id = _request_id(message)
    method = message.get("method")
    version = message.get("jsonrpc", "2.0")
    if not isinstance(method, str) or not method or version != "2.0":
        raise BadRequest(_none_if_absent(request_id), RpcError.of(INVALID_REQUEST))
    params = message.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        error = RpcError(
            INVALID_PARAMS,
            MESSAGES[INVALID_PARAMS],
            {"reason": "must be an object", "param": "params"},
        )
        raise BadRequest(_none_if_absent(request_id), error)
    has_id = request_id is not _NO_ID
    return Request(_none_if_absent(request_id), method, params, has_id)


def _request_id(message: dict[str, Any]) -> Any:
    if "id" not in message:
        return _NO_ID
    request_id = message["id"]
    if isinstance(request_id, bool) or not isinstance(request_id, (int, str)):
        raise BadRequest(None, RpcError.of(INVALID_REQUEST))
    return request_id


def _none_if_absent(request_id: Any) -> Any:
    return None if request_id is _NO_ID else request_id


def _timing(us_in: int, us_out: int, testnet: bool) -> dict[str, Any]:
    return {"usIn": us_in, "usOut": us_out, "usDiff": us_out - us_in, "testnet": testnet}


def result_frame(request_id: Any, result: Any, us_in: int, us_out: int, testnet: bool) -> str:
    """A success reply.

    Example:
        >>> result_frame(1, "ok", 10, 15, True)
        '{"jsonrpc":"2.0","id":1,"result":"ok","usIn":10,"usOut":15,"usDiff":5,"testnet":true}'
    """
    body = {"jsonrpc": "2.0", "id": request_id, "result": result}
    return dumps(body | _timing(us_in, us_out, testnet))


def error_frame(request_id: Any, error: RpcError, us_in: int, us_out: int, testnet: bool) -> str:
    """An error reply.

    Example:
        >>> '"code":13009' in error_frame(2, RpcError.of(13009), 1, 2, False)
        True
    """
    body = {"jsonrpc": "2.0", "id": request_id, "error": error.to_wire()}
    return dumps(body | _timing(us_in, us_out, testnet))


def notification_frame(channel: str, data: Any, label: str = "") -> str:
    """A ``subscription`` notification; private channels may carry the subscribe ``label``.

    Example:
        >>> notification_frame("deribit_price_index.btc_usd", {"price": 1.0})[:40]
        '{"jsonrpc":"2.0","method":"subscription"'
    """
    params: dict[str, Any] = {"channel": channel, "data": data}
    if label:
        params["label"] = label
    return dumps({"jsonrpc": "2.0", "method": "subscription", "params": params})


def heartbeat_frame(kind: str) -> str:
    """A ``heartbeat`` message; ``kind`` is ``heartbeat`` or ``test_request``.

    Example:
        >>> heartbeat_frame("test_request")
        '{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}'
    """
    return dumps({"jsonrpc": "2.0", "method": "heartbeat", "params": {"type": kind}})
