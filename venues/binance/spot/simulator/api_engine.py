"""The Binance Spot WebSocket API simulator engine (sans-I/O; ``venues.simulator.Engine``).

What it does as the venue does:

- ``{id, method, params}`` in; ``{id, status, result | error, rateLimits}`` out.
- Real signature checks (HMAC-SHA256 and Ed25519, per account), ``timestamp`` /
  ``recvWindow`` checks (-1021), ``session.logon`` (Ed25519 only), then unsigned but
  timestamped SIGNED requests on that session.
- A matching engine over a synthetic ladder (see ``api_trading``), user data events
  after ``userDataStream.subscribe`` (or ``.signature``).
- ``REQUEST_WEIGHT`` per minute (per IP: the whole simulator) and ``ORDERS`` per 10 s
  and per day (per account), clock-aligned; 429 with ``retryAfter`` over a limit, then
  418 (banned, connection closed) if the client keeps sending before ``retryAfter``.

Faults (thread-safe: queued, applied before the next frame or tick): forced error
replies per method (optionally after executing the request: "outcome unknown"),
per-method reply delays, price moves, deposits, a ``serverShutdown`` notice, session
revocation.

Example:
    >>> engine = ApiEngine(epoch_offset=0.0)
    >>> _ = engine.on_connect(1, "/ws-api/v3", now=100.0)
    >>> [action] = engine.on_frame(1, '{"id":1,"method":"time"}', now=100.0)
    >>> json.loads(action.frame)["result"]
    {'serverTime': 100000}
"""

from __future__ import annotations

import heapq
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

from protocol.errors import InvalidParameters
from venues.binance.spot.simulator.api_accounts import SimAccount
from venues.binance.spot.simulator.api_limits import ApiLimits, WindowCounter
from venues.binance.spot.simulator.api_market import SimSymbol
from venues.binance.spot.simulator.api_params import (
    SECURITY,
    ApiReject,
    check_params,
    method_weight,
)
from venues.binance.spot.simulator.api_session import ApiConnection, authenticate, check_timing
from venues.binance.spot.simulator.api_trading import Event, Exchange
from venues.simulator import Action, Close, Send

__all__ = ["ApiEngine", "ForcedError", "Outcome"]

_Handler = Callable[[ApiConnection, Mapping[str, Any], str | None, int], Any]


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


@dataclass(frozen=True)
class ForcedError:
    """An error the engine answers to the next request(s) of ``method``.

    ``execute=True`` runs the request first (its effects happen, its result is
    discarded): with a 5xx status or -1007 that is a true "outcome unknown".

    Example:
        >>> ForcedError(-1007, "Timeout waiting for response from backend server.", 408).status
        408
    """

    code: int
    msg: str
    status: int = 400
    execute: bool = False
    data: Any = None


