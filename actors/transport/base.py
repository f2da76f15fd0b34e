"""The abstract transport: one WebSocket connection, blocking and thread-safe.

A transport knows nothing of venues, ids or actors. The connection actor owns one,
a reader thread calls :meth:`WebSocketConnection.receive_batch` in a loop, and any
thread may call :meth:`WebSocketConnection.send`. Implementations translate their
library's exceptions into :mod:`protocol.errors` at this one boundary.

Example:
    >>> from actors.transport import WebSocketClientBuilder
    >>> transport = WebSocketClientBuilder("memory://example").build()
    >>> isinstance(transport, WebSocketConnection)
    True
"""

from __future__ import annotations

import abc

__all__ = ["Frame", "WebSocketConnection"]

Frame = str | bytes


class WebSocketConnection(abc.ABC):
    """One WebSocket connection: connect, send, receive, close.

    Contract:
        - ``connect()`` blocks until the handshake completes or raises
          ``ConnectionFailed``.
        - ``send()`` is safe to call from any thread; it raises ``ConnectionLost`` when
          the connection is gone and ``NotConnected`` before ``connect()``.
        - ``receive_batch()`` blocks for the first frame, then returns every further
          frame already readable without waiting (at most ``max_frames``). It raises
          ``ConnectionLost`` when the peer closes or the socket fails, and
          ``ConnectionClosed`` after our own ``close()``.
        - ``close()`` is idempotent, safe from any thread, and unblocks a pending
          ``receive_batch()`` or ``connect()``.
        - Protocol pings are answered by the transport itself.

    Example:
        >>> # transport.connect(); transport.send('{"id": 1}'); transport.receive_batch()
    """

    url: str

    @abc.abstractmethod
    def connect(self) -> None:
        """Open the connection (blocking, bounded by the connect timeout)."""

    @abc.abstractmethod
    def send(self, frame: Frame) -> None:
        """Send one text (``str``) or binary (``bytes``) frame."""

    @abc.abstractmethod
    def receive_batch(self, max_frames: int = 64) -> list[Frame]:
        """Block for one frame, then drain up to ``max_frames`` already readable."""

    @abc.abstractmethod
    def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection; idempotent and safe from any thread."""

    @property
    @abc.abstractmethod
    def is_open(self) -> bool:
        """True between a successful ``connect()`` and the connection's end."""

    def receive(self) -> Frame:
        """Block for exactly one frame.

        Example:
            >>> # frame = transport.receive()
        """
        return self.receive_batch(1)[0]
