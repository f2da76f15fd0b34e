"""The connection actor: opens, watches and reopens one WebSocket connection.

All state transitions happen here, one message at a time, so they never race:
``_Open`` (the owner's connect), ``_Ended`` (a reader saw the socket end), ``_Stale``
(the ticker saw silence), ``_Retry`` (a scheduled reconnect is due) and ``_Drop`` (the
owner or a hook asked for a fresh connection). Sending does not pass through here;
see ``actors._wire``.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import pykka

from actors._reader import Counters, Reader
from actors._session import HookSession
from actors._wire import Link, Wire, settle
from actors.dispatch import BoundedHandoff
from actors.hooks import SessionHooks
from actors.signals import authenticated, emit, reconnect_scheduled, state_changed
from actors.state import ConnectionOptions, ConnectionState
from actors.transport import WebSocketClientBuilder
from protocol.errors import (
    AuthenticationError,
    ConnectionClosed,
    ConnectionFailed,
    ConnectionLost,
    RateLimitError,
    RequestTimeout,
    VenueClientError,
)
from protocol.messages import Control

logger = logging.getLogger(__name__)


class _Open(NamedTuple):
    pass


class _Ended(NamedTuple):
    generation: int
    reason: str


class _Retry(NamedTuple):
    pass


class _Drop(NamedTuple):
    reason: str


class Shared:
    """What the actor, the ticker and the handle all read."""

    def __init__(self) -> None:
        self.state = ConnectionState.DISCONNECTED
        self.state_lock = threading.Condition()
        self.announce_lock = threading.RLock()
        self.actor_thread: threading.Thread | None = None
        self.reader_threads: list[threading.Thread] = []
        self.reconnect_at: float | None = None
        self.reconnects = 0


class ConnectionActor(pykka.ThreadingActor):
    """Sequences connect, hooks, loss, backoff and reconnect for one connection."""

    # A client the program forgot to close must not hold the interpreter open at exit.
    use_daemon_thread = True

    def __init__(
        self,
        *,
        wire: Wire,
        shared: Shared,
        counters: Counters,
        handoff: BoundedHandoff,
        hooks: Sequence[SessionHooks],
        options: ConnectionOptions,
        sender: Any,
    ) -> None:
        super().__init__()
        self._wire = wire
        self._shared = shared
        self._counters = counters
        self._handoff = handoff
        self._hooks = tuple(hooks)
        self._options = options
        self._sender = sender
        self._attempt = 0
        self._ready_since = 0.0
        self._readers: list[Reader] = []
        self._random = random.Random()

    # -- messages -------------------------------------------------------------------

    def on_receive(self, message: Any) -> Any:
        if self._wire.closing.is_set():
            return None
        if isinstance(message, _Open):
            return self._open_first()  # failures go back to the caller of connect()
        try:
            self._handle(message)
        except Exception:
            # A tell() that raises would stop a pykka actor; this one must outlive
            # any single bad step.
            logger.exception("connection actor step failed; carrying on")
        return None

    def _handle(self, message: Any) -> None:
        if isinstance(message, _Ended) and message.generation == self._wire.link.generation:
            self._lose(message.reason)
        elif isinstance(message, _Retry):
            self._retry()
        elif isinstance(message, _Drop) and self._shared.state.is_ready:
            self._lose(message.reason)

    def on_start(self) -> None:
        self._shared.actor_thread = threading.current_thread()

    def on_stop(self) -> None:
        self._close_link()
        for reader in self._readers:
            reader.thread.join(self._options.close_timeout)
        self._readers.clear()

    # -- opening --------------------------------------------------------------------

    def _open_first(self) -> None:
        if self._shared.state.is_ready:
            return
        was_reconnecting = self._shared.state is ConnectionState.RECONNECTING
        self._shared.reconnect_at = None  # this attempt replaces a scheduled one
        self._wire.limiter.check_connection_rate()
        self._set_state(ConnectionState.CONNECTING, "connect requested")
        try:
            self._open()
        except Exception as exc:
            self._abandon(f"connect failed: {exc}")
            if was_reconnecting and not isinstance(exc, AuthenticationError):
                # The owner's attempt failed; the reconnect loop it interrupted goes on.
                self._set_state(ConnectionState.RECONNECTING, f"connect failed: {exc}")
                self._schedule()
            else:
                self._set_state(ConnectionState.DISCONNECTED, f"connect failed: {exc}")
            if isinstance(exc, VenueClientError):
                raise
            raise ConnectionFailed(self._wire.url, f"a hook failed: {exc!r}") from exc

    def _open(self, *, reconnect: bool = False) -> None:
        """Connect the transport, start its reader, run the hooks, report ready."""
        transport = WebSocketClientBuilder(
            self._wire.url,
            connect_timeout=self._options.connect_timeout,
            **self._options.transport_options,
        ).build()
        # Published before connecting, so close() and a timed-out connect() can end it.
        self._wire.connecting = transport
        try:
            if self._wire.closing.is_set():
                raise ConnectionClosed()
            transport.connect()
        finally:
            self._wire.connecting = None
        generation = self._wire.link.generation + 1
        self._wire.link = Link(generation, transport)
        if self._wire.closing.is_set():
            transport.close()
            raise ConnectionClosed()
        self._start_reader(transport, generation)
        session = HookSession(self._wire, generation, self._set_state, self._sender)
        for hook in self._hooks:
            hook.on_open(session)
        if not transport.is_open:
            # Ended while the hooks ran (dropped, or the owner gave up on connect()).
            raise ConnectionLost("the connection ended while it was being opened")
        ready = (
            ConnectionState.AUTHENTICATED if session.authenticated else ConnectionState.CONNECTED
        )
        self._counters.last_frame_at = time.monotonic()
        if reconnect:
            self._shared.reconnects += 1  # counted before "ready" is announced
        self._ready_since = time.monotonic()
        self._set_state(ready, "ready")
        if session.authenticated:
            # Announced once usable: a receiver may send private requests at once.
            emit(authenticated, self._sender, scope=session.scope)
        for hook in self._hooks:
            try:
                hook.on_ready()
            except Exception:
                logger.exception("a hook failed after the connection became ready; ignored")

    def _start_reader(self, transport: Any, generation: int) -> None:
        self._readers = [r for r in self._readers if r.thread.is_alive()]
        reader = Reader(
            transport=transport,
            generation=generation,
            codec=self._wire.codec,
            pending=self._wire.pending,
            handoff=self._handoff,
            counters=self._counters,
            sender=self._sender,
            batch_size=self._options.batch_size,
            on_control=self._deliver_control,
            on_end=lambda gen, reason: tell_quietly(self.actor_ref, _Ended(gen, reason)),
        )
        self._readers.append(reader)
        self._shared.reader_threads = [r.thread for r in self._readers]
        reader.start()

    def _deliver_control(self, control: Control, generation: int) -> None:
        session = HookSession(self._wire, generation, None, self._sender, on_reader=True)
        for hook in self._hooks:
            try:
                hook.on_control(control, session)
            except Exception:
                logger.exception("a hook failed on a %r control message; ignored", control.kind)

    # -- losing and retrying --------------------------------------------------------

    def _lose(self, reason: str) -> None:
        old = self._wire.link.generation
        self._close_link()
        self._wire.link = Link(old + 1, None)
        self._handoff.retire()
        failed = self._wire.pending.fail_generation(
            old, lambda e: ConnectionLost(reason, outcome_unknown=True, method=e.method)
        )
        if failed:
            logger.warning("%d requests in flight failed with outcome unknown: %s", failed, reason)
        for hook in self._hooks:
            with contextlib.suppress(Exception):
                hook.on_lost(reason)
        self._set_state(ConnectionState.RECONNECTING, reason)
        if time.monotonic() - self._ready_since >= self._options.backoff.cap:
            # Only a connection that lasted resets the backoff: one that a server accepts
            # and drops at once would otherwise be retried at the base delay for ever.
            self._attempt = 0
        self._schedule()

    def _schedule(self) -> None:
        self._attempt += 1
        limit = self._options.max_reconnect_attempts
        if limit is not None and self._attempt > limit:
            self._give_up(f"gave up after {limit} reconnect attempts")
            return
        delay = self._options.backoff.delay(self._attempt, rng=self._random.random)
        self._shared.reconnect_at = time.monotonic() + delay
        emit(reconnect_scheduled, self._sender, attempt=self._attempt, delay=delay)

    def _retry(self) -> None:
        if self._shared.state is not ConnectionState.RECONNECTING:
            return
        wait = self._wire.limiter.next_connection_in()
        if wait > 0:
            # The venue's connection window is full: wait for it instead of counting
            # an attempt that would only be refused.
            self._shared.reconnect_at = time.monotonic() + wait
            return
        self._shared.reconnect_at = None
        try:
            self._wire.limiter.check_connection_rate()
        except RateLimitError as exc:
            self._shared.reconnect_at = time.monotonic() + max(exc.retry_after, 0.01)
            return
        try:
            self._set_state(ConnectionState.CONNECTING, f"reconnect attempt {self._attempt}")
            self._open(reconnect=True)
        except AuthenticationError as exc:
            self._abandon(f"authentication refused: {exc}")
            self._give_up(f"authentication refused: {exc}")
        except Exception as exc:
            # Any failure of the attempt — a hook refused by a rate limit included —
            # ends it and schedules the next; nothing may leave it half open.
            logger.info("reconnect attempt %d failed: %s", self._attempt, exc)
            self._abandon(f"attempt {self._attempt} failed: {exc}")
            self._set_state(ConnectionState.RECONNECTING, f"attempt {self._attempt} failed: {exc}")
            self._schedule()
            if isinstance(exc, RateLimitError) and self._shared.reconnect_at is not None:
                # No sooner than the limit allows: an earlier attempt would be refused too.
                earliest = time.monotonic() + exc.retry_after
                self._shared.reconnect_at = max(self._shared.reconnect_at, earliest)

    def _abandon(self, reason: str) -> None:
        """End a failed attempt: its reader's end and its requests belong to the past."""
        old = self._wire.link.generation
        self._close_link()
        self._wire.link = Link(old + 1, None)
        self._handoff.retire()
        self._wire.pending.fail_generation(
            old, lambda e: ConnectionLost(reason, outcome_unknown=True, method=e.method)
        )

    def _give_up(self, reason: str) -> None:
        self._shared.reconnect_at = None
        self._wire.pending.fail_all(lambda e: ConnectionFailed(self._wire.url, reason))
        self._set_state(ConnectionState.FAILED, reason)

    def _close_link(self) -> None:
        transport = self._wire.link.transport
        if transport is not None:
            with contextlib.suppress(Exception):
                transport.close()

    def _set_state(self, new: ConnectionState, reason: str) -> None:
        set_state(self._shared, self._sender, new, reason)


