"""Helpers for the Deribit tests: the wire fixtures and the codec round trips."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from protocol.messages import Failure, Reply
from venues.deribit.codec import DeribitCodec

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "deribit"


def _load(group: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{group}.json").read_text())


@pytest.fixture
def wire() -> Callable[[str, str], str]:
    """``wire(group, name)``: the example message as the text frame it arrives in."""
    return lambda group, name: json.dumps(_load(group)[name])


@pytest.fixture
def result_of(wire) -> Callable[[str], Any]:
    """``result_of(name)``: the decoded ``result`` of a response fixture (exact numbers)."""

    def decode(name: str) -> Any:
        message = DeribitCodec().decode(wire("responses", name))
        assert isinstance(message, Reply), message
        return message.result

    return decode


@pytest.fixture
def error_of(wire) -> Callable[[str, str], Exception]:
    """``error_of(name, method)``: the exception an error-response fixture becomes."""

    def decode(name: str, method: str) -> Exception:
        codec = DeribitCodec()
        message = codec.decode(wire("responses", name))
        assert isinstance(message, Failure), message
        return codec.error(message, method)

    return decode


@pytest.fixture
def frame_of() -> Callable[..., dict[str, Any]]:
    """``frame_of(call, request_id)``: the request frame a call becomes, parsed back."""

    def encode(call: Any, request_id: int = 1) -> dict[str, Any]:
        return json.loads(DeribitCodec().encode_request(request_id, call.method, call.params))

    return encode


@pytest.fixture
def request_fixture() -> Callable[[str], dict[str, Any]]:
    """``request_fixture(name)``: an example request from the facts file."""
    return lambda name: _load("requests")[name]


class FrameLog:
    """The requests a simulator's engine received, in order, with a way to wait for one."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._requests: list[dict[str, Any]] = []

    def record(self, frame: str | bytes) -> None:
        try:
            request = json.loads(frame)
        except ValueError:
            return
        if isinstance(request, dict):
            with self._cond:
                self._requests.append(request)
                self._cond.notify_all()

    def requests(self, method: str | None = None) -> list[dict[str, Any]]:
        with self._cond:
            return [r for r in self._requests if method is None or r.get("method") == method]

    def methods(self) -> list[str]:
        return [str(r.get("method")) for r in self.requests()]

    def wait_for(self, method: str, timeout: float, count: int = 1) -> bool:
        with self._cond:
            return self._cond.wait_for(
                lambda: sum(r.get("method") == method for r in self._requests) >= count, timeout
            )


@pytest.fixture
def frames(sim, monkeypatch) -> FrameLog:
    """Every request the (module's) simulator receives during one test."""
    log = FrameLog()
    engine = sim.engine
    received = engine.on_frame

    def spy(conn_id: int, frame: str | bytes, now: float) -> Any:
        log.record(frame)
        return received(conn_id, frame, now)

    monkeypatch.setattr(engine, "on_frame", spy)
    return log
