"""``DeribitSimulator``: the Deribit engine served on loopback WebSocket and ``memory://``.

Example:
    >>> with DeribitSimulator({"id": "secret"}, market_data_rate=0.0) as sim:
    ...     sim.url.startswith("ws://127.0.0.1:"), sim.url.endswith("/ws/api/v2")
    (True, True)
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from venues.deribit.simulator._config import DEFAULT_BALANCES, SimulatorConfig
from venues.deribit.simulator._credits import CreditLimits
from venues.deribit.simulator._engine import DeribitEngine
from venues.simulator import Action, LoopbackServer
from venues.simulator.served import ServedSimulator

__all__ = ["PATH", "DeribitSimulator"]

PATH = "/ws/api/v2"
DEFAULT_MALFORMED = '{"jsonrpc": "2.0", "method": "subscription", "params": {'
_names = itertools.count(1)


class _LockedEngine:
    """Serialises the server's engine calls with the simulator's own inspections."""

    def __init__(self, engine: DeribitEngine, lock: threading.Lock) -> None:
        self._engine = engine
        self._lock = lock

    def on_connect(self, conn_id: int, path: str, now: float) -> Sequence[Action]:
        with self._lock:
            return self._engine.on_connect(conn_id, path, now)

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> Sequence[Action]:
        with self._lock:
            return self._engine.on_frame(conn_id, frame, now)

    def on_disconnect(self, conn_id: int, now: float) -> Sequence[Action]:
        with self._lock:
            return self._engine.on_disconnect(conn_id, now)

    def tick(self, now: float) -> Sequence[Action]:
        with self._lock:
            return self._engine.tick(now)


class DeribitSimulator(ServedSimulator):
    """A Deribit API v2 server for tests, examples and users' own tests.

    It speaks JSON-RPC 2.0 over WebSocket at ``sim.url`` (``ws://127.0.0.1:<port>/ws/api/v2``)
    and ``sim.memory_url`` (``memory://deribit-<n>/ws/api/v2``), with auth (three grant types,
    connection and session scopes, expiry, refresh), heartbeats, the credit limiter,
    subscriptions with generated market data, a matching engine with positions and
    cancel-on-disconnect, and fault injection.

    Args:
        accounts: ``{client_id: client_secret}`` of the API keys that may authenticate.
        market_data_rate: market steps per second, each sending one notification per
            subscribed channel; 0 freezes the market (the book then changes only through
            orders). Above ``1 / tick_interval`` steps share a tick and their notifications
            are aggregated.
        heartbeat_scale: real seconds per venue second for heartbeats and the idle timeout.
            ``heartbeat_scale=0.01`` makes ``set_heartbeat(interval=10)`` send a
            ``test_request`` every 0.1 s (and close 0.1 s after an unanswered one).
        seed: seeds the market model (same seed, same prices and trades).
        token_ttl: ``expires_in`` of access tokens in seconds (short for expiry tests).
        testnet: the ``testnet`` flag in replies.
        balances: each account's starting balance per currency (default BTC 10, ETH 100).
        limits: credit limits per connection (default: 500 credits per request from 50,000
            refilling 10,000/s; matching engine 5/s, burst 20).
        idle_timeout: venue seconds of silence before a connection without heartbeats is
            closed; scaled by ``heartbeat_scale`` like heartbeats (600 s at scale 0.01 is 6 s,
            so raise it for idle tests with a small scale).
        tick_interval: seconds between engine ticks (market data and heartbeat resolution).

    Example:
        >>> sim = DeribitSimulator({"id": "secret"}, heartbeat_scale=0.01).start()
        >>> sim.connection_count
        0
        >>> sim.stop()
    """

    def __init__(
        self,
        accounts: Mapping[str, str] | None = None,
        *,
        market_data_rate: float = 10.0,
        heartbeat_scale: float = 1.0,
        seed: int = 0,
        token_ttl: float = 900.0,
        testnet: bool = True,
        balances: Mapping[str, float] | None = None,
        limits: CreditLimits | None = None,
        idle_timeout: float = 600.0,
        tick_interval: float = 0.01,
    ) -> None:
        config = SimulatorConfig(
            accounts=dict(accounts or {}),
            market_data_rate=market_data_rate,
            heartbeat_scale=heartbeat_scale,
            seed=seed,
            token_ttl=token_ttl,
            testnet=testnet,
            balances=dict(DEFAULT_BALANCES if balances is None else balances),
            limits=limits or CreditLimits(),
            idle_timeout=idle_timeout,
        )
        self._lock = threading.Lock()
        self._engine = DeribitEngine(config, clock_offset=time.time() - time.monotonic())
        self._tick_interval = tick_interval
        self._memory_name = f"deribit-{next(_names)}"
        self._server = self._new_server(port=0)

    def _new_server(self, port: int) -> LoopbackServer:
        return LoopbackServer(
            _LockedEngine(self._engine, self._lock),
            port=port,
            tick_interval=self._tick_interval,
            memory_name=self._memory_name,
        )

    def __repr__(self) -> str:
        return f"DeribitSimulator({self._server!r})"

    @property
    def url(self) -> str:
        """``ws://127.0.0.1:<port>/ws/api/v2``.

        Example: see the module docstring.
        """
        return self._server.url + PATH

    @property
    def memory_url(self) -> str:
        """``memory://deribit-<n>/ws/api/v2``, the same engine without sockets.

        Example:
            >>> with DeribitSimulator() as sim:
            ...     sim.memory_url.startswith("memory://deribit-")
            True
        """
        return self._server.memory_url + PATH

    @property
    def engine(self) -> DeribitEngine:
        """The engine (for direct inspection; hold no reference across server calls).

        Example:
            >>> DeribitSimulator().engine.world.config.market_data_rate
            10.0
        """
        return self._engine

    # -- faults (the generic ones come from ServedSimulator) --------------------------

    def send_malformed(self, text: str = DEFAULT_MALFORMED, conn_id: int | None = None) -> int:
        """Send ``text`` as a raw frame to one or every connection; returns how many.

        Example:
            >>> with DeribitSimulator() as sim:
            ...     sim.send_malformed("{oops")
            0
        """
        return self._server.send_raw(text, conn_id)

    # -- venue faults ----------------------------------------------------------------

    def reject_auth(self, enabled: bool = True) -> None:
        """Answer every ``public/auth`` with ``13004 invalid_credentials`` while enabled.

        Example:
            >>> DeribitSimulator().reject_auth()
        """
        with self._lock:
            self._engine.world.tokens.reject_all = enabled

    def fail_method(
        self, method: str, code: int, message: str | None = None, times: int | None = 1
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (``None``: all) with error ``code``.

        ``message`` defaults to the code's name in Deribit's error table.

        Example:
            >>> DeribitSimulator().fail_method("private/buy", 10009)
        """
        with self._lock:
            self._engine.failures.fail(method, code, message, times)

    def clear_failures(self) -> None:
        """Forget every :meth:`fail_method`.

        Example:
            >>> DeribitSimulator().clear_failures()
        """
        with self._lock:
            self._engine.failures.clear()

    def set_index_price(self, index_name: str, price: float) -> None:
        """Move ``btc_usd`` or ``eth_usd`` now; resting orders the market crosses fill.

        Example:
            >>> DeribitSimulator(market_data_rate=0.0).set_index_price("btc_usd", 51_000.0)
        """
        with self._lock:
            self._engine.set_index_price(index_name, price, time.monotonic())

    def skip_book_changes(self, count: int = 1, instrument: str | None = None) -> None:
        """Withhold the next ``count`` book changes of ``instrument`` (``None``: of each one).

        Provokes an order-book gap on ``book.{instrument}.{interval}``: the book and its
        ``change_id`` advance as usual, but those ``change`` notifications reach no
        subscriber, so the next change a client receives has a ``prev_change_id`` that is
        not the last ``change_id`` it saw. The market publishes at most one change per
        instrument per tick, each advancing ``change_id`` by one, so the gap is exactly
        ``count``. A fresh subscription gets a snapshot with the current ``change_id`` and
        chained changes after it. Repeated calls add up.

        Raises:
            InvalidParameters: ``count`` is not an int >= 1 (field ``count``), or
                ``instrument`` is neither ``None`` nor a simulated instrument (``instrument``).

        Example:
            >>> DeribitSimulator().skip_book_changes(2, "BTC-PERPETUAL")
        """
        with self._lock:
            self._engine.skip_book_changes(count, instrument)

    # -- inspection ------------------------------------------------------------------

    def open_orders(self, client_id: str) -> list[dict[str, Any]]:
        """The open orders of ``client_id`` as order records, oldest first.

        Example:
            >>> DeribitSimulator({"a": "s"}).open_orders("a")
            []
        """
        with self._lock:
            return self._engine.snapshot_orders(client_id)

    def orders(self, client_id: str) -> list[dict[str, Any]]:
        """Every order of ``client_id`` (open and closed), oldest first.

        Example:
            >>> DeribitSimulator({"a": "s"}).orders("a")
            []
        """
        with self._lock:
            return self._engine.snapshot_orders(client_id, open_only=False)

    def position(self, client_id: str, instrument: str) -> dict[str, Any]:
        """The position record of ``client_id`` in ``instrument``.

        Example:
            >>> DeribitSimulator({"a": "s"}).position("a", "BTC-PERPETUAL")["size"]
            0.0
        """
        with self._lock:
            world = self._engine.world
            return world.ledger.position_wire(client_id, world.market.quotes(instrument))

    def balance(self, client_id: str, currency: str) -> float:
        """The balance of ``client_id`` in ``currency``.

        Example:
            >>> DeribitSimulator({"a": "s"}).balance("a", "BTC")
            10.0
        """
        with self._lock:
            return self._engine.world.ledger.balance(client_id, currency)

    def subscriptions(self, conn_id: int) -> list[str]:
        """Channels connection ``conn_id`` is subscribed to (empty if unknown).

        Example:
            >>> DeribitSimulator().subscriptions(1)
            []
        """
        with self._lock:
            conn = self._engine.world.connections.get(conn_id)
            return list(conn.subscriptions) if conn is not None else []

    def authenticated_as(self, conn_id: int) -> str:
        """The ``client_id`` connection ``conn_id`` authenticated as (``""`` if none).

        Example:
            >>> DeribitSimulator().authenticated_as(1)
            ''
        """
        with self._lock:
            conn = self._engine.world.connections.get(conn_id)
            return conn.account if conn is not None else ""

    def heartbeat_interval(self, conn_id: int) -> float:
        """The heartbeat interval set on ``conn_id`` in venue seconds (0: none).

        Example:
            >>> DeribitSimulator().heartbeat_interval(1)
            0.0
        """
        with self._lock:
            conn = self._engine.world.connections.get(conn_id)
            return conn.heartbeat.interval if conn is not None else 0.0

    def cancel_on_disconnect(self, conn_id: int) -> bool:
        """Whether cancel-on-disconnect is on for connection ``conn_id``.

        Example:
            >>> DeribitSimulator().cancel_on_disconnect(1)
            False
        """
        with self._lock:
            conn = self._engine.world.connections.get(conn_id)
            return conn.cancel_on_disconnect if conn is not None else False

    def last_trade_seq(self, instrument: str) -> int:
        """The ``trade_seq`` of the last trade printed on ``instrument`` (0: none yet).

        ``trade_seq`` has no gaps, so a client that saw every trade from ``a`` to this value
        saw ``this - a + 1`` trades.

        Example:
            >>> DeribitSimulator().last_trade_seq("BTC-PERPETUAL")
            0
        """
        with self._lock:
            return self._engine.world.ids.last_trade_seq(instrument)

    def last_trade_id(self, instrument: str) -> str:
        """The ``trade_id`` of the last trade printed on ``instrument`` (``""``: none yet).

        Example:
            >>> DeribitSimulator().last_trade_id("ETH-PERPETUAL")
            ''
        """
        with self._lock:
            return self._engine.world.ids.last_trade_id(instrument)

    def change_id(self, instrument: str) -> int:
        """The ``change_id`` of ``instrument``'s last published book state.

        Example:
            >>> DeribitSimulator().change_id("BTC-PERPETUAL")
            1001
        """
        with self._lock:
            return self._engine.world.market.quotes(instrument).book.change_id
