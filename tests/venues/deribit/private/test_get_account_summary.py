from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import Unauthorized, error_for
from venues.deribit.limits import DeribitLimits, from_account_limits
from venues.deribit.private import get_account_summary


def test_request_carries_currency_and_extended(frame_of):
    frame = frame_of(get_account_summary.build(currency="BTC", extended=True), 2515)
    assert frame["params"] == {"currency": "BTC", "extended": True}


def test_result_carries_balances_and_the_account_limits(result_of):
    summary = get_account_summary.build(currency="BTC").result(result_of("account_summary"))
    assert summary.balance == Decimal("302.60065765")
    assert summary.limits.non_matching_rate == 1000
    assert summary.limits.matching_burst == 250


def test_reported_limits_update_the_credit_buckets(result_of):
    summary = get_account_summary.build(currency="BTC").result(result_of("account_summary"))
    limits = from_account_limits(summary.limits, DeribitLimits())
    assert limits.non_matching.capacity == 1500 * 500
    assert limits.matching.refill_per_second == 200


def test_unknown_currency_is_refused():
    with pytest.raises(InvalidParameters) as excinfo:
        get_account_summary.build(currency="XBT")
    assert excinfo.value.field == "currency"


def test_unauthorized_maps_to_its_class():
    assert isinstance(error_for(13009, "unauthorized"), Unauthorized)
