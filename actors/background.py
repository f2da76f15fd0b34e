"""A thread of a client's own for recoveries that must wait, off the reader thread.

A codec sees a gap (a lost ``sequence_num``, a book change that does not follow) on the
reader thread, which must never wait. Recovering goes through the subscription manager
and waits for the venue's answers, so it cannot run on the reader thread, nor inside the
subscription actor from a hook. It runs here, one item at a time, in arrival order.

Example:
    >>> import threading
    >>> done = threading.Event()
    >>> worker = BackgroundWorker("venue-actors:doc", lambda epoch, item: done.set())
    >>> worker.start(); worker.post(1, "a gap")
    >>> done.wait(5.0)
    True
    >>> worker.stop()
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["BackgroundWorker"]

logger = logging.getLogger(__name__)


class BackgroundWorker:
    """Runs ``recover(epoch, item)`` for each posted item on its own thread.

    ``epoch`` names the connection the item was seen on (a count the codec keeps), so a
    recovery can tell when a reconnect has made it unnecessary.

    Example:
        >>> worker = BackgroundWorker("venue-actors:doc", print)
        >>> worker.start(); worker.stop()
    """

    def __init__(self, name: str, recover: Callable[[int, Any], None]) -> None:
        self._recover = recover
        self._queue: queue.SimpleQueue[tuple[int, Any] | None] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def post(self, epoch: int, item: Any) -> None:
        """Queue an item (never blocks: safe on the reader thread)."""
        self._queue.put((epoch, item))

    def pause(self, seconds: float) -> bool:
        """Wait ``seconds`` unless the worker is stopping; True if it is not."""
        return not self._stopping.wait(seconds)

    def stop(self, timeout: float = 5.0) -> None:
        """End the current recovery's waits, then end the thread and join it."""
        self._stopping.set()
        if self._thread.is_alive():
            self._queue.put(None)  # wakes the thread to end it
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None or self._stopping.is_set():
                return
            try:
                self._recover(*item)
            except Exception:
                # A failed recovery leaves the connection as it is; the next reconnect
                # restores every subscription with fresh snapshots anyway.
                logger.exception("recovery of %r failed", item[1])
