"""The thread that replaces connections before the venue's 24 h cut or on serverShutdown."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from venues.binance.spot.public._link import Link
from venues.binance.spot.public._slot import Slot

__all__ = ["Rotator"]

logger = logging.getLogger(__name__)

_RETRY_AFTER_FAILURE = 1.0


class Rotator:
    """Rotates each slot once its connection reaches ``rotate_after`` seconds of age,
    and at once when the venue announces ``serverShutdown`` on it."""

    def __init__(
        self,
        slots: Callable[[], list[Slot]],
        *,
        rotate_after: float,
        handover_timeout: float,
        name: str,
    ) -> None:
        self._slots = slots
        self._rotate_after = rotate_after
        self._timeout = handover_timeout
        self._interval = max(0.01, min(1.0, rotate_after / 4))
        self._requests: queue.SimpleQueue[Link] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        """Start the thread (once)."""
        if not self.thread.is_alive() and not self._stopping.is_set():
            self.thread.start()

    def request(self, link: Link) -> None:
        """Rotate the slot of ``link`` as soon as possible (the venue is shutting down)."""
        self._requests.put(link)
        self._wake.set()

    def stop(self, timeout: float) -> None:
        """Stop and join the thread."""
        self._stopping.set()
        self._wake.set()
        if self.thread.is_alive():
            self.thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self._interval)
            self._wake.clear()
            try:
                self._step(time.monotonic())
            except Exception:
                logger.exception("rotation step failed; trying again later")

    def _step(self, now: float) -> None:
        asked = self._asked()
        for slot in self._slots():
            if self._stopping.is_set():
                return
            link = slot.link
            due = link.age(now) >= self._rotate_after and now >= slot.retry_at
            wanted = (link in asked or due) and link.connection.state.is_ready
            if wanted and not slot.rotate(self._timeout):
                slot.retry_at = time.monotonic() + _RETRY_AFTER_FAILURE

    def _asked(self) -> set[Link]:
        asked: set[Link] = set()
        while True:
            try:
                asked.add(self._requests.get_nowait())
            except queue.Empty:
                return asked
