"""A loopback WebSocket server in its own process that sends pre-framed frames fast.

It runs in a separate process so that it never competes with the measured client for
the GIL. It speaks just enough WebSocket for a client: the HTTP upgrade, then unmasked
server text frames; it ignores what the client sends.
"""

from __future__ import annotations

import base64
import hashlib
import multiprocessing
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

BOOK_TICKER = (
    '{"stream":"bnbusdt@bookTicker","data":{"u":%d,"s":"BNBUSDT","b":"25.35190000",'
    '"B":"31.21000000","a":"25.36520000","A":"40.66000000"}}'
)


def text_frame(payload: bytes) -> bytes:
    """One unmasked server-to-client text frame."""
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x81, size)
    elif size < 65536:
        header = struct.pack("!BBH", 0x81, 126, size)
    else:
        header = struct.pack("!BBQ", 0x81, 127, size)
    return header + payload


def _handshake(conn: socket.socket) -> None:
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = conn.recv(4096)
        if not chunk:
            raise ConnectionError("client went away during the handshake")
        request += chunk
    key = ""
    for line in request.decode("latin-1").split("\r\n"):
        if line.lower().startswith("sec-websocket-key:"):
            key = line.split(":", 1)[1].strip()
    accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
    conn.sendall(
        (
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
        ).encode()
    )


def _serve_burst(listener: socket.socket, count: int, connections: int) -> None:
    blob = b"".join(text_frame((BOOK_TICKER % i).encode()) for i in range(count))
    for _ in range(connections):
        conn, _ = listener.accept()
        with conn:
            _handshake(conn)
            conn.sendall(blob)
            conn.sendall(struct.pack("!BB", 0x88, 0))  # close frame: the end of the burst
            conn.settimeout(5)
            try:
                while conn.recv(65536):
                    pass
            except OSError:
                pass


def _serve_paced(listener: socket.socket, count: int, rate: float, connections: int) -> None:
    for _ in range(connections):
        conn, _ = listener.accept()
        with conn:
            _handshake(conn)
            start = time.monotonic()
            for i in range(count):
                due = start + i / rate
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                payload = b'{"stream":"lat","data":{"i":%d,"t":%d}}' % (i, time.monotonic_ns())
                conn.sendall(text_frame(payload))
            conn.sendall(struct.pack("!BB", 0x88, 0))
            conn.settimeout(5)
            try:
                while conn.recv(65536):
                    pass
            except OSError:
                pass


@dataclass
class Blaster:
    """A server process; ``url`` is where to connect, one connection per run."""

    url: str
    process: multiprocessing.Process

    def stop(self) -> None:
        """End the server process."""
        self.process.terminate()
        self.process.join(5)


def _start(target: Callable[..., None], *args: object) -> Blaster:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    process = multiprocessing.get_context("fork").Process(
        target=target, args=(listener, *args), daemon=True
    )
    process.start()
    listener.close()
    return Blaster(f"ws://127.0.0.1:{port}/", process)


def start_burst(count: int, connections: int) -> Blaster:
    """Serve ``count`` bookTicker frames as fast as possible to each of ``connections``."""
    return _start(_serve_burst, count, connections)


def start_paced(count: int, rate: float, connections: int) -> Blaster:
    """Serve ``count`` timestamped frames at ``rate`` per second to each connection."""
    return _start(_serve_paced, count, rate, connections)
