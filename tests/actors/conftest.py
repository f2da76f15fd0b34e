"""Fixtures: the JSON-RPC engine served on a real loopback socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.actors.rpc_server import RpcEngine
from venues.simulator import LoopbackServer


@pytest.fixture
def engine() -> RpcEngine:
    return RpcEngine()


@pytest.fixture
def server(engine: RpcEngine) -> Iterator[LoopbackServer]:
    with LoopbackServer(engine, tick_interval=0.01) as running:
        yield running
