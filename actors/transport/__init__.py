"""Transports: one WebSocket connection each, blocking and thread-safe.

:class:`WebSocketClientBuilder` picks the implementation from the URL, so venue code
never names one: ``ws://``/``wss://`` use websocket-client
(:class:`NativeWebSocketConnection`), ``memory://name`` an in-process pair
(:class:`MemoryWebSocketConnection`, served by :func:`listen`).

Example:
    >>> from actors.transport import WebSocketClientBuilder, is_loopback
    >>> transport = WebSocketClientBuilder("ws://127.0.0.1:8080/ws").build()
    >>> (transport.is_open, is_loopback(transport.url))
    (False, True)
"""

from __future__ import annotations

from actors.transport._options import DEFAULT_MAX_FRAME_BYTES
from actors.transport.base import Frame, WebSocketConnection
from actors.transport.builder import WebSocketClientBuilder, is_loopback
from actors.transport.memory import (
    MemoryHandshake,
    MemoryListener,
    MemoryServerEndpoint,
    MemoryWebSocketConnection,
    listen,
)
from actors.transport.native import NativeWebSocketConnection

__all__ = [
    "DEFAULT_MAX_FRAME_BYTES",
    "Frame",
    "MemoryHandshake",
    "MemoryListener",
    "MemoryServerEndpoint",
    "MemoryWebSocketConnection",
    "NativeWebSocketConnection",
    "WebSocketClientBuilder",
    "WebSocketConnection",
    "is_loopback",
    "listen",
]
