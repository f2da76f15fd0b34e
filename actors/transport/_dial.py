"""Opening the byte stream under a WebSocket: TCP, an optional proxy tunnel, TLS.

The transport opens the socket itself (rather than letting websocket-client do it) so
that it owns the socket from the first byte: ``close()`` can interrupt a handshake,
proxies are exactly the ones configured (no environment variables), and TLS uses the
transport's verifying context.

Example:
    >>> authority(Target(False, "::1", 8080, "/"))
    '[::1]:8080'
"""

from __future__ import annotations

import socket
import ssl

from actors.transport._options import Proxy, Target

__all__ = ["TunnelRefused", "authority", "open_tcp", "open_tunnel", "wrap_tls"]

_MAX_PROXY_HEAD = 16_384


class TunnelRefused(Exception):
    """The proxy answered ``CONNECT`` with something other than 2xx.

    Example:
        >>> TunnelRefused("HTTP/1.1 407 Proxy Authentication Required").status_line
        'HTTP/1.1 407 Proxy Authentication Required'
    """

    def __init__(self, status_line: str) -> None:
        super().__init__(f"the proxy refused the tunnel: {status_line}")
        self.status_line = status_line


def authority(target: Target) -> str:
    """``host:port`` as it goes into a request line (IPv6 in brackets)."""
    host = f"[{target.host}]" if ":" in target.host else target.host
    return f"{host}:{target.port}"


def open_tcp(target: Target, proxy: Proxy | None, timeout: float) -> socket.socket:
    """A connected TCP socket to the target, or to the proxy when there is one."""
    host, port = (proxy.host, proxy.port) if proxy else (target.host, target.port)
    sock = socket.create_connection((host, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    return sock


def open_tunnel(sock: socket.socket, target: Target, proxy: Proxy) -> None:
    """Ask the proxy for a tunnel to the target with ``CONNECT``."""
    where = authority(target)
    head = f"CONNECT {where} HTTP/1.1\r\nHost: {where}\r\n"
    if proxy.authorization:
        head += f"Proxy-Authorization: {proxy.authorization}\r\n"
    sock.sendall((head + "\r\n").encode("latin-1"))
    status_line = _read_head(sock).split("\r\n", 1)[0]
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[1].startswith("2"):
        raise TunnelRefused(status_line or "no answer")


def _read_head(sock: socket.socket) -> str:
    # One byte at a time: nothing after the proxy's head may be consumed here.
    head = bytearray()
    while not head.endswith(b"\r\n\r\n"):
        byte = sock.recv(1)
        if not byte or len(head) > _MAX_PROXY_HEAD:
            break
        head += byte
    return head.decode("latin-1")


def wrap_tls(
    sock: socket.socket, target: Target, context: ssl.SSLContext, server_hostname: str | None
) -> ssl.SSLSocket:
    """Run the TLS handshake (bounded by the socket's timeout)."""
    return context.wrap_socket(sock, server_hostname=server_hostname or target.host)