def set_state(shared: Shared, sender: Any, new: ConnectionState, reason: str) -> None:
    """Record a state change, wake waiters, and announce it.

    Announcements keep the order of the changes: the announce lock is held from the
    change through the signal (re-entrant, so a receiver may change the state again).
    """
    with shared.announce_lock:
        with shared.state_lock:
            old = shared.state
            if old is new or old is ConnectionState.CLOSED:
                return
            shared.state = new
            shared.state_lock.notify_all()
        logger.info("state %s -> %s (%s)", old.value, new.value, reason)
        emit(state_changed, sender, old=old, new=new, reason=reason)


class Ticker:
    """Checks deadlines, silence and scheduled reconnects every ``tick_interval``.

    It runs on its own thread so deadlines fire even while the actor is busy
    running hooks.
    """

    def __init__(
        self,
        *,
        wire: Wire,
        shared: Shared,
        counters: Counters,
        options: ConnectionOptions,
        tell: Callable[[Any], None],
    ) -> None:
        self._wire = wire
        self._shared = shared
        self._counters = counters
        self._options = options
        self._tell = tell
        self._asked_generation = -1
        self.thread = threading.Thread(
            target=self._run, name=f"venue-actors:ticker:{wire.url}", daemon=True
        )

    def _run(self) -> None:
        while not self._wire.closing.wait(self._options.tick_interval):
            try:
                self._tick(time.monotonic())
            except Exception:
                logger.exception("ticker step failed; continuing")

    def _tick(self, now: float) -> None:
        self._expire(now)
        state = self._shared.state
        due = self._shared.reconnect_at
        if state is ConnectionState.RECONNECTING and due is not None and now >= due:
            self._shared.reconnect_at = None
            self._tell(_Retry())
        stale_after = self._options.stale_after
        generation = self._wire.link.generation
        silent = now - self._counters.last_frame_at
        if (
            stale_after is not None
            and state.is_ready
            and not self._counters.backpressured  # the reader waits for the handlers
            and silent > stale_after
            and self._asked_generation != generation
        ):
            self._asked_generation = generation
            self._tell(_Ended(generation, f"stale: no frame for {silent:.1f} s"))

    def _expire(self, now: float) -> None:
        for entry in self._wire.pending.expire(now):
            timeout = max(0.0, entry.deadline - (entry.sent_at or entry.deadline))
            settle(entry, error=RequestTimeout(entry.method, timeout))


def tell_quietly(actor_ref: pykka.ActorRef[Any], message: Any) -> None:
    """Tell the actor, unless it has already stopped (the connection is closing)."""
    with contextlib.suppress(pykka.ActorDeadError):
        actor_ref.tell(message)


def open_message() -> _Open:
    """The message that asks the actor to connect."""
    return _Open()


def drop_message(reason: str) -> _Drop:
    """The message that asks the actor for a fresh connection."""
    return _Drop(reason)
