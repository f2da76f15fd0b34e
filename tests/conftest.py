"""Shared fixtures: every test leaves no actor and no library thread behind."""

from __future__ import annotations

import threading

import pykka
import pytest


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
