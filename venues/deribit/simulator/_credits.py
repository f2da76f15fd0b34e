"""The credit limiter: leaky buckets that refill continuously up to a cap.

Deribit (``venues/deribit.md`` 1.7): a non-matching-engine request costs 500 credits from a
50,000 bucket refilling 10,000/s (20 req/s, burst 100); matching-engine requests have a
per-tier rate, by default the lowest tier (5 req/s, burst 20), modelled as a bucket of 20
refilling 5/s at a cost of 1. An empty bucket answers ``10028 too_many_requests``, after
which the session is terminated.

Example:
    >>> bucket = CreditBucket(capacity=1000, refill_per_second=500, now=0.0)
    >>> bucket.take(500, 0.0), bucket.take(500, 0.0), bucket.take(500, 0.0)
    (True, True, False)
    >>> bucket.take(500, 1.0)
    True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "MATCHING_BURST",
    "MATCHING_RATE",
    "NON_MATCHING_CAPACITY",
    "NON_MATCHING_COST",
    "NON_MATCHING_REFILL",
    "CreditBucket",
    "CreditLimits",
]

NON_MATCHING_COST = 500
NON_MATCHING_CAPACITY = 50_000
NON_MATCHING_REFILL = 10_000
MATCHING_RATE = 5
MATCHING_BURST = 20


@dataclass(frozen=True, slots=True)
class CreditLimits:
    """The limits one connection gets; reported by ``private/get_account_summary``.

    Example:
        >>> CreditLimits().to_wire()["non_matching_engine"]
        {'burst': 100, 'rate': 20}
    """

    non_matching_cost: int = NON_MATCHING_COST
    non_matching_capacity: int = NON_MATCHING_CAPACITY
    non_matching_refill: int = NON_MATCHING_REFILL
    matching_rate: int = MATCHING_RATE
    matching_burst: int = MATCHING_BURST

    def to_wire(self) -> dict[str, object]:
        """The ``limits`` object, in requests per second and burst requests.

        Example:
            >>> CreditLimits().to_wire()["matching_engine"]["trading"]["total"]
            {'burst': 20, 'rate': 5}
        """
        me = {"burst": self.matching_burst, "rate": self.matching_rate}
        return {
            "limits_per_currency": False,
            "non_matching_engine": {
                "burst": self.non_matching_capacity // self.non_matching_cost,
                "rate": self.non_matching_refill // self.non_matching_cost,
            },
            "matching_engine": {"trading": {"total": dict(me)}, "cancel_all": dict(me)},
        }

    def buckets(self, now: float) -> tuple[CreditBucket, CreditBucket]:
        """Fresh (non-matching, matching) buckets for a new connection.

        Example:
            >>> CreditLimits().buckets(0.0)[1].available
            20.0
        """
        non_matching = CreditBucket(self.non_matching_capacity, self.non_matching_refill, now)
        matching = CreditBucket(self.matching_burst, self.matching_rate, now)
        return non_matching, matching


class CreditBucket:
    """A bucket holding up to ``capacity`` credits, refilled at ``refill_per_second``.

    Example:
        >>> CreditBucket(10, 1, 0.0).available
        10.0
    """

    def __init__(self, capacity: float, refill_per_second: float, now: float) -> None:
        self._capacity = float(capacity)
        self._refill = float(refill_per_second)
        self._available = float(capacity)
        self._at = now

    @property
    def available(self) -> float:
        """Credits left at the last update.

        Example:
            >>> CreditBucket(3, 1, 0.0).available
            3.0
        """
        return self._available

    def take(self, cost: float, now: float) -> bool:
        """Spend ``cost`` credits if the bucket holds them; report whether it did.

        Example:
            >>> CreditBucket(1, 1, 0.0).take(2, 0.0)
            False
        """
        elapsed = max(0.0, now - self._at)
        self._available = min(self._capacity, self._available + elapsed * self._refill)
        self._at = max(self._at, now)
        if self._available < cost:
            return False
        self._available -= cost
        return True
