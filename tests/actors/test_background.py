"""The background worker: items recovered off the reader thread, in order, on a named thread."""

from __future__ import annotations

import threading

from actors.background import BackgroundWorker


def test_gaps_are_recovered_in_order_on_the_workers_own_thread():
    seen: list[tuple[int, int, str]] = []
    done = threading.Event()

    def recover(epoch: int, gap: tuple[int, int]) -> None:
        seen.append((epoch, gap[1], threading.current_thread().name))
        if len(seen) == 2:
            done.set()

    worker = BackgroundWorker("venue-actors:resync:test", recover)
    worker.start()
    try:
        worker.post(1, (1, 5))
        worker.post(2, (0, 3))
        assert done.wait(5.0)
    finally:
        worker.stop()
    assert seen == [
        (1, 5, "venue-actors:resync:test"),
        (2, 3, "venue-actors:resync:test"),
    ]


def test_a_failing_recovery_does_not_end_the_worker():
    done = threading.Event()

    def recover(epoch: int, gap: tuple[int, int]) -> None:
        if epoch == 1:
            raise RuntimeError("venue went away")
        done.set()

    worker = BackgroundWorker("venue-actors:resync:test", recover)
    worker.start()
    try:
        worker.post(1, (1, 2))
        worker.post(2, (1, 2))
        assert done.wait(5.0)
    finally:
        worker.stop()


def test_stop_ends_a_pause_at_once_and_joins_the_thread():
    paused = threading.Event()
    results: list[bool] = []
    worker: BackgroundWorker

    def recover(epoch: int, gap: tuple[int, int]) -> None:
        paused.set()
        results.append(worker.pause(60.0))

    worker = BackgroundWorker("venue-actors:resync:test", recover)
    worker.start()
    worker.post(1, (1, 2))
    assert paused.wait(5.0)
    worker.stop()
    assert results == [False]
    assert not any(t.name == "venue-actors:resync:test" for t in threading.enumerate())
