"""Serving an engine on a real loopback WebSocket server and on ``memory://name``.

Threads (all named ``venue-sim:<role>:<detail>``): the websockets accept loop, one
reader per connection (the websockets handler thread, or one per ``memory://``
connection), one writer per connection, the ticker, the ``memory://`` accept loop, and
one pong waiter per pending ping when the engine has ``on_pong``. Every engine call
happens under one lock. An engine that raises is logged and the
connection it was serving is closed with code 1011; the server goes on.

Pongs: websockets (and ``memory://``) answer a ping with an event set on its pong. For
every ping the server sends (an engine ``Ping`` action or :meth:`LoopbackServer.ping`)
to an engine with ``on_pong(conn_id, payload, now)``, a ``venue-sim:pong:<id>`` thread
waits on that event and reports the pong under the engine lock, as the read loop
reports frames (not while stalled, never after the connection ended). A connection
that ends releases its waiters unreported; a pong answering several pings at once
reports each of them.

Faults: :meth:`LoopbackServer.drop_connections`, :meth:`~LoopbackServer.stall` /
:meth:`~LoopbackServer.resume`, :meth:`~LoopbackServer.send_raw`,
:meth:`~LoopbackServer.delay_replies`, :meth:`~LoopbackServer.refuse_connections`.

Example:
    >>> from venues.simulator import EchoEngine
    >>> with LoopbackServer(EchoEngine()) as server:
    ...     server.url.startswith("ws://127.0.0.1:"), server.memory_url.startswith("memory://")
    (True, True)
"""

from __future__ import annotations

import contextlib
import functools
import http
import itertools
import logging
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

from actors.transport import DEFAULT_MAX_FRAME_BYTES, MemoryListener, is_loopback, listen
from protocol.errors import ConnectionClosed, ConnectionLost, InvalidParameters
from venues.simulator._connection import SimConnection
from venues.simulator._peers import MemoryPeer, Peer, PeerGone, WebSocketsPeer
from venues.simulator.engine import Action, Close, Engine, Ping, Send
from venues.simulator.faults import Faults

__all__ = ["LoopbackServer"]

_log = logging.getLogger(__name__)
_JOIN_TIMEOUT = 5.0
# Beyond close_timeout, how long a polite close may take before the socket is reset.
_CLOSE_GRACE = 0.5
_GOING_AWAY = 1001
_INTERNAL_ERROR = 1011
_ACTIONS = (Send, Close, Ping)


