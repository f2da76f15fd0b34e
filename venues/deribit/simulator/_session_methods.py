"""Session methods: hello, test, time, heartbeats, auth, logout, cancel-on-disconnect.

Facts from ``venues/deribit.md`` 1.3/1.4 and the Deribit OpenAPI examples:
``public/hello`` and ``public/test`` return ``{"version": ...}``; ``public/test`` with
``expected_result: "exception"`` fails on purpose; ``public/set_heartbeat`` needs
``interval >= 10`` (a smaller one is ``-32602``); ``private/logout`` closes the socket
without a reply and without cancel-on-disconnect; the cancel-on-disconnect methods take
``scope`` ``connection`` (default) or ``account``.

Example:
    >>> from venues.deribit.simulator._config import SimulatorConfig
    >>> from venues.deribit.simulator._world import Call, World
    >>> world = World(SimulatorConfig(accounts={}))
    >>> hello(Call(world, world.connect(1, "/", 0.0), "public/hello",
    ...            {"client_name": "x", "client_version": "1"}, 0.0))
    {'version': '1.2.26'}
"""

from __future__ import annotations

from typing import Any

from venues.deribit.simulator._codes import RpcError
from venues.deribit.simulator._heartbeat import MIN_INTERVAL
from venues.deribit.simulator._params import Params
from venues.deribit.simulator._world import Call

__all__ = [
    "auth",
    "disable_cancel_on_disconnect",
    "disable_heartbeat",
    "enable_cancel_on_disconnect",
    "get_cancel_on_disconnect",
    "get_time",
    "hello",
    "logout",
    "set_heartbeat",
    "test",
]

_SCOPES = ("connection", "account")
_GENERIC_ERROR = 10001


def hello(call: Call) -> Any:
    """``public/hello``: the client introduces itself; the server answers its version.

    Example: see the module docstring.
    """
    params = Params(call.params)
    params.text("client_name")
    params.text("client_version")
    return {"version": call.world.config.version}


def test(call: Call) -> Any:
    """``public/test``: answers a heartbeat ``test_request``; may fail on request.

    Example: see the module docstring.
    """
    call.conn.heartbeat.answered()
    expected = Params(call.params).choice("expected_result", ("exception",))
    if expected == "exception":
        raise RpcError.of(_GENERIC_ERROR, {"reason": "expected_result exception"})
    return {"version": call.world.config.version}


def get_time(call: Call) -> Any:
    """``public/get_time``: the server time in integer milliseconds.

    Example: see the module docstring.
    """
    return call.now_ms


def set_heartbeat(call: Call) -> Any:
    """``public/set_heartbeat``: start heartbeats every ``interval`` seconds (>= 10).

    Example: see the module docstring.
    """
    interval = Params(call.params).number("interval")
    if interval < MIN_INTERVAL:
        raise RpcError.invalid_param("interval", "must be at least 10 seconds")
    call.conn.heartbeat.set(interval, call.now)
    return "ok"


def disable_heartbeat(call: Call) -> Any:
    """``public/disable_heartbeat``: stop heartbeats.

    Example: see the module docstring.
    """
    call.conn.heartbeat.disable()
    return "ok"


def auth(call: Call) -> Any:
    """``public/auth``: authenticate this connection (see ``_auth`` for the rules).

    Example: see the module docstring.
    """
    world, conn = call.world, call.conn
    result = world.tokens.authenticate(call.params, conn.conn_id, call.now)
    conn.token = world.tokens.access(result["access_token"], conn.conn_id, call.now)
    if conn.account in world.account_cod:
        conn.cancel_on_disconnect = True
    return result


def logout(call: Call) -> Any:
    """``private/logout``: close the socket (no reply, no cancel-on-disconnect).

    Example: see the module docstring.
    """
    invalidate = Params(call.params).boolean("invalidate_token", default=True)
    token = call.token or call.conn.token
    if invalidate and token is not None:
        call.world.tokens.invalidate(token)
    call.conn.logged_out = True
    call.silent = True
    call.close = True
    return None


def enable_cancel_on_disconnect(call: Call) -> Any:
    """``private/enable_cancel_on_disconnect``: for this connection or the whole account.

    Example: see the module docstring.
    """
    _set_cod(call, True)
    return "ok"


def disable_cancel_on_disconnect(call: Call) -> Any:
    """``private/disable_cancel_on_disconnect``: for this connection or the whole account.

    Example: see the module docstring.
    """
    _set_cod(call, False)
    return "ok"


def get_cancel_on_disconnect(call: Call) -> Any:
    """``private/get_cancel_on_disconnect``: the setting for this connection or the account.

    Example: ``{"scope": "connection", "enabled": true}``.
    """
    scope = Params(call.params).choice("scope", _SCOPES, default="connection")
    if scope == "account":
        return {"scope": scope, "enabled": call.account in call.world.account_cod}
    return {"scope": scope, "enabled": call.conn.cancel_on_disconnect}


def _set_cod(call: Call, enabled: bool) -> None:
    scope = Params(call.params).choice("scope", _SCOPES, default="connection")
    if scope == "account":
        if enabled:
            call.world.account_cod.add(call.account)
        else:
            call.world.account_cod.discard(call.account)
    call.conn.cancel_on_disconnect = enabled
