"""Request ids are sequential from 1 and unique across threads."""

from __future__ import annotations

import doctest
import itertools
import threading

import protocol.ids
from protocol.ids import RequestIds

THREADS = 8
PER_THREAD = 10_000


def test_the_module_docstring_examples_pass():
    failed, attempted = doctest.testmod(protocol.ids)
    assert attempted > 0
    assert failed == 0


def test_ids_start_at_one_and_increase_by_one():
    ids = RequestIds()
    assert [ids.next() for _ in range(5)] == [1, 2, 3, 4, 5]


def test_next_builtin_and_next_method_share_one_sequence():
    ids = RequestIds()
    assert (ids.next(), next(ids), ids.next(), next(ids)) == (1, 2, 3, 4)


def test_a_custom_start_is_the_first_id():
    assert RequestIds(start=1000).next() == 1000


def test_two_sources_are_independent():
    first, second = RequestIds(), RequestIds()
    first.next()
    assert second.next() == 1


def test_ids_are_iterable():
    ids = RequestIds()
    assert list(itertools.islice(ids, 3)) == [1, 2, 3]


def test_eight_threads_drawing_ten_thousand_ids_each_get_exactly_one_to_eighty_thousand():
    ids = RequestIds()
    start = threading.Barrier(THREADS)
    drawn: list[list[int]] = [[] for _ in range(THREADS)]

    def draw(bucket: list[int]) -> None:
        start.wait(timeout=10)
        for _ in range(PER_THREAD):
            bucket.append(ids.next())

    threads = [threading.Thread(target=draw, args=(bucket,)) for bucket in drawn]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    every_id = [value for bucket in drawn for value in bucket]
    assert len(every_id) == THREADS * PER_THREAD
    assert set(every_id) == set(range(1, THREADS * PER_THREAD + 1))
    for bucket in drawn:
        assert bucket == sorted(bucket)