class LoopbackServer:
    """An engine served over ``ws://127.0.0.1:<port>`` (or ``wss://``) and ``memory://``.

    Args:
        engine: the venue behaviour (see :class:`~venues.simulator.engine.Engine`).
        host: the address to listen on; loopback only.
        port: 0 picks a free port.
        tick_interval: seconds between ``engine.tick(now)`` calls; ``None``: no ticks.
        memory_name: the ``memory://`` name to serve; ``None`` picks a unique one.
        max_frame_bytes: the largest frame accepted from a client (code 1009 above).
        ssl_context: a server TLS context to serve ``wss://``.
        ping_interval: seconds between keepalive pings from the server; ``None``: none.
        close_timeout: seconds to wait for a client's close frame when closing.

    Example:
        >>> from venues.simulator import EchoEngine
        >>> server = LoopbackServer(EchoEngine(), tick_interval=None).start()
        >>> server.stop()
    """

    def __init__(
        self,
        engine: Engine,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tick_interval: float | None = 0.01,
        memory_name: str | None = None,
        max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES,
        ssl_context: ssl.SSLContext | None = None,
        ping_interval: float | None = None,
        close_timeout: float = 1.0,
    ) -> None:
        if tick_interval is not None and not tick_interval > 0:
            raise InvalidParameters("tick_interval", "must be > 0 seconds or None")
        if not is_loopback(f"ws://[{host}]" if ":" in host else f"ws://{host}"):
            raise InvalidParameters("host", f"must be a loopback address, not {host!r}")
        self.engine = engine
        self._on_pong = _pong_handler(engine)
        self.host = host
        self._requested_port = port
        self._tick_interval = tick_interval
        self.memory_name = memory_name or f"venue-sim-{uuid.uuid4().hex[:12]}"
        self._max_frame_bytes = max_frame_bytes
        self._ssl_context = ssl_context
        self._ping_interval = ping_interval
        self._close_timeout = close_timeout
        self._faults = Faults()
        self._engine_lock = threading.Lock()
        self._registry = threading.Condition()
        self._connections: dict[int, SimConnection] = {}
        self._ids = itertools.count(1)
        self._accepted = 0
        self._threads: list[threading.Thread] = []
        self._started = False
        self._stopped = False
        self._port: int | None = None
        self._ws_server: Server | None = None
        self._listener: MemoryListener | None = None
        self._ticker_stop = threading.Event()

    def __repr__(self) -> str:
        where = self.url if self._port is not None else "not started"
        return f"LoopbackServer({type(self.engine).__name__}, {where})"

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> LoopbackServer:
        """Listen on the port and the memory name, start the threads; returns self."""
        with self._registry:
            if self._started:
                raise RuntimeError("a LoopbackServer starts once")
            self._started = True
        self._listener = listen(self.memory_name, max_frame_bytes=self._max_frame_bytes)
        try:
            self._ws_server = self._serve_websockets()
        except BaseException:
            self._listener.close()
            raise
        self._port = int(self._ws_server.socket.getsockname()[1])
        self._spawn(self._ws_server.serve_forever, f"venue-sim:server:{self._port}")
        self._spawn(self._accept_memory, f"venue-sim:memory-accept:{self.memory_name}")
        if self._tick_interval is not None:
            self._spawn(self._tick_loop, f"venue-sim:ticker:{self._port}")
        return self

    def _serve_websockets(self) -> Server:
        # websockets binds IPv4 only for a host name; a ready socket serves ::1 too.
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        listening = socket.create_server((self.host, self._requested_port), family=family)
        try:
            return self._serve_on(listening)
        except BaseException:
            listening.close()
            raise

    def _serve_on(self, listening: socket.socket) -> Server:
        return serve(
            self._serve_websocket,
            sock=listening,
            ssl=self._ssl_context,
            process_request=self._process_request,
            compression=None,
            max_size=self._max_frame_bytes,
            ping_interval=self._ping_interval,
            close_timeout=self._close_timeout,
            logger=_QuietFrames(logging.getLogger("venues.simulator.websockets"), {}),
        )

    def stop(self) -> None:
        """Close every connection (code 1001), stop and join every thread; idempotent."""
        with self._registry:
            if self._stopped or not self._started:
                self._stopped = True
                return
            self._stopped = True
        self._ticker_stop.set()
        if self._listener is not None:
            self._listener.close()
        self._close_all()
        self._faults.stop()
        if self._ws_server is not None:
            self._ws_server.shutdown()
        self._join_all()

    def _close_all(self) -> None:
        """Close every connection with 1001, in parallel (each may wait for its client)."""
        with self._registry:
            connections = list(self._connections.values())
        closers = []
        for connection in connections:
            closer = threading.Thread(
                target=connection.peer.close,
                args=(_GOING_AWAY, "server stopping"),
                name=f"venue-sim:closer:{connection.conn_id}",
                daemon=True,
            )
            closer.start()
            closers.append((connection, closer))
        deadline = time.monotonic() + self._close_timeout + _CLOSE_GRACE
        for _, closer in closers:
            closer.join(max(0.0, deadline - time.monotonic()))
        for connection, closer in closers:
            if closer.is_alive():
                # A writer stuck on a client that reads nothing holds the send lock the
                # close frame needs; resetting the socket frees both.
                connection.peer.abort()
                closer.join(_JOIN_TIMEOUT)

    def _join_all(self) -> None:
        while True:
            with self._registry:
                alive = [t for t in self._threads if t.is_alive()]
                self._threads = alive
            alive = [t for t in alive if t is not threading.current_thread()]
            if not alive:
                return
            for thread in alive:
                thread.join(_JOIN_TIMEOUT)
                if thread.is_alive():
                    _log.error("simulator thread %s did not stop", thread.name)
                    return

    def __enter__(self) -> LoopbackServer:
        if not self._started:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- where -----------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The TCP port (known once started)."""
        if self._port is None:
            raise RuntimeError("the LoopbackServer is not started")
        return self._port

    @property
    def url(self) -> str:
        """``ws://host:port`` (``wss://`` with an ``ssl_context``); add the venue's path."""
        scheme = "wss" if self._ssl_context is not None else "ws"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    @property
    def memory_url(self) -> str:
        """``memory://<name>``, served by the same engine."""
        return f"memory://{self.memory_name}"

    # -- observing -------------------------------------------------------------------

    @property
    def connection_count(self) -> int:
        """Connections open right now (a dropped one stops counting at once)."""
        with self._registry:
            return len(self._open_ids())

    @property
    def connection_ids(self) -> list[int]:
        """Ids of the open connections, oldest first."""
        with self._registry:
            return self._open_ids()

    def _open_ids(self) -> list[int]:
        """Announced connections (the caller holds the registry)."""
        return sorted(i for i, c in self._connections.items() if c.announced)

    @property
    def connections_accepted(self) -> int:
        """Handshakes completed since start."""
        with self._registry:
            return self._accepted

    @property
    def connections_refused(self) -> int:
        """Handshakes refused by :meth:`refuse_connections`."""
        return self._faults.refused

    def wait_for_connections(self, n: int, timeout: float) -> bool:
        """Wait until exactly ``n`` connections are open; False on timeout."""
        with self._registry:
            return self._registry.wait_for(lambda: len(self._open_ids()) == n, timeout)

    def wait_for_accepted(self, n: int, timeout: float) -> bool:
        """Wait until at least ``n`` handshakes have completed since start."""
        with self._registry:
            return self._registry.wait_for(lambda: self._accepted >= n, timeout)

    def flush(self, timeout: float) -> bool:
        """Wait until every queued frame has been handed to the socket."""
        with self._registry:
            connections = list(self._connections.values())
        with self._faults.cond:
            return self._faults.cond.wait_for(lambda: all(c.idle() for c in connections), timeout)

    # -- faults ----------------------------------------------------------------------

    def drop_connections(self) -> int:
        """End every connection without a close frame, as a network drop; returns how many."""
        with self._engine_lock:
            with self._registry:
                dropped = list(self._connections.values())
                self._connections.clear()
                self._registry.notify_all()
            for connection in dropped:
                self._disconnected(connection.conn_id)
        for connection in dropped:
            connection.finish()
            connection.peer.abort()
        return len(dropped)

    def stall(self) -> None:
        """Stop reading, answering, sending and ticking until :meth:`resume`."""
        self._faults.stall()

    def resume(self) -> None:
        """End a stall; held replies go out in order."""
        self._faults.resume()

    def delay_replies(self, seconds: float) -> None:
        """Send replies to client frames ``seconds`` late (0 ends the delay)."""
        self._faults.delay_replies(seconds)

    def refuse_connections(self, count: int | None) -> None:
        """Refuse the next ``count`` handshakes with HTTP 503; ``None`` until set to 0."""
        self._faults.refuse_connections(count)

    def send_raw(self, frame: str | bytes, conn_id: int | None = None) -> int:
        """Send ``frame`` as is (e.g. malformed JSON) to one or every connection.

        Returns:
            How many connections it was queued for.
        """
        if not isinstance(frame, str | bytes):
            raise InvalidParameters("frame", "must be str or bytes")
        now = time.monotonic()
        targets = self._targets(conn_id)
        for connection in targets:
            connection.post(Send(connection.conn_id, frame), now, delayed=False)
        return len(targets)

    def ping(self, conn_id: int, payload: bytes = b"") -> threading.Event:
        """Ping one connection now; the event is set when the client's pong arrives.

        The engine hears of the pong too, if it has ``on_pong``.
        """
        (connection,) = self._targets(conn_id)
        try:
            answered = connection.peer.ping(payload)
        except PeerGone as exc:
            raise ConnectionLost(f"connection {conn_id} has ended") from exc
        self._ping_sent(connection, payload, answered)
        return answered

    def _targets(self, conn_id: int | None) -> list[SimConnection]:
        with self._registry:
            if conn_id is None:
                return list(self._connections.values())
            if conn_id not in self._connections:
                raise InvalidParameters("conn_id", f"no open connection {conn_id}")
            return [self._connections[conn_id]]

    # -- serving a connection --------------------------------------------------------

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        if self._faults.should_refuse():
            return connection.respond(http.HTTPStatus.SERVICE_UNAVAILABLE, "refused\n")
        return None

    def _serve_websocket(self, connection: ServerConnection) -> None:
        self._serve(WebSocketsPeer(connection), helper=connection.recv_events_thread)

    def _accept_memory(self) -> None:
        listener = self._listener
        assert listener is not None  # set before this thread starts
        while True:
            try:
                handshake = listener.pending()
            except ConnectionClosed:
                return
            with contextlib.suppress(ConnectionLost):  # the client gave up meanwhile
                if self._faults.should_refuse():
                    handshake.refuse(503)
                    continue
                peer = MemoryPeer(handshake.accept(self._max_frame_bytes))
                self._spawn(functools.partial(self._serve, peer), "venue-sim:conn:memory")

    def _serve(self, peer: Peer, helper: threading.Thread | None = None) -> None:
        connection = self._register(peer, helper)
        try:
            self._read_loop(connection)
        finally:
            self._unregister(connection)

    def _register(self, peer: Peer, helper: threading.Thread | None) -> SimConnection:
        with self._engine_lock:
            with self._registry:
                connection = SimConnection(
                    next(self._ids), peer, self._faults, on_ping=self._ping_sent
                )
                self._connections[connection.conn_id] = connection
            conn_id = connection.conn_id
            self._adopt_thread(threading.current_thread(), f"venue-sim:conn:{conn_id}")
            if helper is not None:
                self._adopt_thread(helper, f"venue-sim:ws-recv:{conn_id}")
            self._spawn_thread(connection.writer)
            self._call(conn_id, lambda now: self.engine.on_connect(conn_id, peer.path, now))
            with self._registry:
                # Counted only now: whoever waits for it finds the engine knows it.
                connection.announced = True
                self._accepted += 1
                self._registry.notify_all()
        return connection

    def _read_loop(self, connection: SimConnection) -> None:
        while self._faults.wait_running():
            try:
                frame = connection.peer.recv()
            except PeerGone:
                return
            if not self._faults.wait_running():
                return
            if not self._on_frame(connection.conn_id, frame):
                return

    def _on_frame(self, conn_id: int, frame: str | bytes) -> bool:
        """Hand a frame to the engine; False when the connection was dropped meanwhile."""
        with self._engine_lock:
            if not self._is_open(conn_id):
                return False
            self._call(conn_id, lambda now: self.engine.on_frame(conn_id, frame, now), reply=True)
        return True

    def _is_open(self, conn_id: int) -> bool:
        with self._registry:
            return conn_id in self._connections

    def _unregister(self, connection: SimConnection) -> None:
        with self._engine_lock:
            with self._registry:
                known = self._connections.pop(connection.conn_id, None) is not None
                self._registry.notify_all()
            if known:
                self._disconnected(connection.conn_id)
        connection.finish()
        if connection.writer.is_alive():
            connection.writer.join(_JOIN_TIMEOUT)

    def _disconnected(self, conn_id: int) -> None:
        self._call(None, lambda now: self.engine.on_disconnect(conn_id, now))

    def _ping_sent(
        self, connection: SimConnection, payload: bytes, answered: threading.Event
    ) -> None:
        if self._on_pong is None:
            return
        connection.watch_ping(answered)
        waiter = functools.partial(self._await_pong, connection, payload, answered)
        self._spawn(waiter, f"venue-sim:pong:{connection.conn_id}")

    def _await_pong(
        self, connection: SimConnection, payload: bytes, answered: threading.Event
    ) -> None:
        # Set by the pong, or by the connection finishing (then nothing is reported).
        answered.wait()
        connection.forget_ping(answered)
        if connection.finished or not self._faults.wait_running():
            return
        on_pong = self._on_pong
        assert on_pong is not None  # waiters exist only for engines with on_pong
        conn_id = connection.conn_id
        with self._engine_lock:
            if self._is_open(conn_id) and not connection.finished:
                self._call(conn_id, lambda now: on_pong(conn_id, payload, now))

    def _tick_loop(self) -> None:
        interval = self._tick_interval
        assert interval is not None  # the ticker only runs with an interval
        while not self._ticker_stop.wait(interval):
            if self._faults.stalled:
                continue
            with self._engine_lock:
                self._call(None, self.engine.tick)

    # -- engine calls (the caller holds the engine lock) -----------------------------

    def _call(
        self,
        conn_id: int | None,
        call: Callable[[float], Iterable[Action] | None],
        *,
        reply: bool = False,
    ) -> None:
        now = time.monotonic()
        try:
            actions = _checked(call(now))
        except Exception:
            _log.exception("engine %s failed", type(self.engine).__name__)
            if conn_id is not None:
                self._post(Close(conn_id, _INTERNAL_ERROR, "internal error"), now)
            return
        for action in actions:
            self._post(action, now, reply=reply)

    def _post(self, action: Action, now: float, *, reply: bool = False) -> None:
        with self._registry:
            connection = self._connections.get(action.conn_id)
        if connection is None:
            _log.debug("%r is for a connection that has ended", action)
            return
        connection.post(action, now, delayed=reply)

    # -- threads ---------------------------------------------------------------------

    def _spawn(self, target: Callable[[], Any], name: str) -> None:
        self._spawn_thread(threading.Thread(target=target, name=name, daemon=True))

    def _spawn_thread(self, thread: threading.Thread) -> None:
        with self._registry:
            # Pong waiters come and go all along: forget the threads that have ended.
            self._threads = [t for t in self._threads if t.ident is None or t.is_alive()]
            self._threads.append(thread)
        thread.start()

    def _adopt_thread(self, thread: threading.Thread, name: str) -> None:
        """Name a thread started by websockets (or the accept loop) and join it at stop."""
        thread.name = name
        with self._registry:
            if thread not in self._threads:
                self._threads.append(thread)


class _QuietFrames(logging.LoggerAdapter):
    """websockets' log without its DEBUG frame dumps: frames may carry credentials."""

    def isEnabledFor(self, level: int) -> bool:
        return level > logging.DEBUG and self.logger.isEnabledFor(level)


def _pong_handler(engine: Engine) -> Callable[[int, bytes, float], Any] | None:
    """The engine's optional ``on_pong(conn_id, payload, now)``, if it has one."""
    on_pong = getattr(engine, "on_pong", None)
    return on_pong if callable(on_pong) else None


def _checked(actions: Iterable[Action] | None) -> list[Action]:
    checked = list(actions or ())
    for action in checked:
        if not isinstance(action, _ACTIONS):
            raise TypeError(f"an engine returned {action!r}, not Send, Close or Ping")
    return checked
