"""The public surface of actors.transport is pinned."""

from __future__ import annotations

import actors.transport

PUBLIC = [
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


def test_the_public_names_are_exactly_these():
    assert actors.transport.__all__ == PUBLIC


def test_every_public_name_exists_and_has_a_docstring():
    for name in PUBLIC:
        value = getattr(actors.transport, name)
        if callable(value) and name != "Frame":
            assert value.__doc__, name


def test_every_transport_implements_the_contract():
    for kind in (
        actors.transport.NativeWebSocketConnection,
        actors.transport.MemoryWebSocketConnection,
    ):
        assert issubclass(kind, actors.transport.WebSocketConnection)
