"""The simulated Coinbase Advanced Trade venue, sans-I/O (``venues.simulator.Engine``).

What it does, per connection (one ``sequence_num`` counter each, from 0):

- answers every subscribe/unsubscribe with the whole ``subscriptions`` state, then
  sends a snapshot per new (channel, product): level2 book, ticker, recent trades,
  candle, status, open orders (batched by 50), balance summary;
- refuses what the venue refuses with ``{"type": "error", "message": ...}``: bad
  JSON, unknown channel or product, a channel the endpoint does not serve (the user
  endpoint serves heartbeats, user and futures_balance_summary), a missing or invalid
  JWT (ES256 or EdDSA signature, ``iss``, ``sub``, ``nbf``, ``exp``, lifetime);
- closes a connection that sends no subscribe within ``subscribe_window`` seconds,
  and one whose subscriptions saw no data for ``idle_timeout`` seconds while not
  subscribed to heartbeats;
- generates seeded data on ``tick``: book updates and trades (with tickers) at
  ``updates_per_second`` per product, heartbeats every second, candles every
  ``candles_interval``, ticker batches, status, user order changes and balances.
  With ``batch_products`` one message per channel carries the events of every
  product of a round (the venue may batch products in one message);
- serves a ``-USDC`` subscription on market-data channels with the ``-USD`` product's
  data, named ``-USD`` as the venue does (``USDT-USDC`` and ``EURC-USDC`` excepted).

Faults and commands (:meth:`CoinbaseEngine.skip_sequence`,
:meth:`CoinbaseEngine.duplicate_next`, :meth:`CoinbaseEngine.reorder_next`,
:meth:`CoinbaseEngine.skip_heartbeats`,
:meth:`CoinbaseEngine.send_error`, :meth:`CoinbaseEngine.fail_next_subscribe`,
:meth:`CoinbaseEngine.ignore_next_subscribe`, :meth:`CoinbaseEngine.place_order`,
:meth:`CoinbaseEngine.report_subscriptions`) may be called from any thread: they are
queued and applied at the start of the next ``tick``, under the server's lock like
every other engine call. :meth:`CoinbaseEngine.advance_clock` takes effect at once.

Example:
    >>> engine = CoinbaseEngine(EngineConfig(seed=1))
    >>> engine.on_connect(1, "/", now=0.0)
    []
    >>> request = '{"type":"subscribe","channel":"heartbeats"}'
    >>> [a.frame[:31] for a in engine.on_frame(1, request, 0.1)]
    ['{"channel":"subscriptions","cli']
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from venues.coinbase.aliases import usd_twin
from venues.coinbase.endpoints import USER_ENDPOINT_CHANNELS
from venues.coinbase.keys import PRIVATE_CHANNELS, PRODUCTLESS_CHANNELS, PUBLIC_CHANNELS, WIRE_NAMES
from venues.coinbase.simulator._accounts import Accounts
from venues.coinbase.simulator._market import Market
from venues.coinbase.simulator._wire import envelope, error_frame, rfc3339
from venues.coinbase.simulator.auth import JwtRejected, PublicKey, load_public_key, verify_jwt
from venues.simulator import Close, Send

__all__ = ["CoinbaseEngine", "EngineConfig", "Subscriptions"]

Action = Send | Close
USER_PATH = "/user"
Subscriptions = list[dict[str, list[str]]]
"""What open connections are subscribed to: one ``channel -> sorted products`` each."""


@dataclass(frozen=True)
class EngineConfig:
    """How the simulated venue behaves (every rate is per second, every time in s).

    Example:
        >>> EngineConfig(subscribe_window=None).subscribe_window is None
        True
    """

    products: tuple[str, ...] = ("BTC-USD", "ETH-USD")
    quiet_products: tuple[str, ...] = ()
    seed: int = 7
    updates_per_second: float = 20.0
    heartbeat_interval: float = 1.0
    candles_interval: float = 1.0
    ticker_batch_interval: float = 5.0
    status_interval: float = 10.0
    user_updates_per_second: float = 1.0
    balance_interval: float = 5.0
    subscribe_window: float | None = 5.0
    idle_timeout: float | None = 60.0
    batch_products: bool = False
    book_levels: int = 10
    accounts: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class _Conn:
    conn_id: int
    user_endpoint: bool
    opened_at: float
    last_data: float
    next_seq: int = 0
    subscribed_once: bool = False
    channels: dict[str, set[str]] = field(default_factory=dict)
    account: str | None = None
    heartbeat_counter: int = 0
    skip: int = 0
    duplicates: int = 0
    hold_next: bool = False
    held: list[Action] = field(default_factory=list)


class CoinbaseEngine:
    """The venue's behaviour; every call is made under the server's one lock.

    Example:
        >>> CoinbaseEngine().tick(0.0)
        []
    """

    def __init__(
        self, config: EngineConfig | None = None, *, wall_clock: Callable[[], int] | None = None
    ) -> None:
        self.config = config or EngineConfig()
        products = tuple(dict.fromkeys(self.config.products + self.config.quiet_products))
        self._products = products
        self._market = Market(products, self.config.seed, levels=self.config.book_levels)
        self._keys: dict[str, PublicKey] = {
            name: load_public_key(key) for name, key in self.config.accounts.items()
        }
        self._accounts = Accounts(self._keys, self.config.seed + 1)
        self._wall = wall_clock or time.time_ns
        self._clock_ahead_ns = 0
        self._conns: dict[int, _Conn] = {}
        self._due: dict[str, float] = {}
        self._credit = 0.0
        self._user_credit = 0.0
        self._last_tick: float | None = None
        self._fail_subscribes: list[str] = []
        self._ignore_subscribes = 0
        self._commands: deque[Callable[[], list[Action]]] = deque()
        self.subscribe_messages = 0
        self.jwts_seen: list[str] = []

    # -- Engine protocol -------------------------------------------------------------

    def on_connect(self, conn_id: int, path: str, now: float) -> list[Action]:
        """Register a connection (``/user`` is the user endpoint).

        Example:
            >>> CoinbaseEngine().on_connect(1, "/user", 0.0)
            []
        """
        user = path.rstrip("/").endswith(USER_PATH)
        self._conns[conn_id] = _Conn(conn_id, user, now, now)
        return []

    def on_disconnect(self, conn_id: int, now: float) -> list[Action]:
        """Forget a connection.

        Example:
            >>> CoinbaseEngine().on_disconnect(1, 0.0)
            []
        """
        self._conns.pop(conn_id, None)
        return []

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> list[Action]:
        """Answer one client message.

        Example:
            >>> CoinbaseEngine().on_frame(9, "{}", 0.0)  # unknown connection
            []
        """
        conn = self._conns.get(conn_id)
        if conn is None:
            return []
        try:
            request = self._parse_request(frame)
            return self._apply(conn, request, now)
        except _Refused as refused:
            return [Send(conn_id, error_frame(str(refused)))]

    def tick(self, now: float) -> list[Action]:
        """Generate data and enforce the time rules.

        Example:
            >>> CoinbaseEngine().tick(1.0)
            []
        """
        elapsed = 0.0 if self._last_tick is None else max(0.0, now - self._last_tick)
        self._last_tick = now
        actions: list[Action] = self._run_commands()
        actions += self._closures(now)
        actions += self._market_flow(elapsed, now)
        actions += self._periodic(now)
        actions += self._user_flow(elapsed, now)
        return actions

    # -- faults and commands (queued; applied by the next tick) -------------------------

    def _run_commands(self) -> list[Action]:
        actions: list[Action] = []
        while self._commands:
            actions += self._commands.popleft()()
        return actions

    def skip_sequence(self, count: int = 1) -> None:
        """The next message on every open connection skips ``count`` sequence numbers.

        Example:
            >>> CoinbaseEngine().skip_sequence(3)
        """
        self._commands.append(lambda: self._for_all("skip", count))

    def duplicate_next(self, count: int = 1) -> None:
        """The next message on every open connection is sent ``count`` extra times.

        Example:
            >>> CoinbaseEngine().duplicate_next()
        """
        self._commands.append(lambda: self._for_all("duplicates", count))

    def skip_heartbeats(self, count: int = 1) -> None:
        """The next heartbeat on every open connection skips ``count`` counter values.

        Example:
            >>> CoinbaseEngine().skip_heartbeats(3)
        """
        self._commands.append(lambda: self._for_all("heartbeat_counter", count))

    def reorder_next(self) -> None:
        """The next message on every open connection arrives after the one that
        follows it (out of order).

        Example:
            >>> CoinbaseEngine().reorder_next()
        """
        self._commands.append(lambda: self._for_all("hold_next", True))

    def advance_clock(self, seconds: float) -> None:
        """Move the venue's wall clock ahead by ``seconds``, at once (not queued).

        A client whose JWTs live 120 s sees them refused as expired once the venue's
        clock is more than 120 s ahead of its own.

        Example:
            >>> CoinbaseEngine().advance_clock(121.0)
        """
        self._clock_ahead_ns += int(seconds * 1_000_000_000)

    def _now_ns(self) -> int:
        return self._wall() + self._clock_ahead_ns

    def _for_all(self, attribute: str, count: int | bool) -> list[Action]:
        for conn in self._conns.values():
            value = count if isinstance(count, bool) else getattr(conn, attribute) + count
            setattr(conn, attribute, value)
        return []

    def send_error(self, message: str) -> None:
        """An error message to every open connection.

        Example:
            >>> CoinbaseEngine().send_error("failure to subscribe")
        """
        self._commands.append(lambda: [Send(c, error_frame(message)) for c in self._conns])

    def fail_next_subscribe(self, message: str = "failure to subscribe") -> None:
        """The next subscribe/unsubscribe message gets an error instead of a change.

        Example:
            >>> CoinbaseEngine().fail_next_subscribe()
        """
        self._commands.append(lambda: self._queue_failure(message))

    def ignore_next_subscribe(self) -> None:
        """The next subscribe/unsubscribe message changes nothing: it is answered with
        the unchanged ``subscriptions`` state (the client sees its keys unconfirmed).

        Example:
            >>> CoinbaseEngine().ignore_next_subscribe()
        """
        self._commands.append(self._queue_ignore)

    def _queue_ignore(self) -> list[Action]:
        self._ignore_subscribes += 1
        return []

    def _queue_failure(self, message: str) -> list[Action]:
        self._fail_subscribes.append(message)
        return []

    def report_subscriptions(self, report: Callable[[Subscriptions], None]) -> None:
        """Call ``report`` with each open connection's subscriptions (channel -> sorted
        products), oldest connection first.

        Example:
            >>> engine = CoinbaseEngine()
            >>> engine.report_subscriptions(print)
            >>> engine.tick(0.0)
            []
            []
        """
        self._commands.append(lambda: self._report(report))

    def _report(self, report: Callable[[Subscriptions], None]) -> list[Action]:
        conns = [self._conns[conn_id] for conn_id in sorted(self._conns)]
        report([{ch: sorted(ps) for ch, ps in c.channels.items()} for c in conns])
        return []

    def place_order(self, key_name: str, product_id: str, side: str, size: str, price: str) -> None:
        """Add an open order to ``key_name`` and tell its ``user`` subscribers.

        Example:
            >>> # engine.place_order(key_name, "BTC-USD", "BUY", "0.001", "68900")
        """
        self._commands.append(lambda: self._place(key_name, product_id, side, size, price))

    def _place(
        self, key_name: str, product_id: str, side: str, size: str, price: str
    ) -> list[Action]:
        when = rfc3339(self._now_ns())
        order = self._accounts.place_order(key_name, product_id, side, size, price, when=when)
        return self._to_user(key_name, order, when)

    # -- requests -------------------------------------------------------------------

    def _parse_request(self, frame: str | bytes) -> dict[str, Any]:
        try:
            request = json.loads(frame)
        except (ValueError, TypeError):
            raise _Refused("malformed request: not JSON") from None
        if not isinstance(request, dict):
            raise _Refused("malformed request: not an object")
        if request.get("type") not in ("subscribe", "unsubscribe"):
            raise _Refused(f"unknown message type {request.get('type')!r}")
        return request

    def _apply(self, conn: _Conn, request: dict[str, Any], now: float) -> list[Action]:
        self.subscribe_messages += 1
        conn.subscribed_once = True
        if self._fail_subscribes:
            raise _Refused(self._fail_subscribes.pop(0))
        if self._ignore_subscribes:
            self._ignore_subscribes -= 1
            return self._state(conn)
        channel = self._check_channel(conn, request.get("channel"))
        account = self._check_jwt(conn, channel, request.get("jwt"))
        products = self._check_products(channel, request.get("product_ids"))
        if request["type"] == "unsubscribe":
            self._remove(conn, channel, products)
            return self._state(conn)
        if account is not None:
            conn.account = account
        new = self._add(conn, channel, products)
        conn.last_data = now
        return [*self._state(conn), *self._snapshots(conn, channel, new)]

    def _check_channel(self, conn: _Conn, channel: Any) -> str:
        if channel not in PUBLIC_CHANNELS | PRIVATE_CHANNELS:
            raise _Refused(f"unknown channel {channel!r}")
        if conn.user_endpoint and channel not in USER_ENDPOINT_CHANNELS:
            raise _Refused(f"channel {channel!r} is not served on the user endpoint")
        return str(channel)

    def _check_jwt(self, conn: _Conn, channel: str, token: Any) -> str | None:
        if token is None:
            if channel in PRIVATE_CHANNELS:
                raise _Refused(f"authentication failure: {channel!r} needs a jwt")
            return None
        self.jwts_seen.append(str(token))
        try:
            return verify_jwt(str(token), self._keys, now=self._now_ns() / 1e9)
        except JwtRejected as exc:
            raise _Refused(f"authentication failure: {exc}") from None

    def _check_products(self, channel: str, products: Any) -> list[str]:
        if channel in PRODUCTLESS_CHANNELS:
            return []
        if products is None:
            return []
        if not isinstance(products, list) or not all(isinstance(p, str) for p in products):
            raise _Refused("product_ids must be a list of strings")
        for product in products:
            if product not in self._products and usd_twin(channel, product) not in self._products:
                raise _Refused(f"failure to subscribe: unknown product_id {product!r}")
        return products

    def _add(self, conn: _Conn, channel: str, products: list[str]) -> list[str | None]:
        if channel in PRODUCTLESS_CHANNELS:
            fresh = channel not in conn.channels
            conn.channels.setdefault(channel, set())
            return [None] if fresh else []
        if not products:
            raise _Refused(f"failure to subscribe: {channel!r} needs product_ids")
        have = conn.channels.setdefault(channel, set())
        new: list[str | None] = [p for p in products if p not in have]
        have.update(products)
        return new

    @staticmethod
    def _remove(conn: _Conn, channel: str, products: list[str]) -> None:
        if not products or channel in PRODUCTLESS_CHANNELS:
            conn.channels.pop(channel, None)
            return
        have = conn.channels.get(channel, set())
        have.difference_update(products)
        if not have:
            conn.channels.pop(channel, None)

    # -- messages -------------------------------------------------------------------

    def _send(self, conn: _Conn, wire: str, events: list[dict[str, Any]]) -> list[Action]:
        conn.next_seq += conn.skip
        conn.skip = 0
        frame = envelope(wire, conn.next_seq, rfc3339(self._now_ns()), events)
        conn.next_seq += 1
        copies = 1 + conn.duplicates
        conn.duplicates = 0
        out: list[Action] = [Send(conn.conn_id, frame) for _ in range(copies)]
        if conn.hold_next:
            # Reordering fault: this message goes out after the next one.
            conn.hold_next, conn.held = False, out
            return []
        out += conn.held
        conn.held = []
        return out

    def _state(self, conn: _Conn) -> list[Action]:
        state = {ch: sorted(products) for ch, products in conn.channels.items()}
        return self._send(conn, "subscriptions", [{"subscriptions": state}])

    def _snapshots(self, conn: _Conn, channel: str, new: list[str | None]) -> list[Action]:
        actions: list[Action] = []
        for product in new:
            for events in self._snapshot_events(conn, channel, product):
                actions += self._send(conn, WIRE_NAMES[channel], events)
        return actions

    def _snapshot_events(
        self, conn: _Conn, channel: str, product: str | None
    ) -> list[list[dict[str, Any]]]:
        when = rfc3339(self._now_ns())
        market = self._market
        product = usd_twin(channel, product) or product  # the data a -USDC key is served
        if channel == "level2" and product:
            return [[market.level2_snapshot(product, when)]]
        if channel in ("ticker", "ticker_batch") and product:
            return [[{"type": "snapshot", "tickers": [market.ticker(product)]}]]
        if channel == "market_trades" and product:
            trades = [market.trade(product, when) for _ in range(3)]
            return [[{"type": "snapshot", "trades": trades}]]
        if channel == "candles" and product:
            candle = market.candle(product, self._now_ns() // 1_000_000_000)
            return [[{"type": "snapshot", "candles": [candle]}]]
        if channel == "status" and product:
            return [[{"type": "snapshot", "products": [market.status(product)]}]]
        if channel == "user" and conn.account is not None:
            return self._user_snapshot(conn.account)
        if channel == "futures_balance_summary":
            summary = self._accounts.balance_summary()
            return [[{"type": "snapshot", "fcm_balance_summary": summary}]]
        return []

    def _user_snapshot(self, account: str) -> list[list[dict[str, Any]]]:
        orders = self._accounts.open_orders(account)
        batches = [orders[i : i + 50] for i in range(0, len(orders), 50)] or [[]]
        positions = self._accounts.positions()
        return [[{"type": "snapshot", "orders": b, "positions": positions}] for b in batches]

    # -- time -----------------------------------------------------------------------

    def _closures(self, now: float) -> list[Action]:
        actions: list[Action] = []
        for conn in list(self._conns.values()):
            reason = self._close_reason(conn, now)
            if reason:
                self._conns.pop(conn.conn_id)
                actions.append(Close(conn.conn_id, 1000, reason))
        return actions

    def _close_reason(self, conn: _Conn, now: float) -> str:
        window = self.config.subscribe_window
        if window is not None and not conn.subscribed_once and now - conn.opened_at >= window:
            return "no subscribe within the subscribe window"
        idle = self.config.idle_timeout
        quiet = conn.channels and "heartbeats" not in conn.channels
        if idle is not None and quiet and now - conn.last_data >= idle:
            return "idle: no updates and no heartbeats"
        return ""

    def _subscribers(self, channel: str, product: str | None = None) -> list[_Conn]:
        if product is None:
            return [c for c in self._conns.values() if channel in c.channels]
        wanted = _keys_served(channel, product)
        return [
            c for c in self._conns.values() if not wanted.isdisjoint(c.channels.get(channel, ()))
        ]

    def _market_flow(self, elapsed: float, now: float) -> list[Action]:
        self._credit += elapsed * self.config.updates_per_second
        actions: list[Action] = []
        while self._credit >= 1.0:
            self._credit -= 1.0
            actions += self._market_round(now)
        return actions

    def _market_round(self, now: float) -> list[Action]:
        when = rfc3339(self._now_ns())
        outbox: list[tuple[_Conn, str, dict[str, Any]]] = []
        for product in self.config.products:
            outbox += self._market_events(product, when, now)
        if not self.config.batch_products:
            return [a for conn, wire, event in outbox for a in self._send(conn, wire, [event])]
        batches: dict[tuple[int, str], tuple[_Conn, list[dict[str, Any]]]] = {}
        for conn, wire, event in outbox:
            batches.setdefault((conn.conn_id, wire), (conn, []))[1].append(event)
        return [
            a for (_, wire), (conn, evs) in batches.items() for a in self._send(conn, wire, evs)
        ]

    def _market_events(
        self, product: str, when: str, now: float
    ) -> list[tuple[_Conn, str, dict[str, Any]]]:
        # Always drawn in this order, subscribers or not: the data depend on the seed only.
        generated = (
            ("level2", self._market.level2_update(product, when)),
            ("market_trades", {"type": "update", "trades": [self._market.trade(product, when)]}),
            ("ticker", {"type": "update", "tickers": [self._market.ticker(product)]}),
        )
        out: list[tuple[_Conn, str, dict[str, Any]]] = []
        for channel, event in generated:
            for conn in self._subscribers(channel, product):
                conn.last_data = now
                out.append((conn, WIRE_NAMES[channel], event))
        return out

    def _due_now(self, name: str, interval: float, now: float) -> bool:
        due = self._due.setdefault(name, now + interval)
        if now < due:
            return False
        self._due[name] = now + interval
        return True

    def _periodic(self, now: float) -> list[Action]:
        cfg = self.config
        actions: list[Action] = []
        if self._due_now("heartbeats", cfg.heartbeat_interval, now):
            actions += self._heartbeats()
        if self._due_now("candles", cfg.candles_interval, now):
            actions += self._per_product("candles", now, self._candles_event)
        if self._due_now("ticker_batch", cfg.ticker_batch_interval, now):
            actions += self._per_product("ticker_batch", now, self._ticker_batch_event)
        if self._due_now("status", cfg.status_interval, now):
            actions += self._per_product("status", now, self._status_event)
        if self._due_now("balance", cfg.balance_interval, now):
            actions += self._balances(now)
        return actions

    def _heartbeats(self) -> list[Action]:
        actions: list[Action] = []
        for conn in self._subscribers("heartbeats"):
            conn.heartbeat_counter += 1
            wall = self._now_ns()
            seconds, nanos = divmod(wall, 1_000_000_000)
            stamp = rfc3339(wall)[:19].replace("T", " ")
            current = f"{stamp}.{nanos:09d} +0000 UTC m=+{seconds % 100000}.000000001"
            event = {"current_time": current, "heartbeat_counter": str(conn.heartbeat_counter)}
            actions += self._send(conn, "heartbeats", [event])
        return actions

    def _per_product(
        self, channel: str, now: float, build: Callable[[str], dict[str, Any]]
    ) -> list[Action]:
        actions: list[Action] = []
        for product in self.config.products:
            subscribers = self._subscribers(channel, product)
            if not subscribers:
                continue
            event = build(product)
            for conn in subscribers:
                conn.last_data = now
                actions += self._send(conn, channel, [event])
        return actions

    def _candles_event(self, product: str) -> dict[str, Any]:
        candle = self._market.candle(product, self._now_ns() // 1_000_000_000)
        return {"type": "update", "candles": [candle]}

    def _ticker_batch_event(self, product: str) -> dict[str, Any]:
        return {"type": "update", "tickers": [self._market.ticker(product)]}

    def _status_event(self, product: str) -> dict[str, Any]:
        return {"type": "update", "products": [self._market.status(product)]}

    def _balances(self, now: float) -> list[Action]:
        actions: list[Action] = []
        for conn in self._subscribers("futures_balance_summary"):
            conn.last_data = now
            event = {"type": "update", "fcm_balance_summary": self._accounts.balance_summary()}
            actions += self._send(conn, "futures_balance_summary", [event])
        return actions

    def _user_flow(self, elapsed: float, now: float) -> list[Action]:
        self._user_credit += elapsed * self.config.user_updates_per_second
        actions: list[Action] = []
        while self._user_credit >= 1.0:
            self._user_credit -= 1.0
            accounts = {c.account for c in self._subscribers("user") if c.account}
            for account in sorted(accounts):
                when = rfc3339(self._now_ns())
                order = self._accounts.step(account, self.config.products, when)
                actions += self._to_user(account, order, when)
        return actions

    def _to_user(self, account: str, order: dict[str, Any], when: str) -> list[Action]:
        actions: list[Action] = []
        event = {"type": "update", "orders": [order], "positions": self._accounts.positions()}
        for conn in self._subscribers("user"):
            if conn.account == account:
                actions += self._send(conn, "user", [event])
        return actions


def _keys_served(channel: str, product: str) -> set[str]:
    """The subscribed products that data for ``product`` goes to (its -USDC twin too)."""
    alias = product + "C"
    return {product, alias} if usd_twin(channel, alias) == product else {product}


class _Refused(Exception):
    """A client message the venue answers with an error message."""
