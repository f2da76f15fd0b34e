"""The Binance Spot market-data streams venue, as a sans-I/O simulator engine.

Served by ``venues.simulator.LoopbackServer`` (real frames over loopback TCP) on
``/stream?streams=a/b`` (combined) and ``/ws/<stream>`` (raw). It keeps the venue's rules:

1. Control messages get replies or errors with codes 0-3 (see :mod:`.streams_control`).
2. More than ``max_messages_per_second`` incoming messages in any second disconnects the
   connection (close code 1008), as the venue does. Control messages and pongs both
   count (``LoopbackServer`` reports each pong to :meth:`StreamsEngine.on_pong`).
3. A connection carries at most ``max_streams`` streams.
4. Pings every ``ping_interval`` seconds (with the event time as payload). A ping whose
   payload no pong echoed within ``pong_timeout`` disconnects (close code 1000, "no
   pong"); a pong echoing a later ping answers the earlier ones too, and a pong echoing
   no ping of this engine counts as a message but keeps nothing alive.
5. A connection is closed once it is ``max_connection_age`` seconds old.
6. Trade ids are consecutive per symbol across every connection, so a client can prove
   it lost no trade.

Market data is generated at ``rate`` trades per second per symbol from ``seed``.

Example:
    >>> engine = StreamsEngine(rate=100.0, seed=1)
    >>> engine.on_connect(1, "/stream?streams=btcusdt@trade", now=0.0)
    []
    >>> first = engine.tick(0.0)  # the clock starts; trades accrue from here
    >>> frames = [a.frame for a in engine.tick(0.05) if isinstance(a, Send)]
    >>> '"stream":"btcusdt@trade"' in frames[0]
    True
"""

from __future__ import annotations

import json
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from venues.binance.spot.limits import (
    STREAM_MAX_CONNECTION_AGE,
    STREAM_MESSAGES_PER_SECOND,
    STREAM_PING_INTERVAL,
    STREAM_PONG_TIMEOUT,
    STREAMS_PER_CONNECTION,
)
from venues.binance.spot.simulator.streams_control import answer
from venues.binance.spot.simulator.streams_feed import Feed
from venues.binance.spot.simulator.streams_market import Market
from venues.binance.spot.simulator.streams_paths import parse_path
from venues.simulator import Close, Ping, Send

__all__ = ["StreamsEngine"]

Action = Send | Close | Ping

_RATE_CLOSE = 1008
_MAX_CATCH_UP = 1.0  # seconds of trades generated at most per tick after a stall


@dataclass
class _Connection:
    conn_id: int
    combined: bool
    opened_at: float
    last_ping: float
    streams: dict[str, None] = field(default_factory=dict)
    frames: deque[float] = field(default_factory=deque)
    pending_pings: deque[tuple[bytes, float]] = field(default_factory=deque)
    close_at: float | None = None


