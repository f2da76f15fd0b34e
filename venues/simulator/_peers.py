"""One client connection as the server sees it, whatever carries it.

The server reads, writes, closes, aborts and pings through this small interface, so
the same code serves websockets connections and ``memory://`` endpoints. Every
"the connection is gone" error becomes :class:`PeerGone`.

Example:
    >>> issubclass(PeerGone, Exception)
    True
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from typing import Protocol

from websockets.exceptions import ConcurrencyError, ConnectionClosed
from websockets.sync.server import ServerConnection

from actors.transport import MemoryServerEndpoint
from protocol.errors import TransportError

__all__ = ["MemoryPeer", "Peer", "PeerGone", "WebSocketsPeer"]


class PeerGone(Exception):
    """The connection has ended; nothing more can be read or written."""


class Peer(Protocol):
    """What the server needs from a connection."""

    path: str

    def recv(self) -> str | bytes:
        """Block for the next frame; raise :class:`PeerGone` at the end."""
        ...

    def send(self, frame: str | bytes) -> None:
        """Send one frame; raise :class:`PeerGone` when the connection has ended."""
        ...

    def close(self, code: int, reason: str) -> None:
        """Close with a close frame."""
        ...

    def abort(self) -> None:
        """End the connection without a close frame, as a network drop would."""
        ...

    def ping(self, payload: bytes) -> threading.Event:
        """Ping; the event is set when the pong arrives."""
        ...


class WebSocketsPeer:
    """A websockets ``ServerConnection``."""

    def __init__(self, connection: ServerConnection) -> None:
        self._connection = connection
        request = connection.request
        self.path = request.path if request is not None else "/"

    def recv(self) -> str | bytes:
        try:
            return self._connection.recv()
        except ConnectionClosed as exc:
            raise PeerGone() from exc

    def send(self, frame: str | bytes) -> None:
        try:
            self._connection.send(frame)
        except ConnectionClosed as exc:
            raise PeerGone() from exc

    def close(self, code: int, reason: str) -> None:
        self._connection.close(code, reason)

    def abort(self) -> None:
        sock = self._connection.socket
        # SO_LINGER 0: the kernel resets the connection instead of a polite FIN.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.shutdown(socket.SHUT_RDWR)

    def ping(self, payload: bytes) -> threading.Event:
        try:
            try:
                return self._connection.ping(payload or None)
            except ConcurrencyError:
                # A ping with this payload still awaits its pong: send a fresh payload.
                return self._connection.ping(None)
        except ConnectionClosed as exc:
            raise PeerGone() from exc


class MemoryPeer:
    """A ``memory://`` server endpoint."""

    def __init__(self, endpoint: MemoryServerEndpoint) -> None:
        self._endpoint = endpoint
        self.path = endpoint.path

    def recv(self) -> str | bytes:
        try:
            return self._endpoint.recv()
        except TransportError as exc:
            raise PeerGone() from exc

    def send(self, frame: str | bytes) -> None:
        try:
            self._endpoint.send(frame)
        except TransportError as exc:
            raise PeerGone() from exc

    def close(self, code: int, reason: str) -> None:
        self._endpoint.close(code, reason)

    def abort(self) -> None:
        self._endpoint.abort()

    def ping(self, payload: bytes) -> threading.Event:
        try:
            return self._endpoint.ping(payload)
        except TransportError as exc:
            raise PeerGone() from exc
