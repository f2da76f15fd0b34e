"""The table of requests in flight: id -> future, method, deadline, connection generation.

Sans-I/O: times are passed in (monotonic seconds), nothing here reads a clock, and the
lock is injected. Several threads share one table (callers add, the reader resolves, a
ticker expires), so the runtime passes ``threading.Lock()``; single-threaded code and
tests may leave the default no-op lock.

Futures are settled outside the lock: settling runs the future's callbacks, and a
callback that touches the table again must not deadlock.

Example:
    >>> from concurrent.futures import Future
    >>> table = PendingRequests()
    >>> table.add(1, Future(), "public/get_time", deadline=10.0)
    >>> table.resolve(1).method
    'public/get_time'
    >>> table.resolve(1) is None   # unknown or late
    True
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from protocol.errors import InvalidParameters

__all__ = ["PendingRequest", "PendingRequests", "ResultSink"]


@runtime_checkable
class ResultSink(Protocol):
    """What a pending request completes: ``concurrent.futures.Future`` fits.

    Example:
        >>> from concurrent.futures import Future
        >>> isinstance(Future(), ResultSink)
        True
    """

    def set_result(self, result: Any) -> None:
        """Complete with a result."""

    def set_exception(self, exception: BaseException | None) -> None:
        """Complete with an error."""


@dataclass(frozen=True, slots=True)
class PendingRequest:
    """One request in flight.

    Attributes:
        request_id: the id the reply will carry.
        future: completed by whoever pops the entry; None when nobody waits.
        method: the request's method, for errors and logs.
        deadline: monotonic time after which the request has timed out.
        sent_at: monotonic time it was sent, if the caller recorded it.
        generation: the connection generation (count of connects) it was sent on.

    Example:
        >>> PendingRequest(7, None, "public/test", 12.5).deadline
        12.5
    """

    request_id: Any
    future: ResultSink | None
    method: str
    deadline: float
    sent_at: float | None = None
    generation: int = 0


class PendingRequests:
    """Pending requests by id, with deadlines; every operation is atomic under ``lock``.

    Args:
        lock: any context manager used around each operation; pass ``threading.Lock()``
            when several threads share the table. Defaults to a no-op.

    Example:
        >>> from concurrent.futures import Future
        >>> table = PendingRequests()
        >>> table.add(1, Future(), "public/test", deadline=5.0)
        >>> table.add(2, Future(), "public/get_time", deadline=3.0)
        >>> [entry.request_id for entry in table.expire(now=4.0)]
        [2]
        >>> len(table), table.next_deadline()
        (1, 5.0)
    """

    __slots__ = ("_entries", "_lock")

    def __init__(self, lock: AbstractContextManager[Any] | None = None) -> None:
        self._lock: AbstractContextManager[Any] = (
            lock if lock is not None else contextlib.nullcontext()
        )
        self._entries: dict[Any, PendingRequest] = {}

    def add(
        self,
        request_id: Any,
        future: ResultSink | None,
        method: str,
        deadline: float,
        generation: int = 0,
        *,
        sent_at: float | None = None,
    ) -> None:
        """Record a request before it is sent (so a fast reply always finds it).

        Raises:
            InvalidParameters: ``request_id`` is already pending (field ``id``).

        Example:
            >>> table = PendingRequests()
            >>> table.add("auth_1", None, "public/auth", deadline=1.0, generation=3)
            >>> table.pop("auth_1").generation
            3
        """
        entry = PendingRequest(request_id, future, method, deadline, sent_at, generation)
        with self._lock:
            if request_id in self._entries:
                raise InvalidParameters("id", f"request id {request_id!r} is already pending")
            self._entries[request_id] = entry

    def resolve(self, request_id: Any) -> PendingRequest | None:
        """Remove and return the entry a reply answers; None for an unknown or late id.

        Example:
            >>> PendingRequests().resolve(99) is None
            True
        """
        with self._lock:
            return self._entries.pop(request_id, None)

    def pop(self, request_id: Any) -> PendingRequest | None:
        """Remove and return an entry without a reply (a failed send, a cancelled call).

        Example:
            >>> table = PendingRequests()
            >>> table.add(1, None, "public/test", deadline=1.0)
            >>> table.pop(1).request_id, len(table)
            (1, 0)
        """
        with self._lock:
            return self._entries.pop(request_id, None)

    def expire(self, now: float) -> list[PendingRequest]:
        """Remove and return the entries whose deadline is at or before ``now``.

        Earliest deadline first; equal deadlines in the order they were added. The caller
        fails each one (it knows the timeout to report).

        Example:
            >>> table = PendingRequests()
            >>> table.add(1, None, "a", deadline=2.0)
            >>> table.add(2, None, "b", deadline=1.0)
            >>> [entry.method for entry in table.expire(now=2.0)]
            ['b', 'a']
        """
        with self._lock:
            due = [entry for entry in self._entries.values() if entry.deadline <= now]
            for entry in due:
                del self._entries[entry.request_id]
        # sorted() is stable, so ties keep insertion order (dicts iterate in that order).
        return sorted(due, key=_deadline)

    def fail_all(self, make_error: Callable[[PendingRequest], BaseException]) -> int:
        """Remove every entry and fail its future with ``make_error(entry)``.

        If ``make_error`` itself raises, that exception fails the future instead, so no
        caller is left waiting. Returns how many entries were removed.

        Example:
            >>> from concurrent.futures import Future
            >>> from protocol.errors import ConnectionLost
            >>> table, future = PendingRequests(), Future()
            >>> table.add(1, future, "private/buy", deadline=9.0)
            >>> table.fail_all(lambda e: ConnectionLost("eof", outcome_unknown=True,
            ...                                         method=e.method))
            1
            >>> future.exception().method
            'private/buy'
        """
        with self._lock:
            taken = list(self._entries.values())
            self._entries.clear()
        _fail(taken, make_error)
        return len(taken)

    def fail_generation(
        self, generation: int, make_error: Callable[[PendingRequest], BaseException]
    ) -> int:
        """Like :meth:`fail_all`, for the entries sent on connection ``generation`` only.

        Example:
            >>> table = PendingRequests()
            >>> table.add(1, None, "a", deadline=1.0, generation=1)
            >>> table.add(2, None, "b", deadline=1.0, generation=2)
            >>> table.fail_generation(1, lambda e: ValueError(e.method)), len(table)
            (1, 1)
        """
        with self._lock:
            taken = [e for e in self._entries.values() if e.generation == generation]
            for entry in taken:
                del self._entries[entry.request_id]
        _fail(taken, make_error)
        return len(taken)

    def next_deadline(self) -> float | None:
        """Return the earliest deadline pending, or None when nothing is pending.

        Example:
            >>> PendingRequests().next_deadline() is None
            True
        """
        with self._lock:
            return min((entry.deadline for entry in self._entries.values()), default=None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __contains__(self, request_id: object) -> bool:
        with self._lock:
            return request_id in self._entries


def _deadline(entry: PendingRequest) -> float:
    return entry.deadline


def _fail(
    entries: list[PendingRequest], make_error: Callable[[PendingRequest], BaseException]
) -> None:
    for entry in entries:
        try:
            error = make_error(entry)
        except Exception as exc:  # a broken factory must still release the caller
            error = exc
        _settle(entry.future, error)


def _settle(future: ResultSink | None, error: BaseException) -> None:
    if future is None:
        return
    # A caller may have cancelled its future already; that refusal is not our error.
    with contextlib.suppress(Exception):
        future.set_exception(error)