class StreamsEngine:
    """The streams venue: connections, subscriptions, limits and generated market data.

    Args:
        rate: trades per second per symbol.
        seed: seeds the generated market data.
        ping_interval: seconds between server pings.
        pong_timeout: seconds to wait for the pong echoing a ping before disconnecting
            (the venue's :data:`~venues.binance.spot.limits.STREAM_PONG_TIMEOUT`);
            ``None`` does not enforce it. ``LoopbackServer`` reports every pong to
            :meth:`StreamsEngine.on_pong`.
        max_connection_age: seconds after which a connection is closed.
        period_scale: multiplies the documented update period of periodic streams.
        symbols: symbols that always trade (others trade once subscribed).
        max_messages_per_second: incoming messages per second before a disconnect.
        max_streams: streams per connection.
        epoch_offset: added to ``now`` to make event times (epoch seconds); by
            default the offset between the wall clock and the monotonic clock.

    Example:
        >>> StreamsEngine(seed=3).connection_ids
        []
    """

    def __init__(
        self,
        rate: float = 10.0,
        seed: int = 0,
        ping_interval: float = STREAM_PING_INTERVAL,
        max_connection_age: float = STREAM_MAX_CONNECTION_AGE,
        *,
        pong_timeout: float | None = STREAM_PONG_TIMEOUT,
        period_scale: float = 1.0,
        symbols: tuple[str, ...] = ("BTCUSDT", "ETHUSDT", "BNBBTC"),
        max_messages_per_second: int = STREAM_MESSAGES_PER_SECOND,
        max_streams: int = STREAMS_PER_CONNECTION,
        epoch_offset: float | None = None,
    ) -> None:
        self._rate = rate
        self._ping_interval = ping_interval
        self._pong_timeout = pong_timeout
        self._max_age = max_connection_age
        self._max_messages = max_messages_per_second
        self._max_streams = max_streams
        self._epoch = time.time() - time.monotonic() if epoch_offset is None else epoch_offset
        self._market = Market(random.Random(seed))
        self._feed = Feed(self._market, period_scale)
        self._symbols = tuple(s.upper() for s in symbols)
        self._connections: dict[int, _Connection] = {}
        self._subscribers: dict[str, set[int]] = {}
        self._due: dict[str, float] = {}
        self._owed: dict[str, float] = {}
        self._last_tick: float | None = None
        self._faults: deque[Callable[[float], list[Action]]] = deque()
        self.pongs: list[bytes] = []
        self.rate_limit_disconnects = 0
        self.frames_received = 0

    # -- observation -----------------------------------------------------------------

    @property
    def connection_ids(self) -> list[int]:
        """Ids of the open connections."""
        return list(self._connections)

    def subscriptions(self, conn_id: int) -> list[str]:
        """The streams connection ``conn_id`` carries, in subscription order."""
        connection = self._connections.get(conn_id)
        return list(connection.streams) if connection else []

    def last_trade_id(self, symbol: str) -> int:
        """The last trade id issued for ``symbol`` (0 before its first trade)."""
        return self._market.symbol(symbol.upper()).trade_id

    # -- faults (thread-safe: queued, applied on the next tick) --------------------------

    def server_shutdown(self, grace: float = 1.0) -> None:
        """Send ``serverShutdown`` to every connection, then close each after ``grace`` s."""
        self._faults.append(lambda now: self._shutdown(now, grace))

    def send_malformed(self, frame: str = '{"stream": "btcusdt@trade", "data": {') -> None:
        """Send ``frame`` (malformed by default) to every connection."""
        self._faults.append(lambda now: [Send(c, frame) for c in self._connections])

    def close_all(self, code: int = 1001, reason: str = "going away") -> None:
        """Close every connection (the venue restarting)."""
        self._faults.append(lambda now: [self._close(c, code, reason) for c in self.connection_ids])

    # -- the engine protocol ------------------------------------------------------------

    def on_connect(self, conn_id: int, path: str, now: float) -> list[Action]:
        """Open a connection for ``path``; an invalid path is closed at once."""
        try:
            wanted = parse_path(path)
        except ValueError as exc:
            return [Close(conn_id, _RATE_CLOSE, str(exc)[:120])]
        if len(wanted.streams) > self._max_streams:
            return [Close(conn_id, _RATE_CLOSE, f"more than {self._max_streams} streams")]
        connection = _Connection(conn_id, wanted.combined, now, now)
        self._connections[conn_id] = connection
        self._subscribe(connection, wanted.streams, now)
        return []

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> list[Action]:
        """Answer one control message (after counting it against the message rate)."""
        connection = self._connections.get(conn_id)
        if connection is None:
            return []
        self.frames_received += 1
        if not self._count(connection, now):
            return [self._rate_close(conn_id)]
        outcome = answer(
            frame,
            streams=connection.streams,
            combined=connection.combined,
            max_streams=self._max_streams,
        )
        self._subscribe(connection, outcome.subscribe, now)
        self._unsubscribe(connection, outcome.unsubscribe)
        if outcome.combined is not None:
            connection.combined = outcome.combined
        return [Send(conn_id, json.dumps(outcome.reply, separators=(",", ":")))]

    def on_pong(self, conn_id: int, payload: bytes, now: float) -> list[Action]:
        """Record a pong: it counts against the message rate like any frame, and echoing
        a ping's payload answers that ping and every earlier one.
        """
        connection = self._connections.get(conn_id)
        if connection is None:
            return []
        self.pongs.append(bytes(payload))
        _answer_pings(connection.pending_pings, bytes(payload))
        if not self._count(connection, now):
            return [self._rate_close(conn_id)]
        return []

    def on_disconnect(self, conn_id: int, now: float) -> list[Action]:
        """Forget a connection the peer closed."""
        self._forget(conn_id)
        return []

    def tick(self, now: float) -> list[Action]:
        """Apply faults, enforce lifetimes and pings, and generate market data."""
        actions: list[Action] = []
        while self._faults:
            actions.extend(self._faults.popleft()(now))
        actions.extend(self._expire(now))
        actions.extend(self._pings(now))
        actions.extend(self._trades(now))
        actions.extend(self._periodic(now))
        return actions

    # -- connections ----------------------------------------------------------------------

    def _count(self, connection: _Connection, now: float) -> bool:
        frames = connection.frames
        frames.append(now)
        while frames and frames[0] <= now - 1.0:
            frames.popleft()
        return len(frames) <= self._max_messages

    def _rate_close(self, conn_id: int) -> Close:
        self.rate_limit_disconnects += 1
        return self._close(conn_id, _RATE_CLOSE, "Too many messages")

    def _close(self, conn_id: int, code: int, reason: str) -> Close:
        self._forget(conn_id)
        return Close(conn_id, code, reason)

    def _forget(self, conn_id: int) -> None:
        connection = self._connections.pop(conn_id, None)
        if connection is not None:
            self._unsubscribe(connection, tuple(connection.streams))

    def _subscribe(self, connection: _Connection, streams: tuple[str, ...], now: float) -> None:
        for stream in streams:
            connection.streams[stream] = None
            subscribers = self._subscribers.setdefault(stream, set())
            if not subscribers:
                self._start(stream, now)
            subscribers.add(connection.conn_id)

    def _start(self, stream: str, now: float) -> None:
        self._feed.start(stream, self._ms(now))
        period = self._feed.period(stream)
        if period is not None:
            self._due[stream] = now + period
        symbol = stream.partition("@")[0].upper()
        if not stream.startswith("!"):
            self._owed.setdefault(symbol, 0.0)

    def _unsubscribe(self, connection: _Connection, streams: tuple[str, ...]) -> None:
        for stream in streams:
            connection.streams.pop(stream, None)
            subscribers = self._subscribers.get(stream)
            if subscribers is None:
                continue
            subscribers.discard(connection.conn_id)
            if not subscribers:
                del self._subscribers[stream]
                self._due.pop(stream, None)
                self._feed.stop(stream)

    def _shutdown(self, now: float, grace: float) -> list[Action]:
        event = {"e": "serverShutdown", "E": self._ms(now)}
        actions: list[Action] = []
        for connection in self._connections.values():
            connection.close_at = now + grace
            actions.append(
                Send(connection.conn_id, self._frame("!serverShutdown", event, connection))
            )
        return actions

    def _expire(self, now: float) -> list[Action]:
        actions: list[Action] = []
        for connection in list(self._connections.values()):
            reason = self._expiry(connection, now)
            if reason:
                actions.append(self._close(connection.conn_id, 1000, reason))
        return actions

    def _expiry(self, connection: _Connection, now: float) -> str:
        if now - connection.opened_at >= self._max_age:
            return "connection lifetime reached"
        if connection.close_at is not None and now >= connection.close_at:
            return "server shutdown"
        pending = connection.pending_pings
        if pending and now >= pending[0][1]:
            return "no pong"
        return ""

    def _pings(self, now: float) -> list[Action]:
        actions: list[Action] = []
        for connection in self._connections.values():
            if now - connection.last_ping >= self._ping_interval:
                connection.last_ping = now
                payload = str(self._ms(now)).encode()
                if self._pong_timeout is not None:
                    connection.pending_pings.append((payload, now + self._pong_timeout))
                actions.append(Ping(connection.conn_id, payload))
        return actions

    # -- market data -------------------------------------------------------------------------

    def _trades(self, now: float) -> list[Action]:
        elapsed = 0.0 if self._last_tick is None else min(now - self._last_tick, _MAX_CATCH_UP)
        self._last_tick = now
        actions: list[Action] = []
        for symbol in self._trading_symbols():
            owed = self._owed.get(symbol, 0.0) + elapsed * self._rate
            count = int(owed)
            self._owed[symbol] = owed - count
            for _ in range(count):
                actions.extend(self._trade(symbol, now))
        return actions

    def _trading_symbols(self) -> list[str]:
        return list(dict.fromkeys((*self._symbols, *self._owed)))

    def _trade(self, symbol: str, now: float) -> list[Action]:
        payloads = self._market.trade(symbol, self._ms(now))
        lower = symbol.lower()
        actions: list[Action] = []
        for suffix, payload in payloads.items():
            actions.extend(self._publish(f"{lower}@{suffix}", payload))
        return actions

    def _periodic(self, now: float) -> list[Action]:
        actions: list[Action] = []
        for stream, due in list(self._due.items()):
            if now < due:
                continue
            period = self._feed.period(stream) or 1.0
            self._due[stream] = max(due + period, now)
            payload = self._feed.payload(stream, self._ms(now))
            if payload is not None:
                actions.extend(self._publish(stream, payload))
        return actions

    def _publish(self, stream: str, payload: Any) -> list[Action]:
        subscribers = self._subscribers.get(stream)
        if not subscribers:
            return []
        raw = json.dumps(payload, separators=(",", ":"))
        combined = f'{{"stream":"{stream}","data":{raw}}}'
        return [Send(c, combined if self._connections[c].combined else raw) for c in subscribers]

    def _frame(self, stream: str, payload: Any, connection: _Connection) -> str:
        body = {"stream": stream, "data": payload} if connection.combined else payload
        return json.dumps(body, separators=(",", ":"))

    def _ms(self, now: float) -> int:
        return int((now + self._epoch) * 1000)


def _answer_pings(pending: deque[tuple[bytes, float]], payload: bytes) -> None:
    """Drop the ping ``payload`` echoes and every earlier one; an unknown echo drops none."""
    if all(sent != payload for sent, _ in pending):
        return
    while pending and pending.popleft()[0] != payload:
        continue
