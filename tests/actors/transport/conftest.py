"""A scripted loopback server and a background reader for the transport tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from actors.transport import WebSocketConnection
from protocol.errors import TransportError
from venues.simulator import Close, LoopbackServer, Ping, Send


class ScriptEngine:
    """Echoes frames, except text commands ``verb:arg:arg`` that script the server.

    - ``burst:N`` sends ``b0`` .. ``b{N-1}`` in one go
    - ``burst-close:N:CODE`` sends N frames, then closes with CODE
    - ``close:CODE:REASON`` closes with CODE and REASON
    - ``big:N`` sends a text frame of N bytes
    - ``ping`` sends a protocol ping
    - ``boom`` raises inside the engine
    """

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.frames: list[str | bytes] = []
        self.senders: list[int] = []
        self.paths: dict[int, str] = {}
        self.disconnected: list[int] = []

    def on_connect(self, conn_id: int, path: str, now: float) -> list[Any]:
        with self.cond:
            self.paths[conn_id] = path
            self.cond.notify_all()
        return []

    def on_disconnect(self, conn_id: int, now: float) -> list[Any]:
        with self.cond:
            self.disconnected.append(conn_id)
            self.cond.notify_all()
        return []

    def tick(self, now: float) -> list[Any]:
        return []

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> list[Any]:
        with self.cond:
            self.frames.append(frame)
            self.senders.append(conn_id)
            self.cond.notify_all()
        is_command = isinstance(frame, str) and (":" in frame or frame in ("ping", "boom"))
        if not is_command:
            return [Send(conn_id, frame)]
        assert isinstance(frame, str)
        return self._command(conn_id, *frame.split(":"))

    def _command(self, conn_id: int, verb: str, *args: str) -> list[Any]:
        if verb == "burst":
            return [Send(conn_id, f"b{i}") for i in range(int(args[0]))]
        if verb == "burst-close":
            sends = [Send(conn_id, f"b{i}") for i in range(int(args[0]))]
            return [*sends, Close(conn_id, int(args[1]), "after burst")]
        if verb == "close":
            return [Close(conn_id, int(args[0]), args[1])]
        if verb == "big":
            return [Send(conn_id, "x" * int(args[0]))]
        if verb == "ping":
            return [Ping(conn_id, b"engine")]
        if verb == "boom":
            raise RuntimeError("the engine broke")
        return [Send(conn_id, ":".join((verb, *args)))]

    def wait(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        with self.cond:
            return self.cond.wait_for(predicate, timeout)

    def send_and_wait(self, transport: WebSocketConnection, frame: str) -> int:
        """Send ``frame`` and wait until the engine has handled it; returns its conn id."""
        with self.cond:
            before = len(self.frames)
        transport.send(frame)
        with self.cond:
            assert self.cond.wait_for(lambda: frame in self.frames[before:], 5.0)
            return self.senders[before + self.frames[before:].index(frame)]


class Reader:
    """Calls ``receive_batch`` in a thread until it raises; records batches and the error."""

    def __init__(self, transport: WebSocketConnection, max_frames: int = 64) -> None:
        self.transport = transport
        self.max_frames = max_frames
        self.cond = threading.Condition()
        self.batches: list[list[str | bytes]] = []
        self.error: BaseException | None = None
        self.started = threading.Event()
        self.thread = threading.Thread(target=self._run, name="test-reader", daemon=True)
        self.thread.start()
        self.started.wait(5)

    def _run(self) -> None:
        self.started.set()
        while True:
            try:
                batch = self.transport.receive_batch(self.max_frames)
            except TransportError as exc:
                with self.cond:
                    self.error = exc
                    self.cond.notify_all()
                return
            with self.cond:
                self.batches.append(batch)
                self.cond.notify_all()

    @property
    def frames(self) -> list[str | bytes]:
        with self.cond:
            return [frame for batch in self.batches for frame in batch]

    def wait_frames(self, count: int, timeout: float = 5.0) -> bool:
        with self.cond:
            return self.cond.wait_for(
                lambda: sum(map(len, self.batches)) >= count or self.error is not None, timeout
            )

    def wait_error(self, timeout: float = 5.0) -> BaseException | None:
        with self.cond:
            self.cond.wait_for(lambda: self.error is not None, timeout)
            return self.error

    def join(self, timeout: float = 5.0) -> bool:
        self.thread.join(timeout)
        return not self.thread.is_alive()


@pytest.fixture(scope="module")
def engine() -> ScriptEngine:
    return ScriptEngine()


@pytest.fixture(scope="module")
def server(engine: ScriptEngine) -> Iterator[LoopbackServer]:
    with LoopbackServer(engine, tick_interval=None) as running:
        yield running


@pytest.fixture(params=["ws", "memory"])
def url(request: pytest.FixtureRequest, server: LoopbackServer) -> str:
    """The server's URL on each transport."""
    return server.url if request.param == "ws" else server.memory_url


@pytest.fixture
def start_reader() -> Iterator[Callable[..., Reader]]:
    """Start background readers; each must have stopped by the end of the test."""
    readers: list[Reader] = []

    def _start(transport: WebSocketConnection, max_frames: int = 64) -> Reader:
        reader = Reader(transport, max_frames)
        readers.append(reader)
        return reader

    yield _start
    for reader in readers:
        reader.transport.close()
        assert reader.join(), "a reader stayed blocked after close()"


@pytest.fixture
def receive_all() -> Callable[[WebSocketConnection, int], list[list[str | bytes]]]:
    """Receive batches until ``count`` frames have arrived."""

    def _receive(transport: WebSocketConnection, count: int) -> list[list[str | bytes]]:
        batches: list[list[str | bytes]] = []
        while sum(map(len, batches)) < count:
            batches.append(transport.receive_batch())
        return batches

    return _receive
