"""The reconnect backoff policy: capped exponential growth with optional full jitter.

A :class:`Backoff` is an immutable value; it never sleeps and never reads a clock. The
connection actor asks it for the delay before attempt ``n`` and does the waiting itself.

Rule 1: the ceiling for attempt ``n`` (counting from 1) is ``min(cap, base * factor **
(n - 1))``; it never exceeds ``cap``, however large ``n`` grows.
Rule 2: with ``jitter="full"`` the delay is drawn uniformly from ``[0, ceiling)`` (AWS
"full jitter"), so clients dropped together do not reconnect together; with
``jitter="none"`` the delay is the ceiling itself (deterministic, for tests and tools).

Example:
    >>> policy = Backoff(base=0.5, factor=2.0, cap=30.0, jitter="none")
    >>> [policy.delay(n) for n in (1, 2, 3, 8)]
    [0.5, 1.0, 2.0, 30.0]
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from protocol.errors import InvalidParameters

__all__ = ["Backoff"]

_JITTERS = ("full", "none")


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with full or no jitter (urllib3 ``Retry`` style).

    Attributes:
        base: the ceiling of the first attempt's delay, in seconds (> 0).
        factor: growth per attempt (>= 1; 1 keeps every ceiling at ``base``).
        cap: no delay is ever longer than this, in seconds (>= ``base``).
        jitter: ``"full"`` draws uniformly below the ceiling; ``"none"`` returns it.

    Raises:
        InvalidParameters: naming the field that is out of range.

    Example:
        >>> Backoff(base=1.0, factor=3.0, cap=5.0, jitter="none").delay(3)
        5.0
        >>> Backoff(base=1.0).delay(2, rng=lambda: 0.25)
        0.5
    """

    base: float = 0.5
    factor: float = 2.0
    cap: float = 30.0
    jitter: Literal["full", "none"] = "full"

    def __post_init__(self) -> None:
        _require_seconds("base", self.base, minimum=0.0, inclusive=False)
        _require_seconds("factor", self.factor, minimum=1.0, inclusive=True)
        _require_seconds("cap", self.cap, minimum=0.0, inclusive=False)
        if self.cap < self.base:
            raise InvalidParameters("cap", f"must be >= base ({self.base:g}), got {self.cap!r}")
        if self.jitter not in _JITTERS:
            raise InvalidParameters("jitter", f"must be one of {_JITTERS}, got {self.jitter!r}")

    def ceiling(self, attempt: int) -> float:
        """The largest delay attempt ``attempt`` can get: ``min(cap, base * factor**(n-1))``.

        Args:
            attempt: the attempt number, counting from 1.

        Example:
            >>> Backoff(base=0.5, factor=2.0, cap=30.0).ceiling(4)
            4.0
        """
        _require_attempt(attempt)
        try:
            grown = self.base * self.factor ** (attempt - 1)
        except OverflowError:
            # factor ** n leaves the float range long after it passed any sane cap.
            return self.cap
        return min(self.cap, grown)

    def delay(self, attempt: int, rng: Callable[[], float] | None = None) -> float:
        """The delay before attempt ``attempt`` (counting from 1), in seconds.

        Args:
            attempt: the attempt number, counting from 1.
            rng: a source of uniform draws in ``[0, 1]`` for the jitter; defaults to
                :func:`random.random`, looked up at call time so it can be patched.

        Raises:
            InvalidParameters: ``attempt`` is not an integer >= 1, or ``rng`` returned
                a value outside ``[0, 1]``.

        Example:
            >>> Backoff(base=0.5, cap=30.0).delay(3, rng=lambda: 0.5)
            1.0
        """
        ceiling = self.ceiling(attempt)
        if self.jitter == "none":
            return ceiling
        draw = (rng if rng is not None else random.random)()
        if not 0.0 <= draw <= 1.0:
            raise InvalidParameters("rng", f"must return a value in [0, 1], returned {draw!r}")
        return draw * ceiling


def _require_attempt(attempt: int) -> None:
    if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1:
        raise InvalidParameters("attempt", f"must be an integer >= 1, got {attempt!r}")


def _require_seconds(field: str, value: float, *, minimum: float, inclusive: bool) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidParameters(field, f"must be a finite number, got {value!r}")
    if value < minimum or (value == minimum and not inclusive):
        relation = ">=" if inclusive else ">"
        raise InvalidParameters(field, f"must be {relation} {minimum:g}, got {value!r}")
