"""Actions are small immutable values; the echo engine is a complete engine."""

from __future__ import annotations

import dataclasses

import pytest

from venues.simulator import Close, EchoEngine, Engine, Ping, Send


def test_actions_default_to_a_normal_close_and_an_empty_ping():
    assert Close(3) == Close(3, 1000, "")
    assert Ping(3) == Ping(3, b"")


def test_actions_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Send(1, "x").frame = "y"  # type: ignore[misc]


def test_the_echo_engine_answers_each_frame_to_its_sender_only():
    engine = EchoEngine()
    assert engine.on_connect(1, "/ws", 0.0) == []
    assert engine.on_frame(1, "a", 0.0) == [Send(1, "a")]
    assert engine.on_frame(2, b"b", 0.0) == [Send(2, b"b")]
    assert engine.on_disconnect(1, 0.0) == []
    assert engine.tick(1.0) == []


def test_the_engine_protocol_recognises_complete_engines_only():
    assert isinstance(EchoEngine(), Engine)
    assert not isinstance(object(), Engine)
