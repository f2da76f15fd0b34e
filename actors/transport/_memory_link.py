"""The two directions of one in-process connection, and one side's view of them.

Both sides share one condition. Each direction is a bounded deque of frames with
control items mixed in, in order: ``_End`` (a close frame, or an abrupt end with code
1006) and ``_Ping``. A close always fits (it passes the bound), like a close frame
that never waits behind a full window. Once a side has ended, its inbox is a sink:
what the peer still sends is dropped, as a socket drops data after a close.

The rules mirror the network transport: frames queued before an end are handed on
first; reading the peer's end makes the side LOST (``ConnectionLost`` with the code);
after the side's own ``close()`` it is CLOSED (``ConnectionClosed``).

Example:
    >>> link = Link(capacity=8)
    >>> client, server = Side(link, 0, "server", 1024), Side(link, 1, "client", 1024)
    >>> client.state = server.state = State.OPEN
    >>> server.send("hello")
    >>> client.receive(8, timeout=1.0)
    ['hello']
"""

from __future__ import annotations

import enum
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from actors.transport._close import ABNORMAL, TOO_BIG, describe_close
from actors.transport.base import Frame
from protocol.errors import (
    ConnectionClosed,
    ConnectionLost,
    InvalidParameters,
    NotConnected,
    TransportError,
)

__all__ = ["Link", "Side", "State", "encode_frame"]


class State(enum.Enum):
    """The life of one side; ``value`` is what ``NotConnected`` reports."""

    NEW = "disconnected"
    CONNECTING = "connecting"
    OPEN = "open"
    FAILED = "failed"
    LOST = "lost"
    CLOSED = "closed"


@dataclass(frozen=True)
class _End:
    code: int
    reason: str


@dataclass(frozen=True, eq=False)
class _Ping:
    payload: bytes
    answered: threading.Event = field(default_factory=threading.Event)


_Item = Frame | _End | _Ping


class Link:
    """Both directions: ``queues[0]`` flows to the client, ``queues[1]`` to the server."""

    def __init__(self, capacity: int) -> None:
        self.cond = threading.Condition()
        self.capacity = capacity
        self.queues: tuple[deque[_Item], deque[_Item]] = (deque(), deque())
        self.sink = [False, False]


def encode_frame(frame: Frame) -> Frame:
    """Accept what the network transport accepts, as an immutable frame."""
    if isinstance(frame, str | bytes):
        return frame
    if isinstance(frame, bytearray | memoryview):
        return bytes(frame)
    raise InvalidParameters("frame", f"must be str or bytes, not {type(frame).__name__}")


def _size_exceeds(frame: Frame, limit: int) -> bool:
    if len(frame) > limit:
        return True
    # A str of n characters takes n to 4n bytes: encode only when it matters.
    return isinstance(frame, str) and len(frame) * 4 > limit and len(frame.encode()) > limit


class Side:
    """One end of a link: ``me`` is 0 (client) or 1 (server)."""

    def __init__(self, link: Link, me: int, peer_name: str, max_frame_bytes: int) -> None:
        self.link = link
        self.me = me
        self.peer_name = peer_name
        self.max_frame_bytes = max_frame_bytes
        self.state = State.NEW
        self.loss = ""
        self.close_code: int | None = None
        self.close_reason = ""

    @property
    def _inbox(self) -> deque[_Item]:
        return self.link.queues[self.me]

    @property
    def _outbox(self) -> deque[_Item]:
        return self.link.queues[1 - self.me]

    def send(self, frame: Frame) -> None:
        """Queue a frame for the peer, waiting while its queue is full."""
        frame = encode_frame(frame)
        link = self.link
        with link.cond:
            link.cond.wait_for(
                lambda: self.state is not State.OPEN or len(self._outbox) < link.capacity
            )
            self.raise_if_unusable()
            if not link.sink[1 - self.me]:
                self._outbox.append(frame)
                link.cond.notify_all()

    def ping(self, payload: bytes) -> threading.Event:
        """Queue a ping; the event is set when the peer's reader meets it."""
        ping = _Ping(bytes(payload))
        with self.link.cond:
            self.raise_if_unusable()
            self._outbox.append(ping)
            self.link.cond.notify_all()
        return ping.answered

    def receive(self, max_frames: int, timeout: float | None) -> list[Frame]:
        """Wait for one frame, then take what else is queued, up to ``max_frames``.

        Raises:
            TimeoutError: nothing arrived within ``timeout``.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        cond = self.link.cond
        with cond:
            while True:
                batch = self._take(max_frames) if self.state is State.OPEN else []
                if batch:
                    cond.notify_all()
                    return batch
                self.raise_if_unusable()
                wait = None if deadline is None else deadline - time.monotonic()
                if wait is not None and wait <= 0:
                    raise TimeoutError("nothing received in time")
                cond.wait(wait)

    def _take(self, max_frames: int) -> list[Frame]:
        inbox = self._inbox
        batch: list[Frame] = []
        while inbox and len(batch) < max_frames:
            head = inbox[0]
            if isinstance(head, _End):
                if not batch:
                    inbox.popleft()
                    self._peer_ended(head)
                break
            inbox.popleft()
            if isinstance(head, _Ping):
                head.answered.set()
            elif _size_exceeds(head, self.max_frame_bytes):
                reason = f"a frame exceeds max_frame_bytes {self.max_frame_bytes}"
                self.end(TOO_BIG, "", State.LOST, loss=reason)
                break
            else:
                batch.append(head)
        return batch

    def _peer_ended(self, end: _End) -> None:
        if end.code == ABNORMAL:
            loss = "the connection dropped without a close frame (code 1006)"
        else:
            described = describe_close(end.code, end.reason)
            loss = f"the {self.peer_name} closed the connection with {described}"
        self.end(end.code, end.reason, State.LOST, loss=loss, tell_peer=False)

    def end(
        self,
        code: int,
        reason: str,
        state: State,
        *,
        loss: str = "",
        tell_peer: bool = True,
    ) -> None:
        """Finish an OPEN side (caller holds the condition); a later close only marks it."""
        if self.state is not State.OPEN:
            if state is State.CLOSED:
                self.state = State.CLOSED
            self.link.cond.notify_all()
            return
        self.state, self.loss = state, loss
        self.close_code, self.close_reason = code, reason
        self.link.sink[self.me] = True
        self._inbox.clear()
        if tell_peer:
            self._outbox.append(_End(code, reason))
        self.link.cond.notify_all()

    def raise_if_unusable(self) -> None:
        """Raise what using this side now means, unless it is OPEN."""
        error = self.unusable()
        if error is not None:
            raise error

    def unusable(self) -> TransportError | None:
        """The error for using this side now, or ``None`` when it is OPEN."""
        if self.state is State.OPEN:
            return None
        if self.state is State.CLOSED:
            return ConnectionClosed()
        if self.state is State.LOST:
            return ConnectionLost(self.loss)
        return NotConnected(self.state.value)
