"""Deribit's request limits: credit buckets, matching-engine tiers, and what a call costs.

Deribit meters requests per sub-account with leaky buckets of credits [rate limits]:

- non-matching-engine requests (the default, heartbeats and ``public/test`` included)
  cost 500 credits from a pool of 50,000 that refills at 10,000 a second: 20 requests
  a second sustained, bursts of 100;
- matching-engine requests (buy, sell, edit, cancel, cancel_all*, ...) have a separate
  limit by 7-day volume tier (below), counted here in requests.

Running out means ``10028 too_many_requests`` and a terminated session, so the client
spends from local copies of these buckets before sending. The real figures for an
account come from ``private/get_account_summary`` (:func:`from_account_limits`).

Docs: https://docs.deribit.com/articles/rate-limits

Example:
    >>> DeribitLimits.for_tier(4).matching
    BucketSpec(capacity=20, refill_per_second=5)
    >>> credits_for("private/buy"), credits_for("public/get_time")
    ({'matching': 1}, {'non_matching': 500})
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from protocol.errors import InvalidParameters
from venues.deribit.models import AccountLimits

__all__ = [
    "MATCHING",
    "MATCHING_ENGINE_METHODS",
    "NON_MATCHING",
    "NON_MATCHING_COST",
    "TIERS",
    "BucketSpec",
    "DeribitLimits",
    "credits_for",
    "from_account_limits",
]

NON_MATCHING = "non_matching"
MATCHING = "matching"
NON_MATCHING_COST = 500
"""Credits one non-matching-engine request costs."""

MATCHING_ENGINE_METHODS = frozenset(
    {
        "private/buy",
        "private/sell",
        "private/edit",
        "private/edit_by_label",
        "private/cancel",
        "private/cancel_by_label",
        "private/cancel_all",
        "private/cancel_all_by_instrument",
        "private/cancel_all_by_currency",
        "private/cancel_all_by_kind_or_type",
        "private/close_position",
        "private/verify_block_trade",
        "private/execute_block_trade",
        "private/mass_quote",
        "private/cancel_quotes",
    }
)


@dataclass(frozen=True, slots=True)
class BucketSpec:
    """A token bucket: at most ``capacity`` credits, refilled continuously.

    Example:
        >>> BucketSpec(50_000, 10_000).requests_per_second(500)
        20.0
    """

    capacity: int
    refill_per_second: int

    def requests_per_second(self, cost: int) -> float:
        """The sustained request rate at ``cost`` credits a request."""
        return self.refill_per_second / cost


TIERS: dict[int, BucketSpec] = {
    1: BucketSpec(capacity=100, refill_per_second=30),
    2: BucketSpec(capacity=50, refill_per_second=20),
    3: BucketSpec(capacity=30, refill_per_second=10),
    4: BucketSpec(capacity=20, refill_per_second=5),
}
"""Matching-engine limits by tier (1: > $25M 7-day volume ... 4: <= $1M), in requests."""


@dataclass(frozen=True, slots=True)
class DeribitLimits:
    """The two buckets of one client: non-matching credits and matching-engine requests.

    Example:
        >>> DeribitLimits().non_matching
        BucketSpec(capacity=50000, refill_per_second=10000)
    """

    non_matching: BucketSpec = BucketSpec(capacity=50_000, refill_per_second=10_000)
    matching: BucketSpec = TIERS[4]

    @classmethod
    def for_tier(cls, tier: int = 4) -> DeribitLimits:
        """Default limits with the matching-engine tier ``tier`` (1-4; 4, the lowest, default).

        Raises:
            InvalidParameters: ``tier`` is not 1, 2, 3 or 4.
        """
        if tier not in TIERS:
            raise InvalidParameters("tier", "must be 1, 2, 3 or 4")
        return cls(matching=TIERS[tier])

    def buckets(self) -> dict[str, BucketSpec]:
        """The buckets by name (``non_matching``, ``matching``)."""
        return {NON_MATCHING: self.non_matching, MATCHING: self.matching}


def credits_for(method: str) -> dict[str, int]:
    """What one request for ``method`` spends, by bucket name.

    Example:
        >>> credits_for("private/cancel")
        {'matching': 1}
    """
    if method in MATCHING_ENGINE_METHODS:
        return {MATCHING: 1}
    return {NON_MATCHING: NON_MATCHING_COST}


def from_account_limits(limits: AccountLimits, current: DeribitLimits) -> DeribitLimits:
    """Return ``current`` updated with what the account summary reported.

    Rates and bursts are in requests; the non-matching bucket is kept in credits
    (``rate * 500`` per second, ``burst * 500`` capacity). Missing figures keep the
    current value.

    Example:
        >>> reported = AccountLimits(non_matching_rate=1000, non_matching_burst=1500,
        ...                          matching_rate=200, matching_burst=250)
        >>> from_account_limits(reported, DeribitLimits())
        DeribitLimits(non_matching=BucketSpec(capacity=750000, refill_per_second=500000), \
matching=BucketSpec(capacity=250, refill_per_second=200))
    """
    updated = current
    rate, burst = limits.non_matching_rate, limits.non_matching_burst
    if rate and burst:
        credits = BucketSpec(burst * NON_MATCHING_COST, rate * NON_MATCHING_COST)
        updated = replace(updated, non_matching=credits)
    if limits.matching_rate and limits.matching_burst:
        matching = BucketSpec(limits.matching_burst, limits.matching_rate)
        updated = replace(updated, matching=matching)
    return updated
