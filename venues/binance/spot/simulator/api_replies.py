"""The WebSocket API reply envelope: request parsing, error bodies and handler outcomes.

Example:
    >>> error_frame(7, -1135, "Invalid JSON Request")
    '{"id":7,"status":400,"error":{"code":-1135,"msg":"Invalid JSON Request"}}'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from venues.binance.spot.simulator.api_params import ApiReject
from venues.binance.spot.simulator.api_trading import Event
from venues.simulator import Action

__all__ = ["Outcome", "dumps", "error_body", "error_frame", "parse_request"]


@dataclass
class Outcome:
    """A handler's answer when it does more than reply: events to route to the
    accounts' subscriptions, and frames for this connection (after the reply).

    Example:
        >>> Outcome({"subscriptionId": 0}).events
        []
    """

    result: Any
    events: list[Event] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def dumps(body: Any) -> str:
    """Compact JSON, as the venue sends it.

    Example:
        >>> dumps({"id": 1, "result": {}})
        '{"id":1,"result":{}}'
    """
    return json.dumps(body, separators=(",", ":"))


def parse_request(frame: str | bytes) -> dict[str, Any] | None:
    """The request object in ``frame``; ``None`` for invalid JSON or a non-object.

    Example:
        >>> parse_request('{"id":1,"method":"ping"}'), parse_request("[1]")
        ({'id': 1, 'method': 'ping'}, None)
    """
    try:
        request = json.loads(frame)
    except (ValueError, TypeError):
        return None
    return request if isinstance(request, dict) else None


def error_body(exc: ApiReject) -> dict[str, Any]:
    """``{status, error: {code, msg, data?}}`` for a rejection (the caller adds ``id``).

    Example:
        >>> error_body(ApiReject(-1121, "Invalid symbol."))
        {'status': 400, 'error': {'code': -1121, 'msg': 'Invalid symbol.'}}
    """
    error: dict[str, Any] = {"code": exc.code, "msg": exc.msg}
    if exc.data is not None:
        error["data"] = exc.data
    return {"status": exc.status, "error": error}


def error_frame(request_id: Any, code: int, msg: str, status: int = 400) -> str:
    """A whole error reply frame.

    Example:
        >>> error_frame(None, -2015, "Invalid API-key.", status=401)[:24]
        '{"id":null,"status":401,'
    """
    return dumps({"id": request_id, "status": status, "error": {"code": code, "msg": msg}})
