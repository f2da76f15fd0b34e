"""A read-ahead buffer under websocket-client's socket reads.

websocket-client reads each frame with several small ``recv`` calls (two header bytes,
the extended length, the payload). On a raw socket each is a system call; through
this wrapper one ``recv`` of up to ``buffer_size`` bytes serves many frames, and the
transport can ask whether a whole frame is already buffered, so it drains a burst
without ever waiting on the network for the second and later frames.

For the common case, a whole unfragmented data frame already in the buffer, the
transport takes the payload directly (:meth:`BufferedSocket.take_data_frame`);
websocket-client's per-frame work is most of the cost of a small frame. Everything
else goes through websocket-client.

The wrapper offers exactly the socket methods websocket-client calls after the
handshake (``recv``, ``send``, ``gettimeout``, ``settimeout``, ``fileno``, ``close``).
It reports a zero timeout so that websocket-client calls ``recv``/``send`` directly
instead of polling; blocking and timeouts are those of the wrapped socket.

Example:
    >>> import socket
    >>> left, right = socket.socketpair()
    >>> reader = BufferedSocket(left, 1024)
    >>> _ = right.send(b"\\x81\\x02hi")
    >>> (reader.recv(2), reader.frame_ready(), reader.recv(2))
    (b'\\x81\\x02', False, b'hi')
    >>> left.close(); right.close()
"""

from __future__ import annotations

import select
import socket
import ssl

__all__ = ["BufferedSocket"]

# FIN set, no extension bits, text (0x1) or binary (0x2).
_PLAIN_DATA = (0x81, 0x82)


class BufferedSocket:
    """A socket-like reader with a read-ahead buffer; the transport owns the socket.

    Example:
        >>> # ws.sock = BufferedSocket(raw_socket, 262_144)
    """

    def __init__(self, sock: socket.socket, buffer_size: int) -> None:
        self._sock = sock
        self._size = buffer_size
        self._data = b""
        self._pos = 0
        self._eof = False
        self._tls = sock if isinstance(sock, ssl.SSLSocket) else None
        self._poll = select.poll()
        self._poll.register(sock.fileno(), select.POLLIN)

    def recv(self, bufsize: int) -> bytes:
        """Return up to ``bufsize`` bytes, from the buffer if it holds any."""
        pos = self._pos
        data = self._data
        if pos < len(data):
            chunk = data[pos : pos + bufsize]
            self._pos = pos + len(chunk)
            return chunk
        if self._eof:
            return b""
        if bufsize >= self._size:
            return self._sock.recv(bufsize)
        data = self._sock.recv(self._size)
        self._data = data
        self._pos = min(bufsize, len(data))
        return data[:bufsize]

    def send(self, data: bytes) -> int:
        """Send all of ``data`` (websocket-client treats the result as bytes sent)."""
        self._sock.sendall(data)
        return len(data)

    def gettimeout(self) -> float:
        """Zero, so websocket-client calls ``recv``/``send`` without its own polling."""
        return 0.0

    def settimeout(self, timeout: float | None) -> None:
        """Set the wrapped socket's timeout."""
        self._sock.settimeout(timeout)

    def fileno(self) -> int:
        """The wrapped socket's file descriptor."""
        return self._sock.fileno()

    def close(self) -> None:
        """Do nothing: the transport closes the socket once no thread uses it."""

    def frame_ready(self) -> bool:
        """True when one whole WebSocket frame can be read without waiting.

        Pulls what the kernel (or the TLS layer) already holds when the buffer has no
        whole frame; never blocks on an idle socket.
        """
        if self._frame_buffered():
            return True
        return self._top_up() and self._frame_buffered()

    def take_data_frame(self, max_bytes: int) -> tuple[int, bytes] | None:
        """Slice out a whole plain data frame (FIN, unmasked, text or binary, at most
        ``max_bytes``) if one is next in the buffer: ``(opcode, payload)``.

        Anything else (control frames, fragments, masked or oversized frames) is left
        for websocket-client, which validates it, answers pings and reports errors.
        """
        size = self._buffered_frame_size()
        if size is None:
            return None
        data, pos = self._data, self._pos
        first, second = data[pos], data[pos + 1]
        header, length = size
        if first not in _PLAIN_DATA or second & 0x80 or length > max_bytes:
            return None
        start = pos + header
        self._pos = start + length
        return first & 0x0F, data[start : start + length]

    def fill(self) -> bool:
        """Block until more bytes arrive when no whole frame is buffered.

        Returns True when bytes were added (try :meth:`take_data_frame` again), False
        when a whole frame is already buffered or the peer closed: then the caller
        reads through websocket-client, which handles control frames and the end.
        """
        if self._eof or self._frame_buffered():
            return False
        more = self._sock.recv(self._size)
        if not more:
            self._eof = True
            return False
        self._data = self._data[self._pos :] + more
        self._pos = 0
        return True

    def _frame_buffered(self) -> bool:
        return self._buffered_frame_size() is not None

    def _buffered_frame_size(self) -> tuple[int, int] | None:
        """Header and payload length of the next frame, if it is wholly buffered."""
        data, pos = self._data, self._pos
        available = len(data) - pos
        if available < 2:
            return None
        second = data[pos + 1]
        length = second & 0x7F
        header = 2
        if length == 126:
            header = 4
            if available < header:
                return None
            length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        elif length == 127:
            header = 10
            if available < header:
                return None
            length = int.from_bytes(data[pos + 2 : pos + 10], "big")
        if second & 0x80:
            header += 4
        return (header, length) if available >= header + length else None

    def _top_up(self) -> bool:
        """Append what is readable right now; False when nothing was."""
        if self._eof or not self._readable_now():
            return False
        more = self._sock.recv(self._size)
        if not more:
            # Rule: an end of stream is reported by the next recv, after the buffer.
            self._eof = True
            return False
        self._data = self._data[self._pos :] + more
        self._pos = 0
        return True

    def _readable_now(self) -> bool:
        # A TLS socket may hold decrypted bytes the kernel no longer reports. Kernel
        # readiness of a TLS socket may be a partial record: reading it then waits for
        # the rest of that record, which the peer is already sending.
        if self._tls is not None and self._tls.pending():
            return True
        return bool(self._poll.poll(0))
