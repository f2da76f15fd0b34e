"""What a venue simulator is made of: a sans-I/O engine answering with actions.

An engine holds a venue's behaviour and no I/O: the server calls it (always under one
lock, with ``now`` from ``time.monotonic()``) when a connection opens, a frame
arrives, a connection ends, and every tick; the engine answers with actions the
server performs in order. An engine may also have ``on_pong(conn_id, payload, now)``
(optional, not part of :class:`Engine`): the server then reports the client's pong to
each ping it sent, with that ping's payload. Engines are unit-tested without sockets.

Example:
    >>> engine = EchoEngine()
    >>> engine.on_frame(7, "ping", now=0.0)
    [Send(conn_id=7, frame='ping')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

__all__ = ["Action", "Close", "EchoEngine", "Engine", "Ping", "Send"]


@dataclass(frozen=True)
class Send:
    """Send ``frame`` (``str``: text, ``bytes``: binary) to connection ``conn_id``.

    Example:
        >>> Send(1, '{"id": 1, "result": "pong"}').conn_id
        1
    """

    conn_id: int
    frame: str | bytes


@dataclass(frozen=True)
class Close:
    """Close connection ``conn_id`` with a close frame carrying ``code`` and ``reason``.

    Example:
        >>> Close(1, 1008, "too many requests").code
        1008
    """

    conn_id: int
    code: int = 1000
    reason: str = ""


@dataclass(frozen=True)
class Ping:
    """Send a WebSocket ping to connection ``conn_id`` (the client answers with a pong).

    Example:
        >>> Ping(1, b"keepalive").payload
        b'keepalive'
    """

    conn_id: int
    payload: bytes = b""


Action = Send | Close | Ping


@runtime_checkable
class Engine(Protocol):
    """A venue's behaviour, called under one lock; every method returns actions.

    Optionally also ``on_pong(conn_id: int, payload: bytes, now: float) ->
    Sequence[Action]``: called when the client answers a ping the server sent (an
    engine :class:`Ping` or ``LoopbackServer.ping``); engines without it never hear of
    pongs.

    Example:
        >>> isinstance(EchoEngine(), Engine)
        True
    """

    def on_connect(self, conn_id: int, path: str, now: float) -> Sequence[Action]:
        """A client completed the handshake on ``path`` (e.g. ``"/ws/api/v2"``)."""
        ...

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> Sequence[Action]:
        """A frame arrived from the client."""
        ...

    def on_disconnect(self, conn_id: int, now: float) -> Sequence[Action]:
        """The connection ended (either side closed it, or it dropped)."""
        ...

    def tick(self, now: float) -> Sequence[Action]:
        """Periodic work: market data, heartbeats, expiries."""
        ...


class EchoEngine:
    """Sends every frame back to its sender, unchanged; the simplest engine.

    Example:
        >>> EchoEngine().on_frame(3, b"\\x01", now=0.0)
        [Send(conn_id=3, frame=b'\\x01')]
    """

    def on_connect(self, conn_id: int, path: str, now: float) -> list[Action]:
        """Nothing to say on connect."""
        return []

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> list[Action]:
        """Echo the frame."""
        return [Send(conn_id, frame)]

    def on_disconnect(self, conn_id: int, now: float) -> list[Action]:
        """Nothing to clean up."""
        return []

    def tick(self, now: float) -> list[Action]:
        """Nothing periodic."""
        return []
