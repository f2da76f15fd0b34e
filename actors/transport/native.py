"""The network transport: websocket-client's low-level ``WebSocket`` over a buffered socket.

The transport opens TCP (through an HTTP proxy when asked), TLS with certificate and
host-name verification unless ``verify_tls=False``, then lets websocket-client run the
handshake on that socket and reads frames through a read-ahead buffer
(:mod:`actors.transport._buffered_socket`). websocket-client, socket and ssl exceptions
become :mod:`protocol.errors` in this module only.

Rules of the connection's end:
    1. ``connect()`` failures raise ``ConnectionFailed``; ``close()`` during ``connect()``
       makes it raise ``ConnectionClosed``.
    2. A close frame from the peer, a dropped socket, a protocol violation or an
       oversized frame raise ``ConnectionLost`` naming the close code; ``close_code``
       and ``close_reason`` keep it. Frames read before the end are returned first.
    3. After our own ``close()`` every call raises ``ConnectionClosed``.
    4. The socket is shut down at once (waking any blocked reader or writer) and closed
       by the last thread that leaves it, so no thread ever uses a reused descriptor.

Example:
    >>> transport = NativeWebSocketConnection("wss://www.deribit.com/ws/api/v2")
    >>> transport.is_open
    False
    >>> # transport.connect(); transport.send('{"method": "public/test"}')
    >>> # frames = transport.receive_batch(); transport.close()
"""

from __future__ import annotations

import contextlib
import enum
import logging
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from typing import Any

import websocket

from actors.transport._buffered_socket import BufferedSocket
from actors.transport._close import (
    ABNORMAL,
    GOING_AWAY,
    INVALID_DATA,
    PROTOCOL_ERROR,
    TOO_BIG,
    check_close,
    close_payload,
    describe_close,
    parse_close_payload,
)
from actors.transport._dial import TunnelRefused, open_tcp, open_tunnel, wrap_tls
from actors.transport._frames import FrameTooLarge, LimitedWebSocket
from actors.transport._options import (
    DEFAULT_MAX_FRAME_BYTES,
    check_buffer_size,
    check_headers,
    check_max_frames,
    check_seconds,
    check_size,
    check_timeout,
    parse_proxy,
    parse_ws_url,
)
from actors.transport._tls import check_ssl_options, tls_context
from actors.transport.base import Frame, WebSocketConnection
from protocol.errors import (
    ConnectionClosed,
    ConnectionFailed,
    ConnectionLost,
    InvalidParameters,
    NotConnected,
    TransportError,
)

__all__ = ["NativeWebSocketConnection"]

_log = logging.getLogger(__name__)

_OP_TEXT = websocket.ABNF.OPCODE_TEXT
_OP_BINARY = websocket.ABNF.OPCODE_BINARY
_OP_CLOSE = websocket.ABNF.OPCODE_CLOSE
# Waits that bound close(): the send lock (a writer stuck on a full socket means the
# peer reads nothing, so the close frame would be pointless) and the frame itself.
_CLOSE_LOCK_WAIT = 0.25
_CLOSE_SEND_TIMEOUT = 0.5


class _State(enum.Enum):
    NEW = "disconnected"
    CONNECTING = "connecting"
    OPEN = "open"
    FAILED = "failed"
    LOST = "lost"
    CLOSED = "closed"


_IN_USE = (_State.NEW, _State.CONNECTING, _State.OPEN)


