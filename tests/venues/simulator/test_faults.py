"""The fault switches: refusal counting, delays, stalls."""

from __future__ import annotations

import threading

import pytest

from protocol.errors import InvalidParameters
from venues.simulator import Faults


def test_a_refusal_count_runs_down_and_is_tallied():
    faults = Faults()
    faults.refuse_connections(2)
    assert [faults.should_refuse() for _ in range(4)] == [True, True, False, False]
    assert faults.refused == 2


def test_refusing_without_a_count_lasts_until_cleared():
    faults = Faults()
    faults.refuse_connections(None)
    assert all(faults.should_refuse() for _ in range(10))
    faults.refuse_connections(0)
    assert not faults.should_refuse()


@pytest.mark.parametrize("count", [-1, 1.5, "2", True])
def test_refusal_counts_are_validated(count):
    with pytest.raises(InvalidParameters) as caught:
        Faults().refuse_connections(count)
    assert caught.value.field == "count"


@pytest.mark.parametrize("seconds", [-0.1, "1", None])
def test_reply_delays_are_validated(seconds):
    with pytest.raises(InvalidParameters) as caught:
        Faults().delay_replies(seconds)
    assert caught.value.field == "seconds"


def test_a_stall_holds_waiters_until_resume():
    faults = Faults()
    faults.stall()
    passed = threading.Event()

    def wait() -> None:
        if faults.wait_running():
            passed.set()

    waiter = threading.Thread(target=wait)
    waiter.start()
    assert not passed.wait(0.05)
    faults.resume()
    assert passed.wait(5)
    waiter.join(5)


def test_stopping_releases_stalled_waiters_with_false():
    faults = Faults()
    faults.stall()
    results: list[bool] = []
    waiter = threading.Thread(target=lambda: results.append(faults.wait_running()))
    waiter.start()
    faults.stop()
    waiter.join(5)
    assert results == [False]
