"""Drive the Deribit engine directly: connections as small request/reply helpers, explicit time."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest

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
