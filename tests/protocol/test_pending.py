"""The pending-request table: ids to futures, deadlines, and failing what is left."""

from __future__ import annotations

import dataclasses
import doctest
import threading
from concurrent.futures import Future

import pytest

import protocol.pending
from protocol.errors import ConnectionLost, InvalidParameters, RequestTimeout
from protocol.ids import RequestIds
from protocol.pending import PendingRequest, PendingRequests, ResultSink


class ReentryDetectingLock:
    """A lock that fails loudly instead of deadlocking when taken while already held."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.acquisitions = 0

    def __enter__(self) -> None:
        if not self._lock.acquire(blocking=False):
            raise AssertionError("the table's lock was taken while already held")
        self.acquisitions += 1

    def __exit__(self, *exc_info: object) -> None:
        self._lock.release()


def lost(entry: PendingRequest) -> Exception:
    return ConnectionLost("socket closed", outcome_unknown=True, method=entry.method)


def test_the_module_docstring_examples_pass():
    failed, attempted = doctest.testmod(protocol.pending)
    assert attempted > 0
    assert failed == 0


def test_a_future_satisfies_the_result_sink_protocol():
    assert isinstance(Future(), ResultSink)


def test_resolve_returns_the_entry_as_added():
    table, future = PendingRequests(), Future()
    table.add(7, future, "public/get_time", 12.5, generation=2, sent_at=2.5)
    entry = table.resolve(7)
    assert entry == PendingRequest(7, future, "public/get_time", 12.5, 2.5, 2)
    assert entry.sent_at == 2.5
    assert entry.generation == 2


def test_a_resolved_id_resolves_only_once():
    table = PendingRequests()
    table.add(1, Future(), "public/test", 1.0)
    assert table.resolve(1) is not None
    assert table.resolve(1) is None


def test_an_unknown_id_resolves_to_none():
    table = PendingRequests()
    table.add(1, Future(), "public/test", 1.0)
    assert table.resolve(2) is None
    assert len(table) == 1


def test_string_and_integer_ids_are_distinct():
    table = PendingRequests()
    table.add(1, Future(), "a", 1.0)
    table.add("1", Future(), "b", 1.0)
    assert table.resolve("1").method == "b"
    assert table.resolve(1).method == "a"


def test_adding_an_id_already_pending_is_refused_and_keeps_the_first():
    table, first = PendingRequests(), Future()
    table.add(1, first, "public/test", 1.0)
    with pytest.raises(InvalidParameters) as caught:
        table.add(1, Future(), "private/buy", 2.0)
    assert caught.value.field == "id"
    assert table.resolve(1).future is first


def test_pop_removes_an_entry_without_touching_its_future():
    table, future = PendingRequests(), Future()
    table.add(1, future, "private/buy", 1.0)
    assert table.pop(1).future is future
    assert not future.done()
    assert 1 not in table
    assert table.pop(1) is None


def test_len_and_contains_follow_the_entries():
    table = PendingRequests()
    assert len(table) == 0
    table.add(1, Future(), "a", 1.0)
    table.add(2, Future(), "b", 1.0)
    assert len(table) == 2
    assert 1 in table
    assert 3 not in table


def test_expire_pops_entries_due_at_or_before_now_earliest_deadline_first():
    table = PendingRequests()
    table.add(1, Future(), "late", 30.0)
    table.add(2, Future(), "second", 20.0)
    table.add(3, Future(), "first", 10.0)
    table.add(4, Future(), "exactly-now", 25.0)
    expired = table.expire(now=25.0)
    assert [entry.method for entry in expired] == ["first", "second", "exactly-now"]
    assert len(table) == 1
    assert 1 in table


def test_expire_keeps_insertion_order_for_equal_deadlines():
    table = PendingRequests()
    for request_id in (5, 3, 9, 1):
        table.add(request_id, Future(), f"m{request_id}", 10.0)
    assert [entry.request_id for entry in table.expire(now=10.0)] == [5, 3, 9, 1]


def test_expire_leaves_futures_to_the_caller():
    table, future = PendingRequests(), Future()
    table.add(1, future, "public/test", 1.0)
    (entry,) = table.expire(now=5.0)
    assert not future.done()
    entry.future.set_exception(RequestTimeout(entry.method, 1.0))
    assert isinstance(future.exception(timeout=0), RequestTimeout)


def test_expire_before_any_deadline_returns_nothing():
    table = PendingRequests()
    table.add(1, Future(), "public/test", 10.0)
    assert table.expire(now=9.999) == []
    assert len(table) == 1


def test_next_deadline_is_the_earliest_pending_deadline():
    table = PendingRequests()
    assert table.next_deadline() is None
    table.add(1, Future(), "a", 30.0)
    table.add(2, Future(), "b", 10.0)
    assert table.next_deadline() == 10.0
    table.resolve(2)
    assert table.next_deadline() == 30.0
    table.resolve(1)
    assert table.next_deadline() is None


def test_fail_all_fails_every_future_with_an_error_naming_its_method():
    table = PendingRequests()
    futures = {method: Future() for method in ("private/buy", "private/sell", "public/test")}
    for request_id, (method, future) in enumerate(futures.items()):
        table.add(request_id, future, method, 10.0)
    assert table.fail_all(lost) == 3
    assert len(table) == 0
    for method, future in futures.items():
        error = future.exception(timeout=0)
        assert isinstance(error, ConnectionLost)
        assert error.outcome_unknown
        assert error.method == method


def test_fail_all_on_an_empty_table_fails_nothing():
    assert PendingRequests().fail_all(lost) == 0


def test_a_cancelled_future_does_not_stop_the_others_being_failed():
    table, cancelled, waiting = PendingRequests(), Future(), Future()
    assert cancelled.cancel()
    table.add(1, cancelled, "a", 1.0)
    table.add(2, waiting, "b", 1.0)
    assert table.fail_all(lost) == 2
    assert isinstance(waiting.exception(timeout=0), ConnectionLost)


def test_a_failing_error_factory_still_releases_every_caller():
    table, first, second = PendingRequests(), Future(), Future()
    table.add(1, first, "a", 1.0)
    table.add(2, second, "b", 1.0)

    def broken(entry: PendingRequest) -> Exception:
        raise KeyError(entry.method)

    assert table.fail_all(broken) == 2
    assert isinstance(first.exception(timeout=0), KeyError)
    assert isinstance(second.exception(timeout=0), KeyError)


def test_an_entry_without_a_future_is_removed_quietly():
    table = PendingRequests()
    table.add(1, None, "public/set_heartbeat", 1.0)
    assert table.fail_all(lost) == 1
    assert len(table) == 0


def test_fail_generation_fails_only_that_generation():
    table, old, new = PendingRequests(), Future(), Future()
    table.add(1, old, "a", 1.0, generation=1)
    table.add(2, new, "b", 1.0, generation=2)
    assert table.fail_generation(1, lost) == 1
    assert isinstance(old.exception(timeout=0), ConnectionLost)
    assert not new.done()
    assert 2 in table


@pytest.mark.parametrize(
    "fail",
    [
        lambda table: table.fail_all(lost),
        lambda table: table.fail_generation(0, lost),
    ],
    ids=["fail_all", "fail_generation"],
)
def test_futures_are_settled_outside_the_lock(fail):
    table, future = PendingRequests(lock=ReentryDetectingLock()), Future()
    table.add(1, future, "a", 1.0)
    # A callback that uses the table again would deadlock if the lock were still held.
    future.add_done_callback(lambda _: table.add(2, Future(), "bookkeeping", 5.0))
    assert fail(table) == 1
    assert isinstance(future.exception(timeout=0), ConnectionLost)
    assert 2 in table


def test_every_operation_takes_the_injected_lock():
    lock = ReentryDetectingLock()
    table = PendingRequests(lock=lock)
    table.add(1, Future(), "a", 1.0)
    table.resolve(1)
    table.add(2, Future(), "b", 1.0)
    table.pop(2)
    table.expire(0.0)
    table.next_deadline()
    len(table)
    _ = 1 in table
    table.fail_all(lost)
    table.fail_generation(0, lost)
    assert lock.acquisitions == 10


def test_entries_are_frozen_and_slotted():
    entry = PendingRequest(1, None, "a", 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.deadline = 2.0  # type: ignore[misc]
    assert not hasattr(entry, "__dict__")


def test_threads_adding_and_resolving_concurrently_resolve_each_id_exactly_once():
    table, ids = PendingRequests(lock=threading.Lock()), RequestIds()
    workers, per_worker = 4, 2_500
    added: list[list[int]] = [[] for _ in range(workers)]
    resolved: list[list[int]] = [[] for _ in range(workers)]
    start = threading.Barrier(workers)

    def add(bucket: list[int]) -> None:
        start.wait(timeout=10)
        for _ in range(per_worker):
            request_id = ids.next()
            table.add(request_id, Future(), "public/test", float(request_id))
            bucket.append(request_id)

    def resolve(bucket: list[int]) -> None:
        start.wait(timeout=10)
        for request_id in range(1, workers * per_worker + 1):
            if table.resolve(request_id) is not None:
                bucket.append(request_id)

    for phase, buckets in ((add, added), (resolve, resolved)):
        threads = [threading.Thread(target=phase, args=(bucket,)) for bucket in buckets]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
        if phase is add:
            assert len(table) == workers * per_worker
    every_resolution = [request_id for bucket in resolved for request_id in bucket]
    assert sorted(every_resolution) == list(range(1, workers * per_worker + 1))
    assert len(table) == 0