class _PeerClosed(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(describe_close(code, reason))
        self.code = code
        self.reason = reason


class _Cancelled(Exception):
    """``close()`` ran while ``connect()`` was under way."""


_CONNECT_ERRORS = (OSError, ValueError, websocket.WebSocketException, TunnelRefused, _Cancelled)
_IO_ERRORS = (OSError, ValueError, websocket.WebSocketException, _PeerClosed)


class NativeWebSocketConnection(WebSocketConnection):
    """A ``ws://`` / ``wss://`` connection; blocking, thread-safe, single use.

    Args:
        url: ``ws://`` or ``wss://`` URL, with path and query.
        connect_timeout: seconds for TCP, proxy, TLS and WebSocket handshakes together.
        read_timeout: seconds without any frame after which the connection counts as
            lost; ``None`` waits forever (staleness is the connection actor's job).
        headers: extra handshake headers (never logged).
        proxy: ``"http://[user:password@]host:port"``; environment variables are not
            consulted.
        ssl_options: ``cafile``, ``capath``, ``cadata``, ``certfile``, ``keyfile``,
            ``server_hostname``, or a ready ``ssl.SSLContext`` as ``context``.
        verify_tls: verify the server's certificate and host name (default).
        read_buffer_size: bytes read from the socket at once.
        max_frame_bytes: the largest message accepted; a larger one ends the
            connection with close code 1009.

    Example:
        >>> NativeWebSocketConnection("ws://127.0.0.1:9/ws", read_timeout=30).url
        'ws://127.0.0.1:9/ws'
    """

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float | None = None,
        headers: Mapping[str, str] | None = None,
        proxy: str | None = None,
        ssl_options: Mapping[str, Any] | None = None,
        verify_tls: bool = True,
        read_buffer_size: int = 262_144,
        max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES,
    ) -> None:
        self._target = parse_ws_url(url)
        self.url = url
        self._connect_timeout = check_seconds("connect_timeout", connect_timeout)
        self._read_timeout = check_timeout("read_timeout", read_timeout)
        self._headers = check_headers(headers)
        self._proxy = parse_proxy(proxy)
        self._server_hostname = check_ssl_options(ssl_options, verify_tls).get("server_hostname")
        self._tls = tls_context(ssl_options, verify_tls=verify_tls) if self._target.secure else None
        self._buffer_size = check_buffer_size(read_buffer_size)
        self._max_frame_bytes = check_size("max_frame_bytes", max_frame_bytes)
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()
        self._state = _State.NEW
        self._active = 0
        self._sock: socket.socket | None = None
        self._ws: LimitedWebSocket | None = None
        self._buffer: BufferedSocket | None = None
        self._loss = ""
        self._close_code: int | None = None
        self._close_reason = ""

    def __repr__(self) -> str:
        return f"NativeWebSocketConnection(url={self.url!r}, state={self._state.value!r})"

    @property
    def is_open(self) -> bool:
        """True between a successful ``connect()`` and the connection's end."""
        return self._state is _State.OPEN

    @property
    def close_code(self) -> int | None:
        """The code that ended the connection (the peer's, 1006 for a drop, or ours)."""
        return self._close_code

    @property
    def close_reason(self) -> str:
        """The reason sent with ``close_code``, if any."""
        return self._close_reason

    # -- connect ---------------------------------------------------------------------

    def connect(self) -> None:
        """Open TCP, proxy tunnel, TLS and the WebSocket handshake within the timeout.

        Raises:
            ConnectionFailed: on any failure; the reason says which step failed.
            ConnectionClosed: ``close()`` was called before or during the attempt.
        """
        with self._lock:
            if self._state is not _State.NEW:
                raise self._connect_refusal()
            self._state = _State.CONNECTING
            self._active += 1
        try:
            self._open(time.monotonic() + self._connect_timeout)
        except _CONNECT_ERRORS as exc:
            raise self._connect_failed(exc) from exc
        finally:
            self._release()

    def _connect_refusal(self) -> TransportError:
        if self._state is _State.CLOSED:
            return ConnectionClosed()
        return ConnectionFailed(self.url, "a transport connects once; build a new one")

    def _open(self, deadline: float) -> None:
        sock = self._adopt(open_tcp(self._target, self._proxy, self._connect_timeout))
        if self._proxy is not None:
            sock.settimeout(_remaining(deadline))
            open_tunnel(sock, self._target, self._proxy)
        if self._tls is not None:
            sock.settimeout(_remaining(deadline))
            sock = self._adopt(wrap_tls(sock, self._target, self._tls, self._server_hostname))
        sock.settimeout(_remaining(deadline))
        ws = LimitedWebSocket(self._max_frame_bytes)
        ws.connect(self.url, socket=sock, header=self._headers, redirect_limit=0)
        sock.settimeout(self._read_timeout)
        buffer = BufferedSocket(sock, self._buffer_size)
        # websocket-client reads and writes through whatever object it holds as `sock`.
        ws.sock = buffer  # type: ignore[assignment]
        with self._lock:
            if self._state is _State.CLOSED:
                raise _Cancelled()
            self._ws, self._buffer, self._state = ws, buffer, _State.OPEN

    def _adopt(self, sock: socket.socket) -> socket.socket:
        """Make ``sock`` the one ``close()`` shuts down (TLS replaces the TCP object)."""
        with self._lock:
            self._sock = sock
            if self._state is _State.CLOSED:
                raise _Cancelled()
        return sock

    def _connect_failed(self, exc: BaseException) -> TransportError:
        with self._lock:
            if self._state is _State.CLOSED:
                return ConnectionClosed()
            self._state = _State.FAILED
        reason = _connect_reason(exc, self._target.host, self._connect_timeout)
        _log.debug("connect to %s failed: %s", self.url, reason)
        return ConnectionFailed(self.url, reason)

    # -- send / receive --------------------------------------------------------------

    def send(self, frame: Frame) -> None:
        """Send a text (``str``) or binary (``bytes``) frame; safe from any thread.

        Example:
            >>> # transport.send('{"id": 1}'); transport.send(b"\\x00\\x01")
        """
        payload, opcode = _encode(frame)
        ws = self._acquire()
        try:
            ws.send(payload, opcode)
        except _IO_ERRORS as exc:
            raise self._failed(exc) from exc
        finally:
            self._release()

    def receive_batch(self, max_frames: int = 64) -> list[Frame]:
        """Block for one frame, then add every whole frame already received.

        Pings are answered while reading. Returns at most ``max_frames`` frames.

        Example:
            >>> # for frame in transport.receive_batch(64): handle(frame)
        """
        check_max_frames(max_frames)
        ws = self._acquire()
        try:
            with self._read_lock:
                return self._read_batch(ws, max_frames)
        finally:
            self._release()

    def _read_batch(self, ws: LimitedWebSocket, max_frames: int) -> list[Frame]:
        buffer = self._buffer
        assert buffer is not None  # set together with the OPEN state
        try:
            batch = [self._read_data_frame(ws, buffer)]
        except _IO_ERRORS as exc:
            raise self._failed(exc) from exc
        limit = self._max_frame_bytes
        while len(batch) < max_frames:
            try:
                frame = _take_buffered(buffer, limit)
                if frame is None:
                    if not buffer.frame_ready():
                        break
                    frame = _read_frame(ws)
            except _IO_ERRORS as exc:
                # Rule 2: hand on what was read; the next call raises the loss.
                self._failed(exc)
                break
            if frame is not None:
                batch.append(frame)
        return batch

    def _read_data_frame(self, ws: LimitedWebSocket, buffer: BufferedSocket) -> Frame:
        # The fast path serves the first frame of a batch too: wait for bytes in the
        # buffer rather than inside websocket-client, whose per-frame work dominates
        # the latency of a lone small frame.
        limit = self._max_frame_bytes
        while True:
            frame = _take_buffered(buffer, limit)
            if frame is None and not buffer.fill():
                frame = _read_frame(ws)  # blocks; answers pings on the way
            if frame is not None:
                return frame

    # -- the connection's end --------------------------------------------------------

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Send a close frame (best effort), shut the socket down, wake every waiter.

        Idempotent and safe from any thread; never waits for the peer's answer.

        Example:
            >>> NativeWebSocketConnection("ws://127.0.0.1:9").close()
        """
        check_close(code, reason)
        with self._lock:
            previous = self._state
            if previous is _State.CLOSED:
                return
            self._state = _State.CLOSED
            self._active += 1
            if previous is _State.OPEN:
                self._close_code, self._close_reason = code, reason
        try:
            if previous is _State.OPEN:
                self._send_close_frame(code, reason)
            self._shutdown()
        finally:
            self._release()

    def _failed(self, exc: BaseException) -> TransportError:
        """Translate a read/write failure; the first one ends the connection."""
        reason, code, ours = _loss(exc, self._read_timeout)
        with self._lock:
            if self._state is not _State.OPEN:
                return self._unusable()
            self._state, self._loss = _State.LOST, reason
            self._close_code = code
            if isinstance(exc, _PeerClosed):
                self._close_reason = exc.reason
        _log.debug("connection to %s lost: %s", self.url, reason)
        if ours is not None:
            self._send_close_frame(ours, "")
        self._shutdown()
        return ConnectionLost(reason)

    def _send_close_frame(self, code: int, reason: str) -> None:
        ws, sock = self._ws, self._sock
        if ws is None or sock is None or not ws.lock.acquire(timeout=_CLOSE_LOCK_WAIT):
            return
        try:
            frame = websocket.ABNF.create_frame(close_payload(code, reason), _OP_CLOSE)
            sock.settimeout(_CLOSE_SEND_TIMEOUT)
            sock.sendall(frame.format())
        except OSError as exc:
            _log.debug("close frame to %s not sent: %s", self.url, exc)
        finally:
            ws.lock.release()

    def _shutdown(self) -> None:
        sock = self._sock
        if sock is None:
            return
        # The plain socket's shutdown: ssl.SSLSocket.shutdown would drop its TLS object
        # under a reader that may be inside it. OSError: never connected, or already down.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)

    # -- who may use the socket ------------------------------------------------------

    def _acquire(self) -> LimitedWebSocket:
        with self._lock:
            if self._state is not _State.OPEN or self._ws is None:
                raise self._unusable()
            self._active += 1
            return self._ws

    def _release(self) -> None:
        with self._lock:
            self._active -= 1
            if self._active or self._state in _IN_USE or self._sock is None:
                return
            sock, self._sock = self._sock, None
        sock.close()

    def _unusable(self) -> TransportError:
        if self._state is _State.CLOSED:
            return ConnectionClosed()
        if self._state is _State.LOST:
            return ConnectionLost(self._loss)
        return NotConnected(self._state.value)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("connect timeout")
    return left


def _encode(frame: Frame) -> tuple[str | bytes, int]:
    if isinstance(frame, str):
        return frame, _OP_TEXT
    if isinstance(frame, bytes | bytearray | memoryview):
        return bytes(frame), _OP_BINARY
    raise InvalidParameters("frame", f"must be str or bytes, not {type(frame).__name__}")


def _take_buffered(buffer: BufferedSocket, max_bytes: int) -> Frame | None:
    """The next frame straight from the read-ahead buffer, when it is a plain one."""
    taken = buffer.take_data_frame(max_bytes)
    if taken is None:
        return None
    opcode, payload = taken
    return _text(payload) if opcode == _OP_TEXT else payload


def _text(payload: bytes) -> Frame:
    """A text frame's text; invalid UTF-8 is handed on as the raw bytes.

    RFC 6455 would fail the connection here. We keep the session instead: the codec
    classifies the bytes as malformed, and the frame is counted and signalled like any
    other hostile input.
    """
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return bytes(payload)


def _read_frame(ws: LimitedWebSocket) -> Frame | None:
    """One data frame, or ``None`` for a control frame (pings are answered inside)."""
    opcode, frame = ws.recv_data_frame(True)
    if opcode == _OP_TEXT:
        return _text(frame.data)
    if opcode == _OP_BINARY:
        return bytes(frame.data)
    if opcode == _OP_CLOSE:
        raise _PeerClosed(*parse_close_payload(frame.data))
    return None


def _loss(exc: BaseException, read_timeout: float | None) -> tuple[str, int, int | None]:
    """Reason, the code that ended the connection, and the close code we send (if any)."""
    if isinstance(exc, _PeerClosed):
        return f"the server closed the connection with {exc}", exc.code, None
    if isinstance(exc, FrameTooLarge):
        return str(exc), TOO_BIG, TOO_BIG
    if isinstance(exc, websocket.WebSocketPayloadException):
        return "invalid frame payload", INVALID_DATA, INVALID_DATA
    if isinstance(exc, websocket.WebSocketProtocolException):
        return f"protocol error from the server: {exc}", PROTOCOL_ERROR, PROTOCOL_ERROR
    if isinstance(exc, websocket.WebSocketTimeoutException | TimeoutError):
        return f"no data within read_timeout ({read_timeout:g} s)", ABNORMAL, GOING_AWAY
    if isinstance(exc, websocket.WebSocketConnectionClosedException):
        return "the connection dropped without a close frame (code 1006)", ABNORMAL, None
    return f"socket error: {exc} (code 1006)", ABNORMAL, None


def _connect_reason(exc: BaseException, host: str, timeout: float) -> str:
    if isinstance(exc, websocket.WebSocketBadStatusException):
        return f"handshake refused: HTTP {exc.status_code}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate verification failed: {exc.verify_message}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed: {exc.reason or exc}"
    if isinstance(exc, TimeoutError | websocket.WebSocketTimeoutException):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve {host!r}"
    if isinstance(exc, TunnelRefused):
        return str(exc)
    if isinstance(exc, websocket.WebSocketException):
        return f"handshake failed: {exc}"
    return str(exc) or type(exc).__name__
