"""Positions, account summary, open orders and order state."""

from __future__ import annotations

import pytest

PERP = "BTC-PERPETUAL"
POSITION_FIELDS = {
    "instrument_name", "kind", "direction", "size", "size_currency", "average_price",
    "mark_price", "index_price", "settlement_price", "floating_profit_loss",
    "realized_profit_loss", "total_profit_loss", "initial_margin", "maintenance_margin",
    "open_orders_margin", "leverage", "delta", "estimated_liquidation_price",
    "interest_value", "realized_funding",
}  # fmt: skip
SUMMARY_FIELDS = {
    "balance", "equity", "available_funds", "available_withdrawal_funds", "margin_balance",
    "initial_margin", "maintenance_margin", "projected_initial_margin",
    "projected_maintenance_margin", "currency", "total_pl", "session_rpl", "session_upl",
    "futures_pl", "futures_session_rpl", "futures_session_upl", "options_pl",
    "options_session_rpl", "options_session_upl", "options_value", "options_delta",
    "options_gamma", "options_theta", "options_vega", "options_gamma_map",
    "options_theta_map", "options_vega_map", "delta_total", "projected_delta_total",
    "delta_total_map", "fee_balance", "portfolio_margining_enabled",
    "cross_collateral_enabled", "margin_model", "limits", "id", "username", "email",
    "system_name", "type", "creation_timestamp", "security_keys_enabled",
}  # fmt: skip


def market(conn, direction, amount, instrument=PERP):
    return conn.result(
        f"private/{direction}", {"instrument_name": instrument, "amount": amount, "type": "market"}
    )


def test_a_flat_position_is_reported_with_size_zero(alice):
    position = alice.result("private/get_position", {"instrument_name": PERP})
    assert set(position) >= POSITION_FIELDS
    assert (position["size"], position["direction"], position["kind"]) == (0.0, "zero", "future")


def test_a_fill_opens_a_position_at_the_fill_price(alice):
    trade = market(alice, "buy", 100)["trades"][0]
    position = alice.result("private/get_position", {"instrument_name": PERP})
    assert (position["size"], position["direction"]) == (100.0, "buy")
    assert position["average_price"] == trade["price"]
    assert position["size_currency"] == pytest.approx(100 / position["mark_price"])
    assert position["initial_margin"] > 0


def test_closing_a_position_realises_its_profit_and_loss(alice):
    opened = market(alice, "buy", 100)["trades"][0]["price"]
    closing = market(alice, "sell", 100)["trades"][0]
    position = alice.result("private/get_position", {"instrument_name": PERP})
    expected = 100 * (1 / opened - 1 / closing["price"])
    assert position["size"] == 0.0
    assert position["realized_profit_loss"] == pytest.approx(expected, abs=1e-8)
    assert closing["profit_loss"] == pytest.approx(expected, abs=1e-8)


def test_get_positions_lists_held_positions_by_currency_and_kind(alice):
    market(alice, "buy", 100)
    market(alice, "sell", 5, "ETH-PERPETUAL")
    assert [p["instrument_name"] for p in alice.result("private/get_positions")] == [
        PERP,
        "ETH-PERPETUAL",
    ]
    eth = alice.result("private/get_positions", {"currency": "ETH", "kind": "future"})
    assert [(p["instrument_name"], p["size"], p["direction"]) for p in eth] == [
        ("ETH-PERPETUAL", -5.0, "sell")
    ]
    assert alice.result("private/get_positions", {"currency": "BTC", "kind": "option"}) == []


def test_an_unknown_instrument_position_is_invalid(alice):
    assert alice.error("private/get_position", {"instrument_name": "NOPE"})["code"] == 10020


def test_the_account_summary_has_the_documented_fields(alice):
    summary = alice.result("private/get_account_summary", {"currency": "BTC", "extended": True})
    assert set(summary) >= SUMMARY_FIELDS
    assert (summary["currency"], summary["balance"], summary["equity"]) == ("BTC", 10.0, 10.0)
    assert summary["username"] == "alice"


def test_fees_and_margin_show_in_the_account_summary(alice):
    fee = market(alice, "buy", 1000)["trades"][0]["fee"]
    alice.result("private/buy", {"instrument_name": PERP, "amount": 1000, "price": 49_000.0})
    summary = alice.result("private/get_account_summary", {"currency": "BTC"})
    assert summary["balance"] == pytest.approx(10.0 - fee)
    position_margin = 1000 / 50_000 * 0.02  # the frozen market's mark is 50,000
    order_margin = 1000 / 49_000 * 0.02
    assert summary["initial_margin"] == pytest.approx(position_margin + order_margin, abs=1e-8)
    assert summary["available_funds"] == pytest.approx(
        summary["equity"] - summary["initial_margin"]
    )


def test_the_account_summary_needs_a_known_currency(alice):
    assert alice.error("private/get_account_summary", {"currency": "XRP"})["code"] == -32602


def test_open_orders_by_currency_filter_by_kind_and_type(alice):
    alice.result("private/buy", {"instrument_name": PERP, "amount": 10, "price": 49_000.0})
    alice.result(
        "private/sell",
        {
            "instrument_name": PERP,
            "amount": 10,
            "type": "stop_market",
            "trigger": "mark_price",
            "trigger_price": 49_000.0,
        },
    )
    alice.result(
        "private/buy", {"instrument_name": "BTC-26MAR27-60000-C", "amount": 1, "price": 0.03}
    )
    orders = alice.result("private/get_open_orders_by_currency", {"currency": "BTC"})
    assert len(orders) == 3
    limits = alice.result(
        "private/get_open_orders_by_currency", {"currency": "BTC", "type": "limit"}
    )
    assert len(limits) == 2
    stops = alice.result(
        "private/get_open_orders_by_currency", {"currency": "BTC", "type": "stop_all"}
    )
    assert [(o["order_type"], o["order_state"], o["price"]) for o in stops] == [
        ("stop_market", "untriggered", "market_price")
    ]
    options = alice.result(
        "private/get_open_orders_by_currency", {"currency": "BTC", "kind": "option"}
    )
    assert [o["instrument_name"] for o in options] == ["BTC-26MAR27-60000-C"]
    assert alice.result("private/get_open_orders_by_currency", {"currency": "ETH"}) == []


def test_order_state_reports_closed_orders_too(alice):
    order = market(alice, "buy", 10)["order"]
    state = alice.result("private/get_order_state", {"order_id": order["order_id"]})
    assert state["order_state"] == "filled"
    assert alice.error("private/get_order_state", {"order_id": "404"})["code"] == 10004
