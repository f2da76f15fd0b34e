"""The fault switches of a simulator server, shared by its threads under one condition.

Readers, writers and the ticker wait on ``cond`` while the server is stalled; the
same condition guards every connection's outbox, so one ``notify_all`` reaches them.

Example:
    >>> faults = Faults()
    >>> faults.refuse_connections(2)
    >>> [faults.should_refuse() for _ in range(3)]
    [True, True, False]
"""

from __future__ import annotations

import threading

from protocol.errors import InvalidParameters

__all__ = ["Faults"]


class Faults:
    """Stall, reply delay and handshake refusal, plus the server's stopping flag.

    Example:
        >>> faults = Faults()
        >>> faults.delay_replies(0.5)
        >>> faults.reply_delay
        0.5
    """

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.stalled = False
        self.stopping = False
        self.reply_delay = 0.0
        self.refused = 0
        self._refuse_left = 0
        self._refuse_all = False

    def stall(self) -> None:
        """Stop reading, answering, sending and ticking until :meth:`resume`."""
        with self.cond:
            self.stalled = True
            self.cond.notify_all()

    def resume(self) -> None:
        """End a stall; whatever waited goes out in order."""
        with self.cond:
            self.stalled = False
            self.cond.notify_all()

    def stop(self) -> None:
        """Release every waiter for good."""
        with self.cond:
            self.stopping = True
            self.cond.notify_all()

    def wait_running(self) -> bool:
        """Wait out a stall; False once the server is stopping."""
        with self.cond:
            self.cond.wait_for(lambda: self.stopping or not self.stalled)
            return not self.stopping

    def delay_replies(self, seconds: float) -> None:
        """Hold replies to client frames back by ``seconds`` (0 ends the delay)."""
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise InvalidParameters("seconds", f"must be a number >= 0, not {seconds!r}")
        with self.cond:
            self.reply_delay = float(seconds)
            self.cond.notify_all()

    def refuse_connections(self, count: int | None) -> None:
        """Refuse the next ``count`` handshakes; ``None`` refuses until a call with 0."""
        if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
            raise InvalidParameters("count", f"must be an int >= 0 or None, not {count!r}")
        if count is not None and count < 0:
            raise InvalidParameters("count", f"must be an int >= 0 or None, not {count!r}")
        with self.cond:
            self._refuse_all = count is None
            self._refuse_left = count or 0

    def should_refuse(self) -> bool:
        """Decide one handshake (counts it down)."""
        with self.cond:
            if self._refuse_all or self._refuse_left > 0:
                self._refuse_left = max(0, self._refuse_left - 1)
                self.refused += 1
                return True
            return False