class ApiEngine:
    """The WebSocket API venue: see the module docstring.

    Args:
        accounts: the accounts whose keys it accepts.
        symbols: tradable symbols (default: BTCUSDT, ETHUSDT, BNBBTC).
        limits: rate limits (lower them in tests).
        epoch_offset: added to the monotonic ``now`` to get epoch seconds; defaults to
            the wall clock's offset.

    Example:
        >>> ApiEngine().connection_ids
        []
    """

    def __init__(
        self,
        accounts: Iterable[SimAccount] = (),
        symbols: Iterable[SimSymbol] = (),
        *,
        limits: ApiLimits | None = None,
        epoch_offset: float | None = None,
    ) -> None:
        self.exchange = Exchange(accounts, symbols)
        self.limits = limits or ApiLimits()
        self._offset = time.time() - time.monotonic() if epoch_offset is None else epoch_offset
        self._weight = WindowCounter("REQUEST_WEIGHT", "MINUTE", 1, self.limits.weight_per_minute)
        self._orders: dict[str, tuple[WindowCounter, WindowCounter]] = {}
        self._conns: dict[int, ApiConnection] = {}
        self._pending: deque[Callable[[int], list[Action]]] = deque()
        self._forced: dict[str, deque[ForcedError]] = {}
        self._delays: dict[str, float] = {}
        self._scheduled: list[tuple[float, int, Action]] = []
        self._sequence = itertools.count()
        self._warned_until = 0
        self._banned_until = 0
        self.requests: list[tuple[str, dict[str, Any]]] = []
        """``(method, params)`` of every request received, in order (for tests)."""
        self._arrivals = threading.Condition()
        self._handlers: dict[str, _Handler] = _handlers(self)

    # -- faults and market (any thread) -----------------------------------------------

    def force_error(
        self,
        method: str,
        code: int,
        msg: str = "",
        *,
        status: int = 400,
        count: int = 1,
        execute: bool = False,
        data: Any = None,
    ) -> None:
        """Answer the next ``count`` requests of ``method`` with this error.

        Example:
            >>> ApiEngine().force_error("order.place", -1007, status=408, execute=True)
        """
        forced = ForcedError(code, msg or f"forced error {code}", status, execute, data)
        self._pending.append(lambda now_ms: self._add_forced(method, forced, count))

    def delay_method(self, method: str, seconds: float) -> None:
        """Hold replies to ``method`` back by ``seconds`` (0 ends the delay).

        Example:
            >>> ApiEngine().delay_method("order.place", 0.2)
        """
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise InvalidParameters("seconds", "must be a number >= 0")
        self._pending.append(lambda now_ms: self._set_delay(method, float(seconds)))

    def clear_faults(self) -> None:
        """Forget every forced error and delay.

        Example:
            >>> ApiEngine().clear_faults()
        """
        self._pending.append(lambda now_ms: self._clear())

    def move_price(self, symbol: str, price: Decimal | str) -> None:
        """Re-centre ``symbol``'s ladder; resting orders it reaches fill (with events).

        Example:
            >>> ApiEngine().move_price("BTCUSDT", "49000")
        """
        if symbol not in self.exchange.symbols:
            raise InvalidParameters("symbol", f"{symbol!r} is not a simulated symbol")
        target = Decimal(str(price))
        self._pending.append(
            lambda now_ms: self._route(self.exchange.move_price(symbol, target, now_ms))
        )

    def deposit(self, api_key: str, asset: str, amount: Decimal | str) -> None:
        """Credit ``amount`` of ``asset`` (``balanceUpdate`` + ``outboundAccountPosition``).

        Example:
            >>> ApiEngine([SimAccount("key", secret_key="s")]).deposit("key", "USDT", "100")
        """
        if api_key not in self.exchange.accounts:
            raise InvalidParameters("api_key", "no simulated account has this key")
        delta = Decimal(str(amount))
        self._pending.append(
            lambda now_ms: self._route(self.exchange.deposit(api_key, asset, delta, now_ms))
        )

    def announce_shutdown(self) -> None:
        """Send every connection ``{"event": {"e": "serverShutdown", ...}}``.

        Example:
            >>> ApiEngine().announce_shutdown()
        """
        self._pending.append(self._shutdown_notice)

    def revoke_sessions(self) -> None:
        """Revoke every logged-on session (``{"id": null, "status": 401, -2015}``).

        Example:
            >>> ApiEngine().revoke_sessions()
        """
        self._pending.append(self._revoke)

    @property
    def received(self) -> list[str]:
        """The methods of every request received, in order.

        Example:
            >>> ApiEngine().received
            []
        """
        with self._arrivals:
            return [method for method, _ in self.requests]

    def wait_for_requests(self, count: int, timeout: float) -> bool:
        """Wait until at least ``count`` requests have arrived; False on timeout.

        Example:
            >>> ApiEngine().wait_for_requests(0, 0.1)
            True
        """
        with self._arrivals:
            return self._arrivals.wait_for(lambda: len(self.requests) >= count, timeout)

    def _record(self, request: dict[str, Any]) -> None:
        params = request.get("params")
        copied = dict(params) if isinstance(params, dict) else {}
        with self._arrivals:
            self.requests.append((str(request.get("method")), copied))
            self._arrivals.notify_all()

    @property
    def connection_ids(self) -> list[int]:
        """Ids of the open connections.

        Example:
            >>> ApiEngine().connection_ids
            []
        """
        return sorted(self._conns)

    def logged_on(self) -> list[str | None]:
        """The session key of every open connection (None when not logged on).

        Example:
            >>> engine = ApiEngine()
            >>> _ = engine.on_connect(1, "/ws-api/v3", 0.0)
            >>> engine.logged_on()
            [None]
        """
        return [conn.api_key for conn in self._conns.values()]

    # -- the Engine protocol ----------------------------------------------------------

    def on_connect(self, conn_id: int, path: str, now: float) -> list[Action]:
        """Open a session; connecting costs weight (2).

        Example:
            >>> ApiEngine().on_connect(1, "/ws-api/v3?returnRateLimits=false", 0.0)
            []
        """
        query = parse_qs(urlsplit(path).query)
        quiet = query.get("returnRateLimits", ["true"])[-1].lower() == "false"
        now_ms = self._ms(now)
        self._conns[conn_id] = ApiConnection(conn_id, now_ms, not quiet)
        self._weight.add(now_ms, self.limits.connect_weight)
        return self._drain(now_ms)

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> list[Action]:
        """Answer one request (and send the user data events it causes).

        Example:
            >>> engine = ApiEngine(epoch_offset=0.0)
            >>> _ = engine.on_connect(1, "/", 1.0)
            >>> engine.on_frame(1, '{"id":1,"method":"ping"}', 1.0)[0].conn_id
            1
        """
        now_ms = self._ms(now)
        actions = self._drain(now_ms)
        conn = self._conns.get(conn_id)
        if conn is None:
            return actions
        request = _parse(frame)
        if request is None:
            return [*actions, Send(conn_id, _error_frame(None, -1135, "Invalid JSON Request"))]
        self._record(request)
        return actions + self._answer(conn, request, now, now_ms)

    def on_disconnect(self, conn_id: int, now: float) -> list[Action]:
        """Forget the connection (its logon and subscriptions end with it).

        Example:
            >>> engine = ApiEngine()
            >>> _ = engine.on_connect(1, "/", 0.0)
            >>> engine.on_disconnect(1, 0.0), engine.connection_ids
            ([], [])
        """
        self._conns.pop(conn_id, None)
        return []

    def tick(self, now: float) -> list[Action]:
        """Apply queued faults; send delayed replies that are due.

        Example:
            >>> ApiEngine().tick(0.0)
            []
        """
        actions = self._drain(self._ms(now))
        while self._scheduled and self._scheduled[0][0] <= now:
            actions.append(heapq.heappop(self._scheduled)[2])
        return actions

    # -- answering --------------------------------------------------------------------

    def _answer(
        self, conn: ApiConnection, request: dict[str, Any], now: float, now_ms: int
    ) -> list[Action]:
        request_id, method = request.get("id"), request.get("method")
        params = request.get("params", {})
        if not isinstance(method, str) or not isinstance(params, dict):
            return [Send(conn.conn_id, _error_frame(request_id, -1102, "Invalid request."))]
        if now_ms < self._banned_until:
            return self._banned(conn, request_id, now_ms)
        weight = method_weight(method, params)
        if not self._weight.fits(now_ms, weight):
            return self._over_weight(conn, request_id, now_ms)
        self._weight.add(now_ms, weight)
        outcome = Outcome(None)
        try:
            reply = self._reply(conn, method, params, now_ms, outcome)
        except ApiReject as exc:
            reply = _error(exc, now_ms)
        reply["id"] = request_id
        self._add_rate_limits(reply, conn, method, params, now_ms)
        frame = json.dumps(reply, separators=(",", ":"))
        sent = self._deliver(Send(conn.conn_id, frame), method, now)
        return sent + list(outcome.actions) + self._route(outcome.events)

    def _reply(
        self,
        conn: ApiConnection,
        method: str,
        params: Mapping[str, Any],
        now_ms: int,
        outcome: Outcome,
    ) -> dict[str, Any]:
        forced = self._take_forced(method)
        if forced is not None and not forced.execute:
            raise ApiReject(forced.code, forced.msg, forced.status, forced.data)
        result = self._execute(conn, method, params, now_ms, outcome)
        if forced is not None:
            raise ApiReject(forced.code, forced.msg, forced.status, forced.data)
        return {"status": 200, "result": result}

    def _execute(
        self,
        conn: ApiConnection,
        method: str,
        params: Mapping[str, Any],
        now_ms: int,
        outcome: Outcome,
    ) -> Any:
        check_params(method, params)
        security = SECURITY[method]
        api_key = None
        if security != "none":
            check_timing(params, now_ms)
            accounts = self.exchange.accounts
            api_key = authenticate(conn, accounts, params, own_signature=security == "logon")
        answer = self._handlers[method](conn, params, api_key, now_ms)
        if isinstance(answer, Outcome):
            outcome.events.extend(answer.events)
            outcome.actions.extend(answer.actions)
            return answer.result
        return answer

    def _deliver(self, send: Send, method: str, now: float) -> list[Action]:
        delay = self._delays.get(method, 0.0)
        if delay <= 0:
            return [send]
        heapq.heappush(self._scheduled, (now + delay, next(self._sequence), send))
        return []

    # -- rate limits ------------------------------------------------------------------

    def _orders_of(self, api_key: str) -> tuple[WindowCounter, WindowCounter]:
        if api_key not in self._orders:
            self._orders[api_key] = (
                WindowCounter("ORDERS", "SECOND", 10, self.limits.orders_per_10_seconds),
                WindowCounter("ORDERS", "DAY", 1, self.limits.orders_per_day),
            )
        return self._orders[api_key]

    def count_order(self, api_key: str, now_ms: int) -> None:
        """Refuse (429, -1015) or count one more unfilled order for ``api_key``.

        Example:
            >>> engine = ApiEngine(limits=ApiLimits(orders_per_10_seconds=1))
            >>> engine.count_order("key", 0)
            >>> try:
            ...     engine.count_order("key", 1)
            ... except ApiReject as exc:
            ...     print(exc.status, exc.code)
            429 -1015
        """
        for counter in self._orders_of(api_key):
            if not counter.fits(now_ms, 1):
                limit = f"{counter.limit} orders per {counter.interval_num} {counter.interval}"
                retry = {"serverTime": now_ms, "retryAfter": counter.reset_at(now_ms)}
                message = f"Too many new orders; current limit is {limit}."
                raise ApiReject(-1015, message, 429, retry)
        for counter in self._orders_of(api_key):
            counter.add(now_ms, 1)

    def _add_rate_limits(
        self,
        reply: dict[str, Any],
        conn: ApiConnection,
        method: str,
        params: Mapping[str, Any],
        now_ms: int,
    ) -> None:
        wanted = params.get("returnRateLimits", conn.return_rate_limits)
        if wanted is False:
            return
        entries = []
        api_key = params.get("apiKey") or conn.api_key
        if method == "order.place" and isinstance(api_key, str) and api_key in self._orders:
            entries = [counter.entry(now_ms) for counter in self._orders[api_key]]
        reply["rateLimits"] = [*entries, self._weight.entry(now_ms)]

    def _over_weight(self, conn: ApiConnection, request_id: Any, now_ms: int) -> list[Action]:
        if now_ms < self._warned_until:
            self._banned_until = now_ms + int(self.limits.ban_seconds * 1000)
            return self._banned(conn, request_id, now_ms)
        self._warned_until = self._weight.reset_at(now_ms)
        limit = self._weight.limit
        message = (
            f"Too much request weight used; current limit is {limit} request weight per "
            "1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API."
        )
        data = {"serverTime": now_ms, "retryAfter": self._warned_until}
        reply = _error(ApiReject(-1003, message, 429, data), now_ms)
        reply.update(id=request_id, rateLimits=[self._weight.entry(now_ms)])
        return [Send(conn.conn_id, json.dumps(reply, separators=(",", ":")))]

    def _banned(self, conn: ApiConnection, request_id: Any, now_ms: int) -> list[Action]:
        until = self._banned_until
        message = (
            f"Way too much request weight used; IP banned until {until}. "
            "Please use WebSocket Streams for live updates to avoid bans."
        )
        data = {"serverTime": now_ms, "retryAfter": until}
        reply = _error(ApiReject(-1003, message, 418, data), now_ms)
        reply["id"] = request_id
        frame = json.dumps(reply, separators=(",", ":"))
        return [Send(conn.conn_id, frame), Close(conn.conn_id, 1008, "IP banned")]

    # -- events and queued work -------------------------------------------------------

    def _route(self, events: Iterable[Event]) -> list[Action]:
        actions: list[Action] = []
        for api_key, event in events:
            for conn in self._conns.values():
                for sub_id, (key, _how) in conn.subscriptions.items():
                    if key == api_key:
                        frame = {"subscriptionId": sub_id, "event": event}
                        actions.append(Send(conn.conn_id, json.dumps(frame, separators=(",", ":"))))
        return actions

    def terminate(self, conn: ApiConnection, sub_ids: Iterable[int], now_ms: int) -> list[Action]:
        """End subscriptions with ``eventStreamTerminated`` (sent before forgetting them).

        Example:
            >>> engine = ApiEngine()
            >>> conn = ApiConnection(1, 0, True, subscriptions={0: ("key", "logon")})
            >>> len(engine.terminate(conn, [0], 5)), conn.subscriptions
            (1, {})
        """
        actions: list[Action] = []
        for sub_id in list(sub_ids):
            event = {"e": "eventStreamTerminated", "E": now_ms}
            frame = json.dumps({"subscriptionId": sub_id, "event": event}, separators=(",", ":"))
            actions.append(Send(conn.conn_id, frame))
            conn.subscriptions.pop(sub_id, None)
        return actions

    def _drain(self, now_ms: int) -> list[Action]:
        actions: list[Action] = []
        while self._pending:
            actions.extend(self._pending.popleft()(now_ms))
        return actions

    def _add_forced(self, method: str, forced: ForcedError, count: int) -> list[Action]:
        self._forced.setdefault(method, deque()).extend([forced] * count)
        return []

    def _take_forced(self, method: str) -> ForcedError | None:
        queue = self._forced.get(method)
        return queue.popleft() if queue else None

    def _set_delay(self, method: str, seconds: float) -> list[Action]:
        self._delays[method] = seconds
        return []

    def _clear(self) -> list[Action]:
        self._forced.clear()
        self._delays.clear()
        return []

    def _shutdown_notice(self, now_ms: int) -> list[Action]:
        frame = json.dumps({"event": {"e": "serverShutdown", "E": now_ms}}, separators=(",", ":"))
        return [Send(conn_id, frame) for conn_id in self._conns]

    def _revoke(self, now_ms: int) -> list[Action]:
        actions: list[Action] = []
        for conn in self._conns.values():
            if conn.api_key is not None:
                conn.api_key = conn.authorized_since = None
                message = "Invalid API-key, IP, or permissions for action."
                frame = _error_frame(None, -2015, message, status=401)
                actions.append(Send(conn.conn_id, frame))
        return actions

    def _ms(self, now: float) -> int:
        return int((now + self._offset) * 1000)


def _parse(frame: str | bytes) -> dict[str, Any] | None:
    try:
        request = json.loads(frame)
    except (ValueError, TypeError):
        return None
    return request if isinstance(request, dict) else None


def _error(exc: ApiReject, now_ms: int) -> dict[str, Any]:
    error: dict[str, Any] = {"code": exc.code, "msg": exc.msg}
    if exc.data is not None:
        error["data"] = exc.data
    return {"status": exc.status, "error": error}


def _error_frame(request_id: Any, code: int, msg: str, status: int = 400) -> str:
    reply = {"id": request_id, "status": status, "error": {"code": code, "msg": msg}}
    return json.dumps(reply, separators=(",", ":"))


def _handlers(engine: ApiEngine) -> dict[str, _Handler]:
    from venues.binance.spot.simulator.api_handlers import handlers

    return handlers(engine)
