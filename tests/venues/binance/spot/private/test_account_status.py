"""account.status: weight 20, and the documented account with Decimal balances."""

from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.private import account_status


def test_account_status_costs_twenty():
    call = account_status.build()
    assert (call.method, call.weight, call.params, call.security) == (
        "account.status",
        20,
        {},
        "signed",
    )


def test_omit_zero_balances_is_sent_as_a_boolean():
    assert account_status.build(omit_zero_balances=True).params == {"omitZeroBalances": True}
    with pytest.raises(InvalidParameters) as caught:
        account_status.build(omit_zero_balances="true")  # type: ignore[arg-type]
    assert caught.value.field == "omit_zero_balances"


def test_the_documented_account_parses(replies):
    account = account_status.parse(replies["account.status"]["result"])
    assert account.can_trade and account.account_type == "SPOT"
    assert account.balance("BTC").free == Decimal("1.3447112")
    assert account.balance("BTC").total == Decimal("1.4307112")
    assert account.permissions == ("SPOT",)
    assert account.uid == 354937868
