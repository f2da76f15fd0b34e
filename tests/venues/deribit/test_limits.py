from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.limits import (
    NON_MATCHING_COST,
    TIERS,
    BucketSpec,
    DeribitLimits,
    credits_for,
    from_account_limits,
)
from venues.deribit.models import AccountLimits


def test_non_matching_requests_cost_500_of_50000_refilling_10000_a_second():
    limits = DeribitLimits()
    assert credits_for("public/subscribe") == {"non_matching": NON_MATCHING_COST}
    assert limits.non_matching == BucketSpec(50_000, 10_000)
    assert limits.non_matching.requests_per_second(500) == 20


@pytest.mark.parametrize(
    "method",
    ["private/buy", "private/sell", "private/edit", "private/cancel", "private/cancel_all"],
)
def test_matching_engine_methods_spend_the_matching_bucket(method):
    assert credits_for(method) == {"matching": 1}


def test_tiers_default_to_the_lowest():
    assert DeribitLimits().matching == TIERS[4] == BucketSpec(20, 5)
    assert DeribitLimits.for_tier(1).matching == BucketSpec(100, 30)
    with pytest.raises(InvalidParameters) as excinfo:
        DeribitLimits.for_tier(5)
    assert excinfo.value.field == "tier"


def test_reported_limits_replace_only_what_was_reported():
    updated = from_account_limits(
        AccountLimits(matching_rate=10, matching_burst=30), DeribitLimits()
    )
    assert updated.matching == BucketSpec(30, 10)
    assert updated.non_matching == DeribitLimits().non_matching
