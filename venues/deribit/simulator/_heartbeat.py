"""Per-connection heartbeats (``public/set_heartbeat``) and the idle timeout.

Rules (``venues/deribit.md`` 1.4), on a clock scaled by ``scale`` (a 10 s interval lasts
``10 * scale`` seconds of ``now``):

1. After ``set_heartbeat(interval)``, every ``interval`` the server sends a ``test_request``.
2. The client must answer it with ``public/test`` before the next one is due; otherwise the
   server closes the connection.
3. Halfway between two test requests the server sends an informational ``heartbeat``.
4. Without heartbeats, a connection silent for ``idle_timeout`` (600 s) is closed.

Example:
    >>> hb = Heartbeat(scale=1.0, idle_timeout=600.0, now=0.0)
    >>> hb.set(10, now=0.0)
    >>> hb.due(5.0), hb.due(10.0), hb.due(20.0)
    (['heartbeat'], ['test_request'], ['close'])
"""

from __future__ import annotations

__all__ = ["MIN_INTERVAL", "Heartbeat"]

MIN_INTERVAL = 10.0


class Heartbeat:
    """The heartbeat schedule of one connection; ``due(now)`` says what to send.

    Example:
        >>> Heartbeat(scale=0.01, idle_timeout=600.0, now=0.0).due(6.0)
        ['close']
    """

    def __init__(self, *, scale: float, idle_timeout: float, now: float) -> None:
        self._scale = scale
        self._idle = idle_timeout * scale
        self._last_seen = now
        self._period = 0.0
        self._next_test = 0.0
        self._next_info: float | None = None
        self._awaiting = False

    @property
    def interval(self) -> float:
        """The configured interval in venue seconds (0 when disabled).

        Example:
            >>> Heartbeat(scale=1.0, idle_timeout=1.0, now=0.0).interval
            0.0
        """
        return self._period / self._scale if self._period else 0.0

    def set(self, interval: float, now: float) -> None:
        """Start (or restart) heartbeats every ``interval`` venue seconds.

        Example:
            >>> hb = Heartbeat(scale=0.5, idle_timeout=1.0, now=0.0); hb.set(10, 0.0)
            >>> hb.interval
            10.0
        """
        self._period = interval * self._scale
        self._next_test = now + self._period
        self._next_info = now + self._period / 2
        self._awaiting = False

    def disable(self) -> None:
        """Stop heartbeats (``public/disable_heartbeat``).

        Example:
            >>> hb = Heartbeat(scale=1.0, idle_timeout=1.0, now=0.0); hb.disable()
        """
        self._period = 0.0
        self._next_info = None
        self._awaiting = False

    def seen(self, now: float) -> None:
        """Record that the client sent a frame at ``now`` (resets the idle clock).

        Example:
            >>> hb = Heartbeat(scale=1.0, idle_timeout=5.0, now=0.0); hb.seen(4.0)
            >>> hb.due(8.0)
            []
        """
        self._last_seen = max(self._last_seen, now)

    def answered(self) -> None:
        """The client answered the outstanding ``test_request`` (``public/test``).

        Example:
            >>> hb = Heartbeat(scale=1.0, idle_timeout=1.0, now=0.0); hb.set(10, 0.0)
            >>> hb.due(10.0); hb.answered(); hb.due(20.0)
            ['test_request']
            ['test_request']
        """
        self._awaiting = False

    def due(self, now: float) -> list[str]:
        """What to do at ``now``: ``heartbeat``, ``test_request`` or ``close`` (or nothing).

        Example:
            >>> Heartbeat(scale=1.0, idle_timeout=60.0, now=0.0).due(59.0)
            []
        """
        if not self._period:
            return ["close"] if now - self._last_seen >= self._idle else []
        if now >= self._next_test:
            return self._test_due(now)
        if self._next_info is not None and now >= self._next_info:
            self._next_info = None
            return ["heartbeat"]
        return []

    def _test_due(self, now: float) -> list[str]:
        if self._awaiting:
            return ["close"]
        self._awaiting = True
        self._next_test = now + self._period
        self._next_info = now + self._period / 2
        return ["test_request"]
