"""The worker that recovers from a sequence gap off the reader thread.

The codec reports a gap on the reader thread, which must never wait; recovery asks
the subscription actor and waits for the venue's answers, so it runs here, one gap at
a time, in arrival order.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from venues.coinbase.sequence import SequenceGap

__all__ = ["ResyncWorker"]

logger = logging.getLogger(__name__)

_STOP = object()


class ResyncWorker:
    """Runs ``recover(gap)`` for each posted gap on its own thread."""

    def __init__(self, name: str, recover: Callable[[SequenceGap], None]) -> None:
        self._recover = recover
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def post(self, gap: SequenceGap) -> None:
        """Queue a gap (never blocks: safe on the reader thread)."""
        self._queue.put(gap)

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the current recovery, then end the thread and join it."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            try:
                self._recover(item)  # type: ignore[arg-type]
            except Exception:
                # A failed recovery leaves the connection as it is; the next reconnect
                # restores every subscription with fresh snapshots anyway.
                logger.exception("recovery after a sequence gap failed")
