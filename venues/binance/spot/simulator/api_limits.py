"""The simulator's rate limits, counted as the venue counts them: clock-aligned windows.

``REQUEST_WEIGHT`` is per IP (the whole simulator: every client is on 127.0.0.1);
``ORDERS`` per account, per 10 s and per day. A minute window resets at :00, a 10 s one
at :00, :10, ... (wall clock). Over a limit the venue answers 429 with ``retryAfter``
(the next window start); a client that keeps sending before then is banned: 418 until
``ban_seconds`` later, and its connection is closed.

Example:
    >>> counter = WindowCounter("REQUEST_WEIGHT", "MINUTE", 1, limit=10)
    >>> counter.fits(61_000, 10), counter.fits(61_000, 11)
    (True, False)
    >>> counter.add(61_000, 4); counter.entry(61_000)["count"]
    4
    >>> counter.reset_at(61_000)
    120000
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ApiLimits", "WindowCounter"]

_INTERVAL_MS = {"SECOND": 1000, "MINUTE": 60_000, "HOUR": 3_600_000, "DAY": 86_400_000}


@dataclass(frozen=True)
class ApiLimits:
    """The limits a simulator enforces (lower them in tests to reach them quickly).

    Example:
        >>> ApiLimits(weight_per_minute=20).orders_per_10_seconds
        50
    """

    weight_per_minute: int = 6000
    orders_per_10_seconds: int = 50
    orders_per_day: int = 160_000
    ban_seconds: float = 120.0
    connect_weight: int = 2


class WindowCounter:
    """A count that resets at each aligned window start (``interval_num`` x ``interval``)."""

    def __init__(self, rate_limit_type: str, interval: str, interval_num: int, limit: int) -> None:
        self.rate_limit_type = rate_limit_type
        self.interval = interval
        self.interval_num = interval_num
        self.limit = limit
        self._span = _INTERVAL_MS[interval] * interval_num
        self._start = 0
        self._count = 0

    def _roll(self, now_ms: int) -> None:
        start = now_ms - now_ms % self._span
        if start != self._start:
            self._start, self._count = start, 0

    def fits(self, now_ms: int, amount: int) -> bool:
        """Whether ``amount`` more stays within the limit in the current window."""
        self._roll(now_ms)
        return self._count + amount <= self.limit

    def add(self, now_ms: int, amount: int) -> None:
        """Count ``amount`` in the current window."""
        self._roll(now_ms)
        self._count += amount

    def reset_at(self, now_ms: int) -> int:
        """Epoch ms of the next window start (the ``retryAfter`` of a refusal)."""
        return now_ms - now_ms % self._span + self._span

    def entry(self, now_ms: int) -> dict[str, Any]:
        """This counter as a ``rateLimits`` entry."""
        self._roll(now_ms)
        return {
            "rateLimitType": self.rate_limit_type,
            "interval": self.interval,
            "intervalNum": self.interval_num,
            "limit": self.limit,
            "count": self._count,
        }
