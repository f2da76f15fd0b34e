"""One served connection: its outbox and the writer thread that empties it.

Engine actions are queued here under the server's fault condition (never blocking the
engine lock on a slow client) and performed in order by the connection's writer,
which waits out stalls and reply delays. A reply is due ``reply_delay`` seconds after
it was queued, by the delay in force now (ending the delay releases held replies),
and nothing overtakes it.

A ping the writer sends is handed to ``on_ping`` with the event websockets sets on its
pong; the connection keeps every such event and sets it when it finishes, so whoever
waits on one for a pong that can no longer come is released.

Example:
    >>> # connection.post(Send(1, "hello"), time.monotonic(), delayed=False)
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

from venues.simulator._peers import Peer, PeerGone
from venues.simulator.engine import Action, Close, Ping, Send
from venues.simulator.faults import Faults

__all__ = ["PingSent", "SimConnection"]

PingSent = Callable[["SimConnection", bytes, threading.Event], None]
"""Told of each ping the writer sent: the connection, its payload, the pong event."""

_log = logging.getLogger(__name__)


class SimConnection:
    """A connection's id, path, peer and ordered outbox."""

    def __init__(
        self, conn_id: int, peer: Peer, faults: Faults, on_ping: PingSent | None = None
    ) -> None:
        self.conn_id = conn_id
        self.peer = peer
        self.path = peer.path
        self._faults = faults
        self._outbox: deque[tuple[float, bool, Action]] = deque()
        self._writing = False
        self._finished = False
        self._on_ping = on_ping
        self._pings: set[threading.Event] = set()
        #: Set once the engine has seen the connect; only then is it counted as open.
        self.announced = False
        self.writer = threading.Thread(
            target=self._write_loop, name=f"venue-sim:writer:{conn_id}", daemon=True
        )

    def post(self, action: Action, queued_at: float, *, delayed: bool) -> None:
        """Queue an action; a ``delayed`` one (a reply) waits out the reply delay."""
        with self._faults.cond:
            if not self._finished:
                self._outbox.append((queued_at, delayed, action))
                self._faults.cond.notify_all()

    def finish(self) -> None:
        """Drop what is queued, let the writer end and release every pong waiter."""
        with self._faults.cond:
            self._finished = True
            self._outbox.clear()
            pings, self._pings = self._pings, set()
            self._faults.cond.notify_all()
        for answered in pings:
            answered.set()

    @property
    def finished(self) -> bool:
        """True once the connection has ended for the server."""
        return self._finished

    def watch_ping(self, answered: threading.Event) -> None:
        """Keep a pending ping's event, to be set at :meth:`finish` if no pong came."""
        with self._faults.cond:
            if not self._finished:
                self._pings.add(answered)
                return
        answered.set()

    def forget_ping(self, answered: threading.Event) -> None:
        """The ping's waiter is done with ``answered``."""
        with self._faults.cond:
            self._pings.discard(answered)

    def idle(self) -> bool:
        """Nothing queued and nothing being sent (caller holds the fault condition)."""
        return self._finished or (not self._outbox and not self._writing)

    def _write_loop(self) -> None:
        while (action := self._next()) is not None:
            try:
                self._perform(action)
            except PeerGone:
                self.finish()
            except Exception:
                _log.exception("connection %s: %r failed", self.conn_id, action)
            finally:
                with self._faults.cond:
                    self._writing = False
                    self._faults.cond.notify_all()

    def _next(self) -> Action | None:
        faults = self._faults
        with faults.cond:
            while not (self._finished or faults.stopping):
                if faults.stalled or not self._outbox:
                    faults.cond.wait()
                    continue
                queued_at, delayed, action = self._outbox[0]
                due = queued_at + (faults.reply_delay if delayed else 0.0)
                wait = due - time.monotonic()
                if wait > 0:
                    faults.cond.wait(wait)
                    continue
                self._outbox.popleft()
                self._writing = True
                return action
            return None

    def _perform(self, action: Action) -> None:
        if isinstance(action, Send):
            self.peer.send(action.frame)
        elif isinstance(action, Close):
            self.peer.close(action.code, action.reason)
        elif isinstance(action, Ping):
            answered = self.peer.ping(action.payload)
            if self._on_ping is not None:
                self._on_ping(self, action.payload, answered)
