"""A recording engine and client helpers for the simulator plumbing tests."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from actors.transport import WebSocketConnection
from protocol.errors import TransportError
from venues.simulator import Close, LoopbackServer, Ping, Send


class RecordingEngine:
    """Echoes frames and records every call; a few frames script failures.

    ``boom`` raises, ``junk`` returns a non-action, ``stranger`` answers an unknown
    connection too, ``ping`` pings back, ``broadcast`` echoes to every connection,
    ``close`` closes with 4000.
    """

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.connected: dict[int, str] = {}
        self.disconnected: list[int] = []
        self.frames: list[tuple[int, str | bytes]] = []
        self.ticks: list[float] = []
        self.fail_ticks = 0
        self.inside = False
        self.overlapped = False

    def _enter(self) -> None:
        if self.inside:
            self.overlapped = True
        self.inside = True

    def on_connect(self, conn_id: int, path: str, now: float) -> list[Any]:
        self._enter()
        with self.cond:
            self.connected[conn_id] = path
            self.cond.notify_all()
        self.inside = False
        return []

    def on_disconnect(self, conn_id: int, now: float) -> list[Any]:
        self._enter()
        with self.cond:
            self.disconnected.append(conn_id)
            self.cond.notify_all()
        self.inside = False
        return [Send(conn_id, "to the departed")]

    def tick(self, now: float) -> list[Any]:
        self._enter()
        with self.cond:
            self.ticks.append(now)
            self.cond.notify_all()
            failing = self.fail_ticks > 0
            self.fail_ticks -= failing
        self.inside = False
        if failing:
            raise RuntimeError("tick failed")
        return []

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> list[Any]:
        self._enter()
        with self.cond:
            self.frames.append((conn_id, frame))
            self.cond.notify_all()
        self.inside = False
        return self._answer(conn_id, frame)

    def _answer(self, conn_id: int, frame: str | bytes) -> list[Any]:
        if frame == "boom":
            raise RuntimeError("the engine broke")
        if frame == "junk":
            return ["not an action"]
        if frame == "stranger":
            return [Send(9999, "nobody"), Send(conn_id, "stranger")]
        if frame == "ping":
            return [Ping(conn_id, b"engine"), Send(conn_id, "pinged")]
        if frame == "broadcast":
            return [Send(other, "broadcast") for other in self.connected]
        if frame == "close":
            return [Close(conn_id, 4000, "engine says bye")]
        return [Send(conn_id, frame)]

    def seen(self, frame: str | bytes) -> bool:
        with self.cond:
            return any(f == frame for _, f in self.frames)

    def wait(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        with self.cond:
            return self.cond.wait_for(predicate, timeout)


class PongEngine(RecordingEngine):
    """A recording engine that also hears of pongs (``on_pong``) and answers each with a
    ``pong <payload>`` frame; ``fail_pongs`` makes ``on_pong`` raise instead."""

    def __init__(self) -> None:
        super().__init__()
        self.pongs: list[tuple[int, bytes]] = []
        self.fail_pongs = False

    def on_pong(self, conn_id: int, payload: bytes, now: float) -> list[Any]:
        self._enter()
        with self.cond:
            self.pongs.append((conn_id, payload))
            self.cond.notify_all()
        self.inside = False
        if self.fail_pongs:
            raise RuntimeError("on_pong broke")
        return [Send(conn_id, f"pong {payload.decode()}")]


@pytest.fixture
def engine() -> RecordingEngine:
    return RecordingEngine()


@pytest.fixture
def pong_engine() -> PongEngine:
    return PongEngine()


@pytest.fixture
def pong_server(pong_engine: PongEngine) -> Iterator[LoopbackServer]:
    with LoopbackServer(pong_engine, tick_interval=None) as running:
        yield running


@pytest.fixture(params=["ws", "memory"])
def pong_url(request: pytest.FixtureRequest, pong_server: LoopbackServer) -> str:
    return pong_server.url if request.param == "ws" else pong_server.memory_url


@pytest.fixture
def server(engine: RecordingEngine) -> Iterator[LoopbackServer]:
    with LoopbackServer(engine, tick_interval=None) as running:
        yield running


@pytest.fixture(params=["ws", "memory"])
def url(request: pytest.FixtureRequest, server: LoopbackServer) -> str:
    return server.url if request.param == "ws" else server.memory_url


@pytest.fixture
def keep_reading() -> Iterator[Callable[[WebSocketConnection], threading.Thread]]:
    """Read (and so answer pings) in the background until the transport ends."""
    threads: list[threading.Thread] = []

    def _read(transport: WebSocketConnection) -> threading.Thread:
        def run() -> None:
            with contextlib.suppress(TransportError):
                while True:
                    transport.receive_batch()

        thread = threading.Thread(target=run, name="test-reader", daemon=True)
        thread.start()
        threads.append(thread)
        return thread

    yield _read
    for thread in threads:
        thread.join(5)
        assert not thread.is_alive(), "a reader was left blocked"


class BackgroundReceive:
    """One ``receive_batch`` in a thread; ``done`` is set when it returned or raised."""

    def __init__(self, transport: WebSocketConnection) -> None:
        self.frames: list[str | bytes] = []
        self.error: BaseException | None = None
        self.done = threading.Event()
        self.thread = threading.Thread(
            target=self._run, args=(transport,), name="test-receive", daemon=True
        )
        self.thread.start()

    def _run(self, transport: WebSocketConnection) -> None:
        try:
            self.frames = transport.receive_batch()
        except TransportError as exc:
            self.error = exc
        finally:
            self.done.set()


@pytest.fixture
def receive_in_background() -> Iterator[Callable[[WebSocketConnection], BackgroundReceive]]:
    started: list[tuple[BackgroundReceive, WebSocketConnection]] = []

    def _start(transport: WebSocketConnection) -> BackgroundReceive:
        receive = BackgroundReceive(transport)
        started.append((receive, transport))
        return receive

    yield _start
    for receive, transport in started:
        transport.close()
        receive.thread.join(5)
        assert not receive.thread.is_alive()
