from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from venues.deribit.models import (
    AccountLimits,
    AccountSummary,
    Order,
    OrderResult,
    Ticker,
    Trade,
    schema_of,
)

prices = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1e9"), places=4)


@given(price=prices, amount=prices, seq=st.integers(min_value=0, max_value=2**40))
def test_trade_fast_path_matches_the_schema_for_any_exact_numbers(price, amount, seq):
    wire = {
        "trade_id": "t",
        "trade_seq": seq,
        "instrument_name": "BTC-PERPETUAL",
        "timestamp": 1,
        "direction": "buy",
        "price": price,
        "amount": amount,
    }
    assert Trade.from_wire(wire) == schema_of(Trade)().load(wire)


def test_models_are_frozen():
    order = Order("1", "open", "X", "buy", Decimal("1"))
    with pytest.raises(AttributeError):
        order.amount = Decimal("2")  # type: ignore[misc]


def test_ticker_stats_are_nested_models():
    ticker = Ticker.from_wire(
        {"instrument_name": "X", "timestamp": 1, "stats": {"high": 2, "low": 1, "volume": 3}}
    )
    assert ticker.stats.volume == Decimal("3")
    assert ticker == schema_of(Ticker)().load(
        {"instrument_name": "X", "timestamp": 1, "stats": {"high": 2, "low": 1, "volume": 3}}
    )


def test_portfolio_summary_reads_both_limit_shapes():
    old = AccountLimits.from_wire({"matching_engine": {"rate": 5, "burst": 20}})
    assert (old.matching_rate, old.matching_burst) == (5, 20)
    summary = AccountSummary.from_wire(
        {"currency": "BTC", "balance": 1, "equity": 1, "available_funds": 1, "limits": {}}
    )
    assert summary.limits == AccountLimits()


def test_order_results_load_nested_orders_and_trades(result_of):
    result = schema_of(OrderResult)().load(result_of("buy_market"))
    assert result.order.label == "market0000234"
    assert result.trades[0].trade_seq == 1966056
