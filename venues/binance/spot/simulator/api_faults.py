"""The WebSocket API engine's fault switches: queued work, forced errors, reply delays.

Faults are set from any thread: they are queued as work and applied, under the
server's lock, before the next frame or tick (:meth:`ApiFaults.drain`). A delayed reply
is kept in time order and released by :meth:`ApiFaults.due`.

Example:
    >>> faults = ApiFaults()
    >>> faults.queue(lambda now_ms: faults.add_forced("time", ForcedError(-1000, "x"), 1))
    >>> faults.drain(0), faults.take_forced("time").code, faults.take_forced("time")
    ([], -1000, None)
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from venues.simulator import Action, Send

__all__ = ["ApiFaults", "ForcedError"]


@dataclass(frozen=True)
class ForcedError:
    """An error the engine answers to the next request(s) of ``method``.

    ``execute=True`` runs the request first (its effects happen, its result is
    discarded): with a 5xx status or -1007 that is a true "outcome unknown".

    Example:
        >>> ForcedError(-1007, "Timeout waiting for response from backend server.", 408).status
        408
    """

    code: int
    msg: str
    status: int = 400
    execute: bool = False
    data: Any = None


class ApiFaults:
    """Queued work, forced errors per method, reply delays per method, held replies.

    Example:
        >>> ApiFaults().due(0.0)
        []
    """

    def __init__(self) -> None:
        self._pending: deque[Callable[[int], list[Action]]] = deque()
        self._forced: dict[str, deque[ForcedError]] = {}
        self._delays: dict[str, float] = {}
        self._scheduled: list[tuple[float, int, Action]] = []
        self._sequence = itertools.count()

    def queue(self, work: Callable[[int], list[Action]]) -> None:
        """Run ``work(now_ms)`` at the next :meth:`drain` (thread-safe: a deque append)."""
        self._pending.append(work)

    def drain(self, now_ms: int) -> list[Action]:
        """Run the queued work, in order; the actions it returned."""
        actions: list[Action] = []
        while self._pending:
            actions.extend(self._pending.popleft()(now_ms))
        return actions

    def add_forced(self, method: str, forced: ForcedError, count: int) -> list[Action]:
        """Answer the next ``count`` requests of ``method`` with ``forced``."""
        self._forced.setdefault(method, deque()).extend([forced] * count)
        return []

    def take_forced(self, method: str) -> ForcedError | None:
        """The error forced on this request of ``method``, if any (used up)."""
        queue = self._forced.get(method)
        return queue.popleft() if queue else None

    def set_delay(self, method: str, seconds: float) -> list[Action]:
        """Hold replies to ``method`` back by ``seconds`` (0 ends the delay)."""
        self._delays[method] = seconds
        return []

    def clear(self) -> list[Action]:
        """Forget every forced error and delay."""
        self._forced.clear()
        self._delays.clear()
        return []

    def deliver(self, send: Send, method: str, now: float) -> list[Action]:
        """``[send]`` now, or nothing while it is held for ``method``'s delay."""
        delay = self._delays.get(method, 0.0)
        if delay <= 0:
            return [send]
        heapq.heappush(self._scheduled, (now + delay, next(self._sequence), send))
        return []

    def due(self, now: float) -> list[Action]:
        """The held replies whose time has come, in time order."""
        actions: list[Action] = []
        while self._scheduled and self._scheduled[0][0] <= now:
            actions.append(heapq.heappop(self._scheduled)[2])
        return actions
