"""The worker that recovers from a sequence gap off the reader thread.

The codec reports a gap on the reader thread, which must never wait. Recovery goes
through the subscription manager (``resubscribe``) and waits for the venue's answers,
so it cannot run on the reader thread, nor inside the subscription actor from a hook.
It runs here, one gap at a time, in arrival order.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from venues.coinbase.sequence import SequenceGap

__all__ = ["ResyncWorker"]

logger = logging.getLogger(__name__)


class ResyncWorker:
    """Runs ``recover(epoch, gap)`` for each posted gap on its own thread.

    ``epoch`` names the connection the gap was seen on (see ``CoinbaseCodec.epoch``),
    so a recovery can tell when a reconnect has made it unnecessary.
    """

    def __init__(self, name: str, recover: Callable[[int, SequenceGap], None]) -> None:
        self._recover = recover
        self._queue: queue.SimpleQueue[tuple[int, SequenceGap] | None] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def post(self, epoch: int, gap: SequenceGap) -> None:
        """Queue a gap (never blocks: safe on the reader thread)."""
        self._queue.put((epoch, gap))

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
                logger.exception("recovery after a sequence gap failed")
