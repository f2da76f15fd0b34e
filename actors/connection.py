"""A WebSocket connection that keeps itself alive: the handle venue clients hold.

``ManagedConnection`` composes a transport (chosen by ``WebSocketClientBuilder`` from
the URL), a venue codec, the client's rate limiter and its hooks. Behind it:

- the connection actor sequences connect, hooks, loss and reconnect
  (exponential backoff with full jitter, connection-rate limit first);
- a reader thread per connection decodes frames, resolves replies and hands events
  on in batches;
- a dispatcher thread runs subscription handlers and ``message_received``;
- a ticker thread fails requests at their deadline and detects silence.

Rules it keeps:

1. A request is sent only when the connection is ready; otherwise ``NotConnected``.
2. A request in flight when the connection drops fails with
   ``ConnectionLost(outcome_unknown=True)``. Nothing is ever re-sent.
3. A reply after its request's deadline is dropped and logged.
4. ``close()`` is idempotent and joins every thread and actor it started.
5. Nothing it starts keeps the interpreter alive: its threads are daemons, and a
   connection still open when the program exits is closed on the way out (close frame
   sent, threads joined), so a forgotten ``close()`` never hangs the exit or Ctrl+C.

Example:
    >>> from protocol.jsonrpc import JsonRpcCodec
    >>> # with ManagedConnection(url, JsonRpcCodec(), sender=me, limiter=limiter) as conn:
    >>> #     server_time = conn.call("public/get_time")
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
import weakref
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from typing import Any

import pykka

from actors._lifecycle import (
    ConnectionActor,
    Shared,
    Ticker,
    drop_message,
    open_message,
    set_state,
    tell_quietly,
)
from actors._reader import Counters
from actors._session import wait_for
from actors._stopping import stop_actor
from actors._wire import Wire
from actors.dispatch import BoundedHandoff, Dispatcher, Router
from actors.hooks import Requester, SessionHooks
from actors.rate_limiter import Cost, RateLimiter
from actors.state import ConnectionOptions, ConnectionState, ConnectionStats
from actors.transport.base import Frame
from protocol.codec import Codec
from protocol.errors import ConnectionClosed, ConnectionFailed, ConnectionLost, NotConnected

__all__ = ["ManagedConnection"]

logger = logging.getLogger(__name__)

# Connections not yet closed, so the program's exit can close them; weak, so the set
# never keeps a connection alive and never changes what any connection does.
_open_connections: weakref.WeakSet[ManagedConnection] = weakref.WeakSet()


@atexit.register
def _close_open_connections() -> None:
    for connection in list(_open_connections):
        try:
            connection.close()
        except Exception:
            logger.exception("closing %s at exit failed", connection.url)


class ManagedConnection(Requester):
    """One venue connection with reconnect, deadlines, rate limits and dispatch.

    Args:
        url: ``ws://``, ``wss://`` or ``memory://name``.
        codec: the venue's codec (see :class:`protocol.codec.Codec`).
        sender: the user-facing client; every signal is sent with it as sender.
        limiter: the client's own rate limiter (never shared between clients).
        hooks: run in order after every (re)connect (authentication, restore, ...).
        options: see :class:`actors.state.ConnectionOptions`.

    Example:
        >>> # conn = ManagedConnection("ws://127.0.0.1:9000", JsonRpcCodec(),
        >>> #                          sender=client, limiter=limiter)
        >>> # conn.connect(); conn.call("public/test"); conn.close()
    """

    def __init__(
        self,
        url: str,
        codec: Codec,
        *,
        sender: Any,
        limiter: RateLimiter,
        hooks: Sequence[SessionHooks] = (),
        options: ConnectionOptions | None = None,
    ) -> None:
        self._options = options or ConnectionOptions()
        self._sender = sender
        self.url = url
        self.router = Router()
        self._handoff = BoundedHandoff(
            self._options.queue_size,
            self._options.overflow,
            replies_awaited=lambda: len(self._wire.pending) > 0,
        )
        self._wire = Wire(
            codec,
            limiter,
            self._options.request_timeout,
            url,
            on_request=self._handoff.reply_awaited,
        )
        self._shared = Shared()
        self._counters = Counters()
        self._dispatcher = Dispatcher(
            self._handoff, self.router, sender=sender, name=f"venue-actors:dispatcher:{url}"
        )
        self._actor = ConnectionActor.start(
            wire=self._wire,
            shared=self._shared,
            counters=self._counters,
            handoff=self._handoff,
            hooks=hooks,
            options=self._options,
            sender=sender,
        )
        self._ticker = Ticker(
            wire=self._wire,
            shared=self._shared,
            counters=self._counters,
            options=self._options,
            tell=lambda message: tell_quietly(self._actor, message),
        )
        self._dispatcher.start()
        self._ticker.thread.start()
        self._closed = False
        _open_connections.add(self)

    # -- lifecycle ------------------------------------------------------------------

    def connect(self, timeout: float | None = None) -> None:
        """Open the connection and run the hooks; return once it is ready.

        Raises:
            ConnectionFailed: the transport could not connect, or a hook failed.
            ConnectionRateExceeded: the connection-rate limit refused the attempt.
            ConnectionClosed: the connection was closed.
        """
        if self._closed:
            raise ConnectionClosed()
        if threading.current_thread() is self._shared.actor_thread:
            # Called from a state_changed receiver: the actor cannot wait for itself.
            # The attempt starts once the receiver returns; watch state_changed for it.
            if not self._shared.state.is_ready:
                set_state(
                    self._shared, self._sender, ConnectionState.CONNECTING, "connect requested"
                )
            tell_quietly(self._actor, open_message())
            return
        try:
            future = self._actor.ask(open_message(), block=False)
            future.get(timeout=timeout)
        except pykka.ActorDeadError:
            raise ConnectionClosed() from None
        except pykka.Timeout:
            self._abort_attempt(f"not ready within {timeout} s")
            raise ConnectionFailed(self.url, f"not ready within {timeout} s") from None
        if self._closed:
            raise ConnectionClosed()

    def _abort_attempt(self, reason: str) -> None:
        """End a connect still in progress (from another thread): its socket and its
        hooks' requests, so the attempt fails instead of completing unseen."""
        wire = self._wire
        for transport in (wire.connecting, wire.link.transport):
            if transport is not None and not self._shared.state.is_ready:
                with contextlib.suppress(Exception):
                    transport.close()
        if not self._shared.state.is_ready:
            wire.pending.fail_generation(
                wire.link.generation,
                lambda e: ConnectionLost(reason, outcome_unknown=True, method=e.method),
            )

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the state is ready; False on timeout or a final state.

        Example:
            >>> # conn.wait_ready(5.0)
        """
        with self._shared.state_lock:
            self._shared.state_lock.wait_for(
                lambda: self._shared.state.is_ready or self._shared.state.is_final, timeout
            )
            return self._shared.state.is_ready

    def drop(self, reason: str) -> None:
        """Drop the current connection and reconnect (for venue-signalled terminations).

        Example:
            >>> # conn.drop("venue terminated the session")
        """
        tell_quietly(self._actor, drop_message(reason))

    def close(self) -> None:
        """Close for good: fail what is pending, stop the actor, join every thread.

        Idempotent. Requests still in flight fail with ``ConnectionClosed``.
        """
        if self._closed:
            return
        self._closed = True
        _open_connections.discard(self)
        wire = self._wire
        wire.closing.set()
        for transport in (wire.connecting, wire.link.transport):
            if transport is not None:
                with contextlib.suppress(Exception):
                    transport.close()
        wire.pending.fail_all(
            lambda e: ConnectionClosed(f"closed while {e.method!r} was in flight")
        )
        self._handoff.close()
        set_state(self._shared, self._sender, ConnectionState.CLOSED, "closed by the client")
        self._stop_threads()

    def _stop_threads(self) -> None:
        # close() may run on one of our own threads (a handler, a signal receiver):
        # that thread is not waited for; it ends when it returns to its loop.
        me = threading.current_thread()
        timeout = self._options.close_timeout
        on_actor = me is self._shared.actor_thread or me in self._shared.reader_threads
        if on_actor:
            with contextlib.suppress(pykka.ActorDeadError):
                self._actor.stop(block=False)
        else:
            stop_actor(self._actor, timeout)
        for thread in (self._ticker.thread, self._dispatcher.thread):
            if thread is not me and thread.is_alive():
                thread.join(timeout)

    def __enter__(self) -> ManagedConnection:
        self.connect()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- requests -------------------------------------------------------------------

    def request(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        cost: Cost | None = None,
    ) -> Future[Any]:
        """Send a request now; the future completes with its result or error.

        Future callbacks run on the reader thread: keep them short.

        Raises:
            NotConnected: the connection is not ready (nothing was sent).
            RateLimitError: a local limit refused it (nothing was sent).
        """
        generation = self._ready_generation()
        return self._wire.send_request(
            method, params, timeout=timeout, cost=cost, generation=generation
        )

    def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        cost: Cost | None = None,
    ) -> Any:
        """Send a request and wait for its result; raises what the venue answered."""
        future = self.request(method, params, timeout=timeout, cost=cost)
        return wait_for(future, method, self._wire, timeout)

    def send(self, frame: Frame, *, cost: Cost | None = None) -> None:
        """Send one frame as it is, after the rate-limit check."""
        self._wire.send_frame(frame, cost=cost, generation=self._ready_generation())

    def wait(self, seconds: float) -> bool:
        """Wait ``seconds`` unless closed first; True if still open."""
        return not self._wire.closing.wait(seconds)

    def wait_delivered(self, events: int, timeout: float | None = None) -> bool:
        """Wait until the handlers have had ``events`` events in all (counting events
        dropped by the overflow policy); False on timeout.

        For a hand-over between connections: everything read before a point has
        reached the user before the old connection closes.

        Example:
            >>> # stats = conn.stats(); conn.wait_delivered(stats.frames_received, 5.0)
        """
        return self._dispatcher.wait_delivered(events - self._counters.dropped, timeout)

    def _ready_generation(self) -> int:
        # The actor moves the link to a new generation before the state leaves ready,
        # so reading the generation first and checking it again afterwards can never
        # pair a ready state with the next connection (whose hooks may still run).
        generation = self._wire.link.generation
        state = self._shared.state
        if state is ConnectionState.CLOSED:
            raise ConnectionClosed()
        if not state.is_ready or self._wire.link.generation != generation:
            raise NotConnected(state.value)
        return generation

    # -- observation ----------------------------------------------------------------

    @property
    def state(self) -> ConnectionState:
        """The current :class:`ConnectionState`."""
        return self._shared.state

    def stats(self) -> ConnectionStats:
        """A snapshot of this connection's counters.

        Example:
            >>> # conn.stats().malformed
        """
        counters = self._counters
        return ConnectionStats(
            state=self._shared.state,
            frames_received=counters.frames,
            events_delivered=self._dispatcher.delivered,
            malformed=counters.malformed,
            dropped=counters.dropped,
            late_replies=counters.late_replies,
            handler_errors=self._dispatcher.handler_errors,
            reconnects=self._shared.reconnects,
            pending_requests=len(self._wire.pending),
            queued_events=len(self._handoff),
        )
