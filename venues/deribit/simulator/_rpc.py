"""Handling one request frame: parse, charge credits, authorise, dispatch, reply.

Order of checks (each one answers with its error and stops):

1. Envelope (``_envelope``): ``-32700``, ``-32600``, ``-32602``.
2. Credits (``_credits``): an empty bucket answers ``10028 too_many_requests`` and then the
   session is terminated: the socket is closed (code 1008) right after the error.
3. ``-32601 Method not found``.
4. Injected failures (``DeribitSimulator.fail_method``).
5. Authorisation of ``private/*``: ``13009 unauthorized``, ``13021 forbidden``.
6. The handler; its :class:`RpcError` becomes the error reply.

Example:
    >>> from venues.deribit.simulator._config import SimulatorConfig
    >>> from venues.deribit.simulator._world import World
    >>> world = World(SimulatorConfig(accounts={}, market_data_rate=0.0))
    >>> conn = world.connect(1, "/", 0.0)
    >>> frame = '{"id":1,"method":"private/buy","params":{}}'
    >>> actions = handle_frame(world, conn, frame, 0.0, Failures())
    >>> '"code":13009' in actions[0].frame
    True
"""

from __future__ import annotations

from dataclasses import dataclass

from venues.deribit.simulator._codes import (
    FORBIDDEN,
    METHOD_NOT_FOUND,
    TOO_MANY_REQUESTS,
    UNAUTHORIZED,
    RpcError,
)
from venues.deribit.simulator._dispatch import METHODS, Method
from venues.deribit.simulator._envelope import BadRequest, error_frame, parse_request, result_frame
from venues.deribit.simulator._world import Call, Connection, World
from venues.simulator import Action, Close, Send

__all__ = ["POLICY_VIOLATION", "PROCESSING_US", "Failures", "handle_frame"]

POLICY_VIOLATION = 1008
PROCESSING_US = 50


@dataclass(slots=True)
class _Failure:
    code: int
    message: str | None
    left: int | None


class Failures:
    """Errors forced on methods: ``fail(method, code, message, times)``.

    Example:
        >>> failures = Failures(); failures.fail("public/test", 10040, times=1)
        >>> failures.check("public/test")
        Traceback (most recent call last):
        ...
        venues.deribit.simulator._codes.RpcError: (10040, 'retry')
        >>> failures.check("public/test")
    """

    def __init__(self) -> None:
        self._failures: dict[str, _Failure] = {}

    def fail(
        self, method: str, code: int, message: str | None = None, times: int | None = 1
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (``None``: all) with ``code``.

        Example: see the class docstring.
        """
        self._failures[method] = _Failure(code, message, times)

    def clear(self) -> None:
        """Forget every forced failure.

        Example:
            >>> Failures().clear()
        """
        self._failures.clear()

    def check(self, method: str) -> None:
        """Raise the forced error for ``method``, if one is due.

        Example: see the class docstring.
        """
        failure = self._failures.get(method)
        if failure is None:
            return
        if failure.left is not None:
            failure.left -= 1
            if failure.left <= 0:
                del self._failures[method]
        if failure.message is None:
            raise RpcError.of(failure.code)
        raise RpcError(failure.code, failure.message)


def handle_frame(
    world: World, conn: Connection, frame: str | bytes, now: float, failures: Failures
) -> list[Action]:
    """Answer one client frame with actions (see the module rules).

    Example: see the module docstring.
    """
    conn.heartbeat.seen(now)
    us_in = int(now * 1_000_000)
    testnet = world.config.testnet
    try:
        request = parse_request(frame)
    except BadRequest as bad:
        reply = error_frame(bad.request_id, bad.error, us_in, us_in + PROCESSING_US, testnet)
        return [Send(conn.conn_id, reply)]
    method = METHODS.get(request.method)
    if not _charge(world, conn, method, now):
        error = RpcError.of(TOO_MANY_REQUESTS)
        conn.closing = True
        reply = error_frame(request.id, error, us_in, us_in + PROCESSING_US, testnet)
        return [Send(conn.conn_id, reply), Close(conn.conn_id, POLICY_VIOLATION, error.message)]
    call = Call(world, conn, request.method, request.params, now)
    try:
        result = _run(call, method, failures)
        reply = result_frame(request.id, result, us_in, us_in + PROCESSING_US, testnet)
    except RpcError as error:
        reply = error_frame(request.id, error, us_in, us_in + PROCESSING_US, testnet)
    actions: list[Action] = []
    if request.has_id and not call.silent:
        actions.append(Send(conn.conn_id, reply))
    actions += [Send(out.conn_id, out.frame) for out in call.after]
    if call.close:
        conn.closing = True
        actions.append(Close(conn.conn_id, 1000, "logout"))
    return actions


def _charge(world: World, conn: Connection, method: Method | None, now: float) -> bool:
    if method is not None and method.matching_engine:
        return conn.matching.take(1, now)
    return conn.non_matching.take(world.config.limits.non_matching_cost, now)


def _run(call: Call, method: Method | None, failures: Failures) -> object:
    if method is None:
        raise RpcError.of(METHOD_NOT_FOUND)
    failures.check(call.method)
    _authorize(call, method)
    return method.handler(call)


def _authorize(call: Call, method: Method) -> None:
    tokens, conn = call.world.tokens, call.conn
    presented = call.params.get("access_token")
    if isinstance(presented, str):
        call.token = tokens.access(presented, conn.conn_id, call.now)
        if conn.token is None:
            conn.token = call.token
    if not method.private:
        return
    token = call.token or conn.token
    if token is None:
        raise RpcError.of(UNAUTHORIZED)
    tokens.check(token, call.now)
    call.token = token
    if method.access is not None and not token.scope.allows(*method.access):
        raise RpcError.of(FORBIDDEN)
