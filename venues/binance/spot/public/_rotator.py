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
    and at once when the venue announces ``serverShutdown`` on it.

    The thread sleeps until the earliest rotation falls due (or a shutdown notice wakes
    it); it does not poll. A connection that is due but not ready (reconnecting) is
    looked at again after ``recheck`` seconds: its reconnect resets its age anyway.

    Example:
        >>> rotator = Rotator(list, rotate_after=60.0, handover_timeout=5.0, name="demo")
        >>> rotator.start(); rotator.stop(5.0); rotator.thread.is_alive()
        False
    """

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
        self._recheck = max(0.01, min(1.0, rotate_after / 4))
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
        next_due = time.monotonic()
        while not self._stopping.is_set():
            self._wake.wait(max(0.0, next_due - time.monotonic()))
            self._wake.clear()
            try:
                next_due = self._step(time.monotonic())
            except Exception:
                logger.exception("rotation step failed; trying again later")
                next_due = time.monotonic() + self._recheck

    def _step(self, now: float) -> float:
        """Rotate what is due or asked for; return when the next rotation falls due."""
        asked = self._asked()
        next_due = now + self._rotate_after
        for slot in self._slots():
            if self._stopping.is_set():
                break
            next_due = min(next_due, self._visit(slot, slot.link in asked, now))
        return next_due

    def _visit(self, slot: Slot, asked: bool, now: float) -> float:
        link = slot.link
        due_at = max(link.opened_at + self._rotate_after, slot.retry_at)
        if not (asked or due_at <= now):
            return due_at
        if not link.connection.state.is_ready:
            return now + self._recheck
        if slot.rotate(self._timeout):
            return slot.link.opened_at + self._rotate_after
        slot.retry_at = time.monotonic() + _RETRY_AFTER_FAILURE
        return slot.retry_at

    def _asked(self) -> set[Link]:
        asked: set[Link] = set()
        while True:
            try:
                asked.add(self._requests.get_nowait())
            except queue.Empty:
                return asked
