"""Shared fixtures: no actor or library thread outlives a test; transports that close.

Hypothesis examples have no deadline: a loaded CI machine must not turn a slow example
into a failure (no timing thresholds in the suite).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pykka
import pytest
from hypothesis import settings

from actors.transport import WebSocketClientBuilder, WebSocketConnection
from protocol.errors import TransportError

settings.register_profile("venue-actors", deadline=None)
settings.load_profile("venue-actors")


def _library_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("venue-actors")}


@pytest.fixture(autouse=True)
def no_leaked_actors_or_threads():
    """Fail a test that leaves a running actor or a library thread behind it."""
    before = _library_threads()
    yield
    leaked_actors = pykka.ActorRegistry.get_all()
    pykka.ActorRegistry.stop_all(timeout=5)
    leaked_threads = set()
    for thread in _library_threads() - before:
        thread.join(timeout=5)
        if thread.is_alive():
            leaked_threads.add(thread.name)
    assert not leaked_actors, f"actors left running: {leaked_actors}"
    assert not leaked_threads, f"threads left running: {sorted(leaked_threads)}"


@pytest.fixture
def connect() -> Iterator[Callable[..., WebSocketConnection]]:
    """Build and connect transports; every one is closed after the test."""
    opened: list[WebSocketConnection] = []

    def _connect(url: str, **options: Any) -> WebSocketConnection:
        options.setdefault("connect_timeout", 5.0)
        transport = WebSocketClientBuilder(url, **options).build()
        opened.append(transport)
        transport.connect()
        return transport

    yield _connect
    for transport in opened:
        with contextlib.suppress(TransportError):
            transport.close()
