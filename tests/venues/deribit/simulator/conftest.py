"""Drive the Deribit engine directly: connections as small request/reply helpers, explicit time."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import websocket

from venues.deribit.simulator import DeribitEngine, SimulatorConfig
from venues.simulator import Action, Close, Send

START = 1_700_000_000.0
ACCOUNTS = {"alice": "alice-secret", "bob": "bob-secret"}


class Clock:
    """The engine's ``now``, advanced by hand."""

    def __init__(self, start: float = START) -> None:
        self.now = start

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


class Conn:
    """One engine connection: send requests, read replies and notifications, see closes."""

    _ids = itertools.count(1)

    def __init__(self, sim: Sim, conn_id: int) -> None:
        self.sim = sim
        self.engine = sim.engine
        self.clock = sim.clock
        self.conn_id = conn_id
        self.inbox: list[dict[str, Any]] = []
        self.raw: list[str] = []
        self.closed: Close | None = None

    def take(self, actions: list[Action]) -> list[Action]:
        """File the actions addressed to this connection; return the others."""
        others = []
        for action in actions:
            if action.conn_id != self.conn_id:
                others.append(action)
            elif isinstance(action, Send):
                assert isinstance(action.frame, str)
                self.raw.append(action.frame)
                self.inbox.append(json.loads(action.frame))
            elif isinstance(action, Close):
                self.closed = action
        return others

    def send(self, frame: str | bytes) -> None:
        self.sim.route(self.engine.on_frame(self.conn_id, frame, self.clock.now))

    def request(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send a request; return its reply (the message carrying its id)."""
        request_id = next(self._ids)
        body = {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params or {}}
        self.send(json.dumps(body))
        replies = [m for m in self.inbox if m.get("id") == request_id]
        assert len(replies) == 1, f"{method}: {self.inbox[-3:]}"
        return replies[0]

    def result(self, method: str, params: dict[str, Any] | None = None) -> Any:
        reply = self.request(method, params)
        assert "error" not in reply, reply
        return reply["result"]

    def error(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        reply = self.request(method, params)
        assert "result" not in reply, reply
        return reply["error"]

    def login(self, client_id: str = "alice", **extra: Any) -> dict[str, Any]:
        params = {"grant_type": "client_credentials", "client_id": client_id}
        params["client_secret"] = ACCOUNTS[client_id]
        return self.result("public/auth", params | extra)

    def notifications(self, channel: str | None = None) -> list[Any]:
        """Data of the subscription notifications received (on ``channel`` if given)."""
        return [
            m["params"]["data"]
            for m in self.inbox
            if m.get("method") == "subscription"
            and (channel is None or m["params"]["channel"] == channel)
        ]

    def heartbeats(self) -> list[str]:
        return [m["params"]["type"] for m in self.inbox if m.get("method") == "heartbeat"]


class Sim:
    """An engine, its clock and its connections."""

    def __init__(self, **config: Any) -> None:
        settings = {"accounts": ACCOUNTS, "market_data_rate": 0.0} | config
        self.engine = DeribitEngine(SimulatorConfig(**settings))
        self.clock = Clock()
        self.conns: list[Conn] = []
        self._ids = itertools.count(1)

    def connect(self) -> Conn:
        conn = Conn(self, next(self._ids))
        self.conns.append(conn)
        self.route(self.engine.on_connect(conn.conn_id, "/ws/api/v2", self.clock.now))
        return conn

    def route(self, actions: list[Action]) -> None:
        for conn in self.conns:
            actions = conn.take(actions)
        assert not actions, actions

    def tick(self, advance: float = 0.0) -> None:
        self.route(self.engine.tick(self.clock.advance(advance)))

    def disconnect(self, conn: Conn) -> None:
        self.route(self.engine.on_disconnect(conn.conn_id, self.clock.now))


@pytest.fixture
def make_sim() -> Callable[..., Sim]:
    """``make_sim(**config)``: a fresh engine (frozen market unless ``market_data_rate``)."""
    return Sim


@pytest.fixture
def sim() -> Sim:
    """A fresh engine with a frozen market and the accounts ``alice`` and ``bob``."""
    return Sim()


@pytest.fixture
def alice(sim: Sim) -> Conn:
    """A connection authenticated as ``alice``."""
    conn = sim.connect()
    conn.login("alice")
    return conn


WS_WAIT = 5.0
"""Seconds a bare client waits for one frame."""
MAX_FRAMES = 1_000


class WsClient:
    """A bare websocket-client connection speaking JSON-RPC, for the tests only."""

    def __init__(self, url: str) -> None:
        self.ws = websocket.create_connection(url, timeout=WS_WAIT)
        self.seen: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

    def send(self, method: str, params: dict[str, Any] | None = None) -> int:
        request_id = next(self._ids)
        body = {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params or {}}
        self.ws.send(json.dumps(body))
        return request_id

    def next_message(self) -> dict[str, Any]:
        message = json.loads(self.ws.recv())
        self.seen.append(message)
        return message

    def wait_for(self, matches: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """Read until a message matches (at most ``MAX_FRAMES``, ``WS_WAIT`` each)."""
        for _ in range(MAX_FRAMES):
            message = self.next_message()
            if matches(message):
                return message
        raise AssertionError(f"nothing matched in {MAX_FRAMES} frames")

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        request_id = self.send(method, params)
        return self.wait_for(lambda m: m.get("id") == request_id)

    def login(self) -> None:
        reply = self.call(
            "public/auth",
            {
                "grant_type": "client_credentials",
                "client_id": "alice",
                "client_secret": "alice-secret",
            },
        )
        assert "access_token" in reply["result"]

    def notification(self, channel: str) -> dict[str, Any]:
        """The data of the next notification on ``channel``."""
        message = self.wait_for(
            lambda m: m.get("method") == "subscription" and m["params"]["channel"] == channel
        )
        return message["params"]["data"]

    def subscribe(self, channel: str) -> dict[str, Any]:
        """Subscribe to a book ``channel`` and return its snapshot."""
        assert self.call("public/subscribe", {"channels": [channel]})["result"] == [channel]
        snapshot = self.notification(channel)
        assert snapshot["type"] == "snapshot"
        return snapshot

    def wait_closed(self) -> None:
        """Read until the server ends the connection, then release the socket."""
        with pytest.raises((websocket.WebSocketConnectionClosedException, ConnectionError)):
            while True:
                text = self.ws.recv()
                if text == "":  # websocket-client returns "" for a close frame
                    raise websocket.WebSocketConnectionClosedException("closed")
                self.seen.append(json.loads(text))
        self.ws.shutdown()

    def close(self) -> None:
        self.ws.close(timeout=1)
        self.ws.shutdown()  # releases the socket even when the server closed first


@pytest.fixture
def client_of() -> Iterator[Callable[[str], WsClient]]:
    """``client_of(url)``: a bare JSON-RPC client, closed after the test."""
    clients: list[WsClient] = []

    def connect(url: str) -> WsClient:
        client = WsClient(url)
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.close()
