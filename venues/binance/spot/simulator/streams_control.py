"""Control messages of the streams simulator: SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS,
SET_PROPERTY and GET_PROPERTY, with the venue's error codes (sans-I/O).

Error codes, as the venue documents them:

- 0: unknown property (SET_PROPERTY / GET_PROPERTY).
- 1: invalid value type, expected a boolean.
- 2: invalid request: a property name that is not a string, a bad or missing id, an
  unknown method, too many parameters, a missing ``method``. The simulator also answers
  code 2 for an invalid stream name and for passing the 1024-stream cap (the venue does
  not document its answer to either).
- 3: invalid JSON.

Example:
    >>> outcome = answer('{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}',
    ...                  streams=[], combined=True)
    >>> outcome.reply, outcome.subscribe
    ({'result': None, 'id': 1}, ('btcusdt@trade',))
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from venues.binance.spot.limits import STREAMS_PER_CONNECTION
from venues.binance.spot.public.streams._registry import resolve

__all__ = ["ControlOutcome", "answer", "error_reply"]

_METHODS = ("SUBSCRIBE", "UNSUBSCRIBE", "LIST_SUBSCRIPTIONS", "SET_PROPERTY", "GET_PROPERTY")
_ID_TEXT = re.compile(r"^[A-Za-z0-9]{1,36}$")
_INT64 = range(-(2**63), 2**63)
_KEYS = {"method", "params", "id"}


@dataclass(frozen=True)
class ControlOutcome:
    """What one control message does: the reply and the changes to apply.

    Example:
        >>> ControlOutcome({"result": None, "id": 1}).unsubscribe
        ()
    """

    reply: dict[str, Any]
    subscribe: tuple[str, ...] = ()
    unsubscribe: tuple[str, ...] = ()
    combined: bool | None = None


class _Refused(Exception):
    def __init__(self, code: int, msg: str) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg


def error_reply(code: int, msg: str, request_id: Any = None) -> dict[str, Any]:
    """The venue's error object ``{"code": .., "msg": .., "id": ..}``.

    Example:
        >>> error_reply(0, "Unknown property", 5)
        {'code': 0, 'msg': 'Unknown property', 'id': 5}
    """
    return {"code": code, "msg": msg, "id": request_id}


def answer(
    frame: str | bytes,
    *,
    streams: Collection[str],
    combined: bool,
    max_streams: int = STREAMS_PER_CONNECTION,
) -> ControlOutcome:
    """Answer one control frame from a connection carrying ``streams``."""
    try:
        request = json.loads(frame)
    except ValueError as exc:
        return ControlOutcome({"code": 3, "msg": f"Invalid JSON: {exc}"})
    request_id = request.get("id") if isinstance(request, dict) else None
    try:
        return _dispatch(request, streams, combined, max_streams)
    except _Refused as refused:
        return ControlOutcome(error_reply(refused.code, refused.msg, _echo(request_id)))


def _echo(request_id: Any) -> Any:
    return request_id if _valid_id(request_id) else None


def _valid_id(request_id: Any) -> bool:
    if request_id is None:
        return True
    if type(request_id) is int:
        return request_id in _INT64
    return isinstance(request_id, str) and bool(_ID_TEXT.match(request_id))


def _dispatch(
    request: Any, streams: Collection[str], combined: bool, max_streams: int
) -> ControlOutcome:
    if not isinstance(request, dict):
        raise _Refused(2, "Invalid request: expected a JSON object")
    if "method" not in request:
        raise _Refused(2, "Invalid request: missing field `method`")
    if "id" not in request or not _valid_id(request["id"]):
        raise _Refused(2, "Invalid request: request ID must be an unsigned integer")
    if set(request) - _KEYS:
        raise _Refused(2, "Invalid request: too many parameters")
    method, params, request_id = request["method"], request.get("params", []), request["id"]
    if method not in _METHODS:
        raise _Refused(2, f"Invalid request: unknown variant {method}, expected one of {_METHODS}")
    if not isinstance(params, list):
        raise _Refused(2, "Invalid request: params must be an array")
    if method in ("SUBSCRIBE", "UNSUBSCRIBE"):
        return _streams(method, params, request_id, streams, max_streams)
    if method == "LIST_SUBSCRIPTIONS":
        if params:
            raise _Refused(2, "Invalid request: too many parameters")
        return ControlOutcome({"result": list(streams), "id": request_id})
    return _property(method, params, request_id, combined)


def _streams(
    method: str, params: list[Any], request_id: Any, streams: Collection[str], max_streams: int
) -> ControlOutcome:
    for name in params:
        if not isinstance(name, str) or resolve(name) is None:
            raise _Refused(2, f"Invalid request: invalid stream name {name!r}")
    names = tuple(dict.fromkeys(params))
    ok = {"result": None, "id": request_id}
    if method == "UNSUBSCRIBE":
        return ControlOutcome(ok, unsubscribe=names)
    total = len(set(streams) | set(names))
    if total > max_streams:
        raise _Refused(2, f"Invalid request: at most {max_streams} streams per connection")
    return ControlOutcome(ok, subscribe=names)


def _property(method: str, params: list[Any], request_id: Any, combined: bool) -> ControlOutcome:
    expected = 2 if method == "SET_PROPERTY" else 1
    if len(params) > expected:
        raise _Refused(2, "Invalid request: too many parameters")
    if not params or not isinstance(params[0], str):
        raise _Refused(2, "Invalid request: property name must be a string")
    if params[0] != "combined":
        raise _Refused(0, "Unknown property")
    if method == "GET_PROPERTY":
        return ControlOutcome({"result": combined, "id": request_id})
    if len(params) < 2 or not isinstance(params[1], bool):
        raise _Refused(1, "Invalid value type: expected Boolean")
    return ControlOutcome({"result": None, "id": request_id}, combined=params[1])
