"""The in-process transport: ``memory://name/path`` without sockets.

A server calls :func:`listen` to own a name; clients connect to ``memory://name/...``
through :class:`MemoryWebSocketConnection` (what the builder returns for such URLs).
Each connection is a pair of bounded queues with the network transport's semantics:
text stays ``str``, binary stays ``bytes``, close codes travel, a peer's close raises
``ConnectionLost`` naming the code, our own ``close()`` makes later calls raise
``ConnectionClosed``, and ``receive_batch`` drains what is already queued.

Example:
    >>> with listen("doc-example") as listener:
    ...     client = MemoryWebSocketConnection("memory://doc-example/ws")
    ...     waiter = threading.Thread(target=lambda: listener.accept(timeout=5).send("hi"))
    ...     waiter.start()
    ...     client.connect()
    ...     waiter.join()
    ...     print(client.receive_batch())
    ...     client.close()
    ['hi']
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from urllib.parse import urlsplit

from actors.transport._close import GOING_AWAY, check_close
from actors.transport._memory_link import Link, Side, State
from actors.transport._options import (
    DEFAULT_MAX_FRAME_BYTES,
    check_headers,
    check_max_frames,
    check_seconds,
    check_size,
    check_timeout,
)
from actors.transport.base import Frame, WebSocketConnection
from protocol.errors import ConnectionClosed, ConnectionFailed, ConnectionLost, InvalidParameters

__all__ = [
    "DEFAULT_QUEUED_FRAMES",
    "MemoryHandshake",
    "MemoryListener",
    "MemoryServerEndpoint",
    "MemoryWebSocketConnection",
    "listen",
]

#: Frames one direction holds before the sender waits (as a full TCP window would).
DEFAULT_QUEUED_FRAMES = 65_536

_listeners: dict[str, MemoryListener] = {}
_listeners_lock = threading.Lock()


def listen(name: str, *, max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES) -> MemoryListener:
    """Own ``memory://name`` until the listener is closed.

    Raises:
        InvalidParameters: the name is empty, contains ``/``, or is taken.

    Example:
        >>> with listen("doc-listen") as listener:
        ...     listener.url
        'memory://doc-listen'
    """
    if not isinstance(name, str) or not name or "/" in name or "?" in name:
        raise InvalidParameters("name", f"must be a non-empty str without '/' or '?': {name!r}")
    listener = MemoryListener(name, check_size("max_frame_bytes", max_frame_bytes))
    with _listeners_lock:
        if name in _listeners:
            raise InvalidParameters("name", f"memory://{name} is already listened on")
        _listeners[name] = listener
    return listener


def _lookup(name: str) -> MemoryListener | None:
    with _listeners_lock:
        return _listeners.get(name)


class MemoryHandshake:
    """A client waiting in ``connect()``; the server accepts or refuses it.

    Example:
        >>> # handshake = listener.pending(timeout=1.0)
        >>> # handshake.refuse(503) if overloaded else handshake.accept()
    """

    def __init__(self, link: Link, client: Side, path: str, headers: Mapping[str, str]) -> None:
        self.path = path
        self.headers = dict(headers)
        self._link = link
        self._client = client
        self.refused_with: int | None = None
        self.decided = False

    def __repr__(self) -> str:
        return f"MemoryHandshake(path={self.path!r})"

    def accept(self, max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES) -> MemoryServerEndpoint:
        """Complete the handshake: the client's ``connect()`` returns.

        Raises:
            ConnectionLost: the client gave up (closed or timed out) before this.
        """
        server = Side(self._link, 1, "client", max_frame_bytes)
        with self._link.cond:
            self._decide()
            self._client.state = server.state = State.OPEN
            self._link.cond.notify_all()
        return MemoryServerEndpoint(server, self.path, self.headers)

    def refuse(self, status: int = 503) -> None:
        """Fail the client's ``connect()`` as an HTTP error ``status`` would."""
        with self._link.cond:
            self._decide()
            self.refused_with = status
            self._link.cond.notify_all()

    def _decide(self) -> None:
        if self.decided or self._client.state is not State.CONNECTING:
            raise ConnectionLost("the client left before the handshake completed")
        self.decided = True


