"""The bounded hand-off and the router, without sockets."""

from __future__ import annotations

import threading

import pytest

from actors.dispatch import BoundedHandoff, HandoffFull, OverflowPolicy, Router


def test_drop_oldest_keeps_the_newest_events_and_reports_how_many_were_dropped():
    handoff = BoundedHandoff(3, OverflowPolicy.DROP_OLDEST)
    assert handoff.put_batch([1, 2]) == 0
    assert handoff.put_batch([3, 4, 5]) == 2
    assert handoff.get_batch(timeout=0) == [3, 4, 5]


def test_disconnect_policy_refuses_a_batch_that_does_not_fit_and_keeps_the_queue():
    handoff = BoundedHandoff(3, OverflowPolicy.DISCONNECT)
    handoff.put_batch([1, 2])
    with pytest.raises(HandoffFull):
        handoff.put_batch([3, 4])
    assert handoff.get_batch(timeout=0) == [1, 2]


def test_block_policy_waits_for_room_and_loses_nothing():
    handoff = BoundedHandoff(2, OverflowPolicy.BLOCK)
    handoff.put_batch([1, 2])
    finished = threading.Event()

    def producer() -> None:
        handoff.put_batch([3, 4, 5])
        finished.set()

    thread = threading.Thread(target=producer)
    thread.start()
    assert not finished.wait(0.05)  # no room: the producer is held back
    taken: list[int] = []
    while len(taken) < 5:
        taken.extend(handoff.get_batch(timeout=1))
    thread.join(1)
    assert finished.is_set()
    assert taken == [1, 2, 3, 4, 5]


def test_block_policy_admits_twice_the_capacity_while_a_reply_is_awaited():
    awaited = threading.Event()
    handoff = BoundedHandoff(2, OverflowPolicy.BLOCK, replies_awaited=awaited.is_set)
    handoff.put_batch([1, 2])
    progress = threading.Condition()
    queued: list[int] = []

    def producer() -> None:
        for item in (3, 4, 5):
            handoff.put_batch([item])
            with progress:
                queued.append(item)
                progress.notify_all()

    thread = threading.Thread(target=producer)
    thread.start()
    with progress:
        assert not progress.wait_for(lambda: queued, 0.05)  # full, no reply awaited
    awaited.set()
    handoff.reply_awaited()  # a request went out: the producer re-checks its room
    with progress:
        assert progress.wait_for(lambda: queued == [3, 4], 1)
        assert not progress.wait_for(lambda: len(queued) > 2, 0.05)  # 4 is the most
    assert len(handoff) == 4
    assert handoff.get_batch(timeout=0) == [1, 2, 3, 4]
    thread.join(1)
    assert handoff.get_batch(timeout=1) == [5]


def test_close_releases_a_blocked_producer():
    handoff = BoundedHandoff(1, OverflowPolicy.BLOCK)
    handoff.put_batch([1])
    thread = threading.Thread(target=handoff.put_batch, args=([2],))
    thread.start()
    handoff.close()
    thread.join(1)
    assert not thread.is_alive()
    assert handoff.get_batch(timeout=0) == []


def test_unknown_policy_is_refused():
    with pytest.raises(ValueError):
        BoundedHandoff(1, "sometimes")  # type: ignore[arg-type]


def test_router_replaces_and_removes_handlers():
    router = Router()

    def first(channel: str, data: object) -> None: ...
    def second(channel: str, data: object) -> None: ...

    router.set(["a", "b"], first)
    router.set(["b"], second)
    router.remove(["a"])
    assert router.get("a") is None
    assert router.get("b") is second
