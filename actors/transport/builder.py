"""Choosing the transport from the URL: venue code is the same on every transport.

``ws://`` and ``wss://`` get :class:`~actors.transport.native.NativeWebSocketConnection`;
``memory://name`` gets :class:`~actors.transport.memory.MemoryWebSocketConnection`.
Options are checked when the builder is made, before anything connects. Network-only
options (``proxy``, ``ssl_options``, ``verify_tls``, ``read_buffer_size``) are accepted
for every URL and have no effect on ``memory://``.

Example:
    >>> builder = WebSocketClientBuilder("memory://sim/ws", connect_timeout=2.0)
    >>> type(builder.build()).__name__
    'MemoryWebSocketConnection'
    >>> is_loopback("ws://127.0.0.1:8080/ws"), is_loopback("wss://example.com")
    (True, False)
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from actors.transport._options import (
    check_buffer_size,
    check_headers,
    check_seconds,
    check_size,
    check_timeout,
    parse_proxy,
)
from actors.transport._tls import check_ssl_options
from actors.transport.base import WebSocketConnection
from actors.transport.memory import MemoryWebSocketConnection
from actors.transport.native import NativeWebSocketConnection
from protocol.errors import InvalidParameters

__all__ = ["OPTIONS", "WebSocketClientBuilder", "is_loopback"]

_MEMORY_OPTIONS = frozenset({"connect_timeout", "read_timeout", "headers", "max_frame_bytes"})
_NETWORK_OPTIONS = frozenset({"proxy", "ssl_options", "verify_tls", "read_buffer_size"})
#: Every option the builder accepts.
OPTIONS = _MEMORY_OPTIONS | _NETWORK_OPTIONS
_SCHEMES = ("ws", "wss", "memory")


class WebSocketClientBuilder:
    """Build a transport for a URL; refuse unknown schemes and options at once.

    Args:
        url: ``ws://``, ``wss://`` or ``memory://`` URL.
        **options: ``connect_timeout``, ``read_timeout``, ``headers``,
            ``max_frame_bytes``, ``proxy``, ``ssl_options``, ``verify_tls``,
            ``read_buffer_size`` (see :class:`NativeWebSocketConnection`).

    Raises:
        InvalidParameters: ``url`` with another scheme, or an unknown or invalid option
            (the error names it).

    Example:
        >>> WebSocketClientBuilder("ws://127.0.0.1:9", retries=3)
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'retries': unknown option
    """

    def __init__(self, url: str, **options: Any) -> None:
        self.url = url
        self.scheme = _scheme(url)
        for name in sorted(options):
            if name not in OPTIONS:
                raise InvalidParameters(name, "unknown option")
        _check_values(options)
        self.options = dict(options)

    def __repr__(self) -> str:
        return f"WebSocketClientBuilder(url={self.url!r}, options={sorted(self.options)})"

    def build(self) -> WebSocketConnection:
        """A new, unconnected transport (each call builds another)."""
        if self.scheme == "memory":
            kept = {k: v for k, v in self.options.items() if k in _MEMORY_OPTIONS}
            return MemoryWebSocketConnection(self.url, **kept)
        return NativeWebSocketConnection(self.url, **self.options)


def _scheme(url: Any) -> str:
    if not isinstance(url, str):
        raise InvalidParameters("url", "must be a str")
    scheme = urlsplit(url).scheme
    if scheme not in _SCHEMES:
        raise InvalidParameters("url", f"scheme must be ws://, wss:// or memory://: {url!r}")
    return scheme


def _check_values(options: dict[str, Any]) -> None:
    if "connect_timeout" in options:
        check_seconds("connect_timeout", options["connect_timeout"])
    if "read_timeout" in options:
        check_timeout("read_timeout", options["read_timeout"])
    if "max_frame_bytes" in options:
        check_size("max_frame_bytes", options["max_frame_bytes"])
    if "read_buffer_size" in options:
        check_buffer_size(options["read_buffer_size"])
    check_headers(options.get("headers"))
    parse_proxy(options.get("proxy"))
    check_ssl_options(options.get("ssl_options"), options.get("verify_tls", True))


def is_loopback(url: str) -> bool:
    """True for ``memory://`` and for URLs whose host is loopback.

    Loopback hosts are ``localhost``, ``127.0.0.0/8`` and ``::1``. Private clients
    accept plain ``ws://`` only to these.

    Example:
        >>> [is_loopback(u) for u in ("memory://x", "ws://[::1]:80", "ws://10.0.0.1")]
        [True, True, False]
    """
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    if parts.scheme == "memory":
        return True
    host = parts.hostname
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
