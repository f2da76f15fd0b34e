"""The Binance Spot WebSocket API simulator engine (sans-I/O; ``venues.simulator.Engine``).

What it does as the venue does:

- ``{id, method, params}`` in; ``{id, status, result | error, rateLimits}`` out
  (envelope: ``api_replies``).
- Real signature checks (HMAC-SHA256 and Ed25519, per account), ``timestamp`` /
  ``recvWindow`` checks (-1021), ``session.logon`` (Ed25519 only), then unsigned but
  timestamped SIGNED requests on that session.
- A matching engine over a synthetic ladder (see ``api_trading``), user data events
  after ``userDataStream.subscribe`` (or ``.signature``).
- ``REQUEST_WEIGHT`` per minute (per IP: the whole simulator) and ``ORDERS`` per 10 s
  and per day (per account), clock-aligned; 429 with ``retryAfter`` over a limit, then
  418 (banned, connection closed) if the client keeps sending before ``retryAfter``
  (see ``api_throttle``).

Faults (thread-safe: queued, applied before the next frame or tick; see
``api_faults``): forced error replies per method (optionally after executing the
request: "outcome unknown"), per-method reply delays, price moves, deposits, a
``serverShutdown`` notice, session revocation.

Example:
    >>> engine = ApiEngine(epoch_offset=0.0)
    >>> _ = engine.on_connect(1, "/ws-api/v3", now=100.0)
    >>> [action] = engine.on_frame(1, '{"id":1,"method":"time"}', now=100.0)
    >>> '"result":{"serverTime":100000}' in action.frame
    True
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

from protocol.errors import InvalidParameters
from venues.binance.spot.simulator.api_accounts import SimAccount
from venues.binance.spot.simulator.api_faults import ApiFaults, ForcedError
from venues.binance.spot.simulator.api_limits import ApiLimits
from venues.binance.spot.simulator.api_market import SimSymbol
from venues.binance.spot.simulator.api_params import (
    SECURITY,
    ApiReject,
    check_params,
    method_weight,
)
from venues.binance.spot.simulator.api_replies import (
    Outcome,
    dumps,
    error_body,
    error_frame,
    parse_request,
)
from venues.binance.spot.simulator.api_session import ApiConnection, authenticate, check_timing
from venues.binance.spot.simulator.api_throttle import Throttle
from venues.binance.spot.simulator.api_trading import Event, Exchange
from venues.simulator import Action, Send

__all__ = ["ApiEngine", "ForcedError", "Outcome"]

_Handler = Callable[[ApiConnection, Mapping[str, Any], str | None, int], Any]


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
        self.throttle = Throttle(self.limits)
        """The venue's weight and order counters (``throttle.weight``: the IP's weight)."""
        self._offset = time.time() - time.monotonic() if epoch_offset is None else epoch_offset
        self._conns: dict[int, ApiConnection] = {}
        self._faults = ApiFaults()
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
        self._faults.queue(lambda now_ms: self._faults.add_forced(method, forced, count))

    def delay_method(self, method: str, seconds: float) -> None:
        """Hold replies to ``method`` back by ``seconds`` (0 ends the delay).

        Example:
            >>> ApiEngine().delay_method("order.place", 0.2)
        """
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise InvalidParameters("seconds", "must be a number >= 0")
        self._faults.queue(lambda now_ms: self._faults.set_delay(method, float(seconds)))

    def clear_faults(self) -> None:
        """Forget every forced error and delay.

        Example:
            >>> ApiEngine().clear_faults()
        """
        self._faults.queue(lambda now_ms: self._faults.clear())

    def move_price(self, symbol: str, price: Decimal | str) -> None:
        """Re-centre ``symbol``'s ladder; resting orders it reaches fill (with events).

        Example:
            >>> ApiEngine().move_price("BTCUSDT", "49000")
        """
        if symbol not in self.exchange.symbols:
            raise InvalidParameters("symbol", f"{symbol!r} is not a simulated symbol")
        target = Decimal(str(price))
        self._faults.queue(
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
        self._faults.queue(
            lambda now_ms: self._route(self.exchange.deposit(api_key, asset, delta, now_ms))
        )

    def announce_shutdown(self) -> None:
        """Send every connection ``{"event": {"e": "serverShutdown", ...}}``.

        Example:
            >>> ApiEngine().announce_shutdown()
        """
        self._faults.queue(self._shutdown_notice)

    def revoke_sessions(self) -> None:
        """Revoke every logged-on session (``{"id": null, "status": 401, -2015}``).

        Example:
            >>> ApiEngine().revoke_sessions()
        """
        self._faults.queue(self._revoke)

    # -- observation ------------------------------------------------------------------

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
        self.throttle.connect(now_ms)
        return self._faults.drain(now_ms)

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> list[Action]:
        """Answer one request (and send the user data events it causes).

        Example:
            >>> engine = ApiEngine(epoch_offset=0.0)
            >>> _ = engine.on_connect(1, "/", 1.0)
            >>> engine.on_frame(1, '{"id":1,"method":"ping"}', 1.0)[0].conn_id
            1
        """
        now_ms = self._ms(now)
        actions = self._faults.drain(now_ms)
        conn = self._conns.get(conn_id)
        if conn is None:
            return actions
        request = parse_request(frame)
        if request is None:
            return [*actions, Send(conn_id, error_frame(None, -1135, "Invalid JSON Request"))]
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
        return self._faults.drain(self._ms(now)) + self._faults.due(now)

    # -- answering --------------------------------------------------------------------

    def _answer(
        self, conn: ApiConnection, request: dict[str, Any], now: float, now_ms: int
    ) -> list[Action]:
        request_id, method = request.get("id"), request.get("method")
        params = request.get("params", {})
        if not isinstance(method, str) or not isinstance(params, dict):
            return [Send(conn.conn_id, error_frame(request_id, -1102, "Invalid request."))]
        weight = method_weight(method, params)
        refused = self.throttle.admit(conn.conn_id, request_id, weight, now_ms)
        if refused:
            return refused
        outcome = Outcome(None)
        try:
            reply = self._reply(conn, method, params, now_ms, outcome)
        except ApiReject as exc:
            reply = error_body(exc)
        reply["id"] = request_id
        self.throttle.add_rate_limits(reply, conn, method, params, now_ms)
        sent = self._faults.deliver(Send(conn.conn_id, dumps(reply)), method, now)
        return sent + list(outcome.actions) + self._route(outcome.events)

    def _reply(
        self,
        conn: ApiConnection,
        method: str,
        params: Mapping[str, Any],
        now_ms: int,
        outcome: Outcome,
    ) -> dict[str, Any]:
        forced = self._faults.take_forced(method)
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
        self.throttle.count_order(api_key, now_ms)

    # -- events and queued work -------------------------------------------------------

    def _route(self, events: Iterable[Event]) -> list[Action]:
        actions: list[Action] = []
        for api_key, event in events:
            for conn in self._conns.values():
                for sub_id, (key, _how) in conn.subscriptions.items():
                    if key == api_key:
                        frame = dumps({"subscriptionId": sub_id, "event": event})
                        actions.append(Send(conn.conn_id, frame))
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
            actions.append(Send(conn.conn_id, dumps({"subscriptionId": sub_id, "event": event})))
            conn.subscriptions.pop(sub_id, None)
        return actions

    def _shutdown_notice(self, now_ms: int) -> list[Action]:
        frame = dumps({"event": {"e": "serverShutdown", "E": now_ms}})
        return [Send(conn_id, frame) for conn_id in self._conns]

    def _revoke(self, now_ms: int) -> list[Action]:
        actions: list[Action] = []
        for conn in self._conns.values():
            if conn.api_key is not None:
                conn.api_key = conn.authorized_since = None
                message = "Invalid API-key, IP, or permissions for action."
                frame = error_frame(None, -2015, message, status=401)
                actions.append(Send(conn.conn_id, frame))
        return actions

    def _ms(self, now: float) -> int:
        return int((now + self._offset) * 1000)


def _handlers(engine: ApiEngine) -> dict[str, _Handler]:
    from venues.binance.spot.simulator.api_handlers import handlers

    return handlers(engine)