class MemoryListener:
    """The server side of ``memory://name``: hands out handshakes, one per ``connect()``.

    Example:
        >>> with listen("doc-listener") as listener:
        ...     listener.pending(timeout=0.01)
        Traceback (most recent call last):
        ...
        TimeoutError: no client connected to memory://doc-listener in time
    """

    def __init__(self, name: str, max_frame_bytes: int) -> None:
        self.name = name
        self.max_frame_bytes = max_frame_bytes
        self._cond = threading.Condition()
        self._queue: deque[MemoryHandshake] = deque()
        self._closed = False

    def __repr__(self) -> str:
        return f"MemoryListener(url={self.url!r}, closed={self._closed})"

    @property
    def url(self) -> str:
        """``memory://name``."""
        return f"memory://{self.name}"

    def pending(self, timeout: float | None = None) -> MemoryHandshake:
        """The next client waiting in ``connect()``.

        Raises:
            TimeoutError: no client within ``timeout``.
            ConnectionClosed: the listener is closed.
        """
        with self._cond:
            ready = self._cond.wait_for(lambda: self._queue or self._closed, timeout)
            if self._closed:
                raise ConnectionClosed(f"{self.url} is closed")
            if not ready:
                raise TimeoutError(f"no client connected to {self.url} in time")
            return self._queue.popleft()

    def accept(self, timeout: float | None = None) -> MemoryServerEndpoint:
        """Accept the next client (see :meth:`pending` for the errors)."""
        return self.pending(timeout).accept(self.max_frame_bytes)

    def close(self) -> None:
        """Release the name and refuse every client still waiting; idempotent."""
        with _listeners_lock:
            if _listeners.get(self.name) is self:
                del _listeners[self.name]
        with self._cond:
            self._closed = True
            waiting = list(self._queue)
            self._queue.clear()
            self._cond.notify_all()
        for handshake in waiting:
            # ConnectionLost: that client had already given up.
            with contextlib.suppress(ConnectionLost):
                handshake.refuse(503)

    def _offer(self, handshake: MemoryHandshake) -> None:
        with self._cond:
            if self._closed:
                raise ConnectionFailed(f"{self.url}{handshake.path}", "the listener is closed")
            self._queue.append(handshake)
            self._cond.notify_all()

    def __enter__(self) -> MemoryListener:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class MemoryServerEndpoint:
    """The server's end of one in-process connection.

    Example:
        >>> # endpoint = listener.accept(); frame = endpoint.recv(timeout=1.0)
        >>> # endpoint.send(frame); endpoint.close(1001, "restarting")
    """

    def __init__(self, side: Side, path: str, headers: Mapping[str, str]) -> None:
        self._side = side
        self.path = path
        self.headers = dict(headers)

    def __repr__(self) -> str:
        return f"MemoryServerEndpoint(path={self.path!r}, state={self._side.state.value!r})"

    @property
    def is_open(self) -> bool:
        """True until either side ends the connection (as seen from here)."""
        return self._side.state is State.OPEN

    @property
    def close_code(self) -> int | None:
        """The code that ended the connection, once it has ended."""
        return self._side.close_code

    @property
    def close_reason(self) -> str:
        """The reason sent with ``close_code``."""
        return self._side.close_reason

    def send(self, frame: Frame) -> None:
        """Send a text or binary frame to the client."""
        self._side.send(frame)

    def recv(self, timeout: float | None = None) -> Frame:
        """One frame from the client.

        Raises:
            TimeoutError: nothing within ``timeout``.
            ConnectionLost: the client closed (the reason names its code) or dropped.
            ConnectionClosed: after this endpoint's ``close()``.
        """
        return self._side.receive(1, timeout)[0]

    def ping(self, payload: bytes = b"") -> threading.Event:
        """Ping the client; the event is set once its reader has answered."""
        return self._side.ping(payload)

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Close with a close frame carrying ``code`` and ``reason``; idempotent."""
        check_close(code, reason)
        with self._side.link.cond:
            self._side.end(code, reason, State.CLOSED)

    def abort(self) -> None:
        """End the connection without a close frame: the client sees code 1006."""
        with self._side.link.cond:
            self._side.end(1006, "", State.CLOSED)


class MemoryWebSocketConnection(WebSocketConnection):
    """The client of ``memory://name/path``; a drop-in for the network transport.

    Args:
        url: ``memory://name`` with an optional path and query.
        connect_timeout: seconds to wait for the listener to accept.
        read_timeout: seconds without a frame after which the connection counts as
            lost (``None``: wait forever).
        headers: handshake headers, visible to the server as ``handshake.headers``.
        max_frame_bytes: the largest frame accepted (close code 1009 above it).
        max_queued_frames: frames queued per direction before a sender waits.

    Example:
        >>> MemoryWebSocketConnection("memory://venue/ws/api/v2").url
        'memory://venue/ws/api/v2'
    """

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float | None = None,
        headers: Mapping[str, str] | None = None,
        max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES,
        max_queued_frames: int = DEFAULT_QUEUED_FRAMES,
    ) -> None:
        self._name, self._path = _parse_memory_url(url)
        self.url = url
        self._connect_timeout = check_seconds("connect_timeout", connect_timeout)
        self._read_timeout = check_timeout("read_timeout", read_timeout)
        self._headers = check_headers(headers)
        frame_limit = check_size("max_frame_bytes", max_frame_bytes)
        self._link = Link(check_size("max_queued_frames", max_queued_frames))
        self._side = Side(self._link, 0, "server", frame_limit)

    def __repr__(self) -> str:
        return f"MemoryWebSocketConnection(url={self.url!r}, state={self._side.state.value!r})"

    @property
    def is_open(self) -> bool:
        """True between a successful ``connect()`` and the connection's end."""
        return self._side.state is State.OPEN

    @property
    def close_code(self) -> int | None:
        """The code that ended the connection (the server's, 1006 for a drop, or ours)."""
        return self._side.close_code

    @property
    def close_reason(self) -> str:
        """The reason sent with ``close_code``."""
        return self._side.close_reason

    def connect(self) -> None:
        """Wait for the listener of the name to accept.

        Raises:
            ConnectionFailed: nothing listens on the name, the server refused, or the
                connect timeout passed.
            ConnectionClosed: ``close()`` was called before or during the attempt.
        """
        with self._starting() as handshake:
            listener = _lookup(self._name)
            if listener is None:
                raise ConnectionFailed(self.url, f"nothing listens on memory://{self._name}")
            listener._offer(handshake)
            with self._link.cond:
                self._link.cond.wait_for(
                    lambda: handshake.decided or self._side.state is not State.CONNECTING,
                    self._connect_timeout,
                )
                self._settle(handshake)

    @contextmanager
    def _starting(self) -> Iterator[MemoryHandshake]:
        with self._link.cond:
            if self._side.state is State.CLOSED:
                raise ConnectionClosed()
            if self._side.state is not State.NEW:
                raise ConnectionFailed(self.url, "a transport connects once; build a new one")
            self._side.state = State.CONNECTING
        try:
            yield MemoryHandshake(self._link, self._side, self._path, self._headers)
        except BaseException:
            with self._link.cond:
                if self._side.state is State.CONNECTING:
                    self._side.state = State.FAILED
            raise

    def _settle(self, handshake: MemoryHandshake) -> None:
        """Turn the handshake's outcome into the state (caller holds the condition)."""
        state = self._side.state
        if state is State.OPEN:
            return
        if state is State.CLOSED:
            raise ConnectionClosed()
        # Still under the condition: a late accept() now finds the client gone.
        self._side.state = State.FAILED
        if handshake.refused_with is not None:
            raise ConnectionFailed(self.url, f"handshake refused: HTTP {handshake.refused_with}")
        raise ConnectionFailed(self.url, f"timed out after {self._connect_timeout:g} s")

    def send(self, frame: Frame) -> None:
        """Send a text (``str``) or binary (``bytes``) frame; safe from any thread."""
        self._side.send(frame)

    def receive_batch(self, max_frames: int = 64) -> list[Frame]:
        """Block for one frame, then take every frame already queued (up to ``max_frames``)."""
        check_max_frames(max_frames)
        try:
            return self._side.receive(max_frames, self._read_timeout)
        except TimeoutError as exc:
            reason = f"no data within read_timeout ({self._read_timeout:g} s)"
            with self._link.cond:
                self._side.end(GOING_AWAY, "", State.LOST, loss=reason)
                error = self._side.unusable()
            assert error is not None  # the side has just ended
            raise error from exc

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Send a close frame and end the connection; idempotent, safe from any thread."""
        check_close(code, reason)
        with self._link.cond:
            if self._side.state in (State.NEW, State.CONNECTING, State.FAILED):
                self._side.state = State.CLOSED
                self._link.cond.notify_all()
                return
            self._side.end(code, reason, State.CLOSED)


def _parse_memory_url(url: str) -> tuple[str, str]:
    if not isinstance(url, str):
        raise InvalidParameters("url", "must be a str")
    parts = urlsplit(url)
    if parts.scheme != "memory" or not parts.netloc:
        raise InvalidParameters("url", f"must look like 'memory://name/path', not {url!r}")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.netloc, path
