"""The public surface of venues.simulator is pinned."""

from __future__ import annotations

import venues.simulator

PUBLIC = [
    "Action",
    "Close",
    "EchoEngine",
    "Engine",
    "Faults",
    "LoopbackServer",
    "Ping",
    "Send",
    "ServedSimulator",
]


def test_the_public_names_are_exactly_these():
    assert venues.simulator.__all__ == PUBLIC


def test_every_public_class_has_a_docstring():
    for name in PUBLIC:
        if name != "Action":
            assert getattr(venues.simulator, name).__doc__, name
