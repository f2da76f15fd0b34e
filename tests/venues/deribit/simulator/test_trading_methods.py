"""buy/sell/edit/cancel: result shapes, fills against the ladder, resting orders, errors."""

from __future__ import annotations

import pytest

PERP = "BTC-PERPETUAL"
# Field names of the order and user-trade examples in the facts file (1.4 and 1.9 c).
ORDER_FIELDS = {
    "order_id", "order_state", "order_type", "time_in_force", "instrument_name", "direction",
    "price", "amount", "contracts", "filled_amount", "average_price", "label", "post_only",
    "reject_post_only", "reduce_only", "api", "web", "creation_timestamp",
    "last_update_timestamp", "is_liquidation", "is_rebalance", "max_show", "replaced", "mmp",
    "risk_reducing",
}  # fmt: skip
TRADE_FIELDS = {
    "trade_id", "trade_seq", "order_id", "instrument_name", "timestamp", "direction", "price",
    "amount", "contracts", "index_price", "mark_price", "tick_direction", "liquidity", "fee",
    "fee_currency", "state", "order_type", "post_only", "reduce_only", "matching_id", "label",
    "profit_loss", "api", "mmp",
}  # fmt: skip


def book(conn, instrument=PERP):
    return conn.result("public/get_order_book", {"instrument_name": instrument, "depth": 20})


def buy(conn, **params):
    return conn.result("private/buy", {"instrument_name": PERP} | params)


def sell(conn, **params):
    return conn.result("private/sell", {"instrument_name": PERP} | params)


def test_a_limit_order_below_the_ask_rests_open_without_trades(alice):
    result = buy(alice, amount=100, type="limit", price=49_000.0, label="first")
    assert set(result) == {"order", "trades"}
    order = result["order"]
    assert set(order) >= ORDER_FIELDS
    assert isinstance(order["order_id"], str)
    assert order["order_state"] == "open" and result["trades"] == []
    assert (order["order_type"], order["direction"], order["time_in_force"]) == (
        "limit",
        "buy",
        "good_til_cancelled",
    )
    assert (order["price"], order["amount"], order["contracts"]) == (49_000.0, 100.0, 10.0)
    assert (order["filled_amount"], order["average_price"], order["label"]) == (0.0, 0.0, "first")
    assert order["creation_timestamp"] == order["last_update_timestamp"]
    assert order["api"] is True and order["replaced"] is False


def test_a_market_order_fills_against_the_ladder_with_documented_trade_fields(alice):
    best_ask = book(alice)["asks"][0]
    result = buy(alice, amount=10, type="market")
    order, (trade,) = result["order"], result["trades"]
    assert order["order_state"] == "filled" and order["filled_amount"] == 10.0
    assert order["average_price"] == best_ask[0]
    assert set(trade) >= TRADE_FIELDS
    assert isinstance(trade["trade_id"], str) and isinstance(trade["trade_seq"], int)
    assert (trade["order_id"], trade["price"], trade["amount"]) == (
        order["order_id"],
        best_ask[0],
        10.0,
    )
    assert (trade["liquidity"], trade["fee_currency"], trade["state"]) == ("T", "BTC", "filled")
    assert trade["matching_id"] is None
    assert trade["fee"] == pytest.approx(10.0 / best_ask[0] * 0.0005)


def test_a_market_order_walks_the_ladder_level_by_level(alice):
    (p1, a1), (p2, _a2) = book(alice)["asks"][:2]
    result = buy(alice, amount=a1 + 20, type="market")
    assert [(t["price"], t["amount"]) for t in result["trades"]] == [(p1, a1), (p2, 20.0)]
    assert result["order"]["average_price"] == pytest.approx((p1 * a1 + p2 * 20) / (a1 + 20))
    assert book(alice)["asks"][0][0] == p2


def test_a_limit_order_crossing_the_ladder_fills_what_is_there_and_rests_the_rest(alice):
    (price, available) = book(alice)["asks"][0]
    result = buy(alice, amount=available + 100, price=price)
    order = result["order"]
    assert order["order_state"] == "open"
    assert order["filled_amount"] == available
    assert [t["state"] for t in result["trades"]] == ["open"]
    assert book(alice)["bids"][0] == [price, 100.0]
    assert alice.result("private/get_order_state", {"order_id": order["order_id"]}) == order


def test_immediate_or_cancel_cancels_what_does_not_fill(alice):
    (price, available) = book(alice)["asks"][0]
    order = buy(alice, amount=available + 100, price=price, time_in_force="immediate_or_cancel")[
        "order"
    ]
    assert (order["order_state"], order["filled_amount"]) == ("cancelled", available)
    assert alice.result("private/get_open_orders_by_currency", {"currency": "BTC"}) == []


def test_fill_or_kill_fills_completely_or_not_at_all(alice):
    (price, available) = book(alice)["asks"][0]
    killed = buy(alice, amount=available + 10, price=price, time_in_force="fill_or_kill")
    assert (killed["order"]["order_state"], killed["trades"]) == ("cancelled", [])
    filled = buy(alice, amount=available, price=price, time_in_force="fill_or_kill")
    assert filled["order"]["order_state"] == "filled"


def test_market_limit_rests_its_rest_at_the_first_fill_price(alice):
    (price, available) = book(alice)["asks"][0]
    order = buy(alice, amount=available + 50, type="market_limit")["order"]
    assert order["order_type"] == "limit" and order["original_order_type"] == "market_limit"
    assert (order["order_state"], order["price"], order["filled_amount"]) == (
        "open",
        price,
        available,
    )


def test_post_only_moves_a_crossing_price_one_tick_behind_the_opposite_best(alice):
    best_ask = book(alice)["asks"][0][0]
    result = buy(alice, amount=10, price=best_ask + 5, post_only=True)
    assert result["trades"] == []
    assert result["order"]["price"] == best_ask - 0.5
    assert result["order"]["post_only"] is True


def test_reject_post_only_refuses_a_crossing_post_only_order(alice):
    best_ask = book(alice)["asks"][0][0]
    error = alice.error(
        "private/buy",
        {
            "instrument_name": PERP,
            "amount": 10,
            "price": best_ask,
            "post_only": True,
            "reject_post_only": True,
        },
    )
    assert error == {"code": 11054, "message": "post_only_reject"}


def test_amount_may_be_given_as_contracts(alice):
    order = buy(alice, contracts=3, price=49_000.0)["order"]
    assert (order["amount"], order["contracts"]) == (30.0, 3.0)


@pytest.mark.parametrize(
    "params, code",
    [
        ({"price": 49_000.0}, -32602),
        ({"amount": 15, "price": 49_000.0}, 10027),
        ({"amount": 5, "price": 49_000.0}, 10002),
        ({"amount": 0, "price": 49_000.0}, 10021),
        ({"amount": -10, "price": 49_000.0}, 10021),
        ({"amount": 10}, -32602),
        ({"amount": 10, "price": 49_000.25}, 10043),
        ({"amount": 10, "price": -1.0}, 10023),
        ({"amount": 10, "contracts": 2, "price": 49_000.0}, -32602),
        ({"amount": 10, "price": 49_000.0, "label": "x" * 65}, -32602),
        ({"amount": 10, "price": 49_000.0, "type": "iceberg"}, -32602),
        ({"amount": 10, "price": 49_000.0, "time_in_force": "forever"}, -32602),
        ({"amount": 10, "price": 49_000.0, "post_only": "yes"}, -32602),
        ({"amount": 10, "price": 49_000.0, "instrument_name": "DOGE-PERPETUAL"}, 10020),
        ({"amount": 10, "type": "stop_market"}, -32602),
    ],
    ids=str,
)
def test_bad_order_parameters_get_the_documented_codes(alice, params, code):
    error = alice.error("private/buy", {"instrument_name": PERP} | params)
    assert error["code"] == code
    assert alice.result("private/get_open_orders_by_currency", {"currency": "BTC"}) == []


def test_a_buy_above_max_price_is_clamped_to_it_and_a_far_passive_buy_rests(alice):
    max_price = book(alice)["max_price"]
    clamped = buy(alice, amount=10, price=max_price + 1_000)["order"]
    assert clamped["price"] == max_price
    assert clamped["order_state"] == "filled"
    passive = buy(alice, amount=10, price=1_000.0)["order"]
    assert (passive["price"], passive["order_state"]) == (1_000.0, "open")


def test_a_sell_below_min_price_is_clamped_to_it(alice):
    min_price = book(alice)["min_price"]
    order = sell(alice, amount=10, price=1_000.0, time_in_force="immediate_or_cancel")["order"]
    assert order["price"] == min_price


def test_an_option_amount_off_the_minimum_grid_is_invalid(alice):
    error = alice.error(
        "private/buy", {"instrument_name": "BTC-26MAR27-60000-C", "amount": 0.15, "price": 0.03}
    )
    assert error["code"] == 10021


def test_a_label_of_64_characters_is_accepted(alice):
    assert buy(alice, amount=10, price=49_000.0, label="x" * 64)["order"]["label"] == "x" * 64


def test_valid_until_in_the_past_is_timed_out(sim, alice):
    past = int(sim.clock.now * 1000) - 1
    error = alice.error(
        "private/buy",
        {"instrument_name": PERP, "amount": 10, "price": 49_000.0, "valid_until": past},
    )
    assert error == {"code": 13888, "message": "timed_out"}


def test_an_order_beyond_the_available_funds_is_not_enough_funds(make_sim):
    sim = make_sim(balances={"BTC": 0.0001})
    conn = sim.connect()
    conn.login()
    error = conn.error("private/buy", {"instrument_name": PERP, "amount": 1000, "price": 49_000.0})
    assert error == {"code": 10009, "message": "not_enough_funds"}
    assert conn.result("private/buy", {"instrument_name": PERP, "amount": 100, "price": 49_000.0})


def test_trading_with_your_own_resting_order_is_an_order_overlap(alice):
    sell(alice, amount=10, price=50_000.0)
    error = alice.error("private/buy", {"instrument_name": PERP, "amount": 10, "price": 50_000.0})
    assert error == {"code": 10003, "message": "order_overlap"}


def test_a_reduce_only_order_is_clipped_to_the_position_and_refused_without_one(alice):
    assert (
        alice.error(
            "private/sell",
            {"instrument_name": PERP, "amount": 10, "type": "market", "reduce_only": True},
        )["code"]
        == 11030
    )
    buy(alice, amount=100, type="market")
    order = sell(alice, amount=500, type="market", reduce_only=True)["order"]
    assert (order["amount"], order["reduce_only"]) == (100.0, True)
    assert alice.result("private/get_position", {"instrument_name": PERP})["size"] == 0


def test_edit_changes_the_price_of_a_resting_order(alice):
    order = buy(alice, amount=100, price=49_000.0)["order"]
    result = alice.result(
        "private/edit", {"order_id": order["order_id"], "amount": 200, "price": 49_100.0}
    )
    edited = result["order"]
    assert (edited["order_id"], edited["price"], edited["amount"]) == (
        order["order_id"],
        49_100.0,
        200.0,
    )
    assert edited["replaced"] is True and edited["order_state"] == "open"
    assert [49_100.0, 200.0] in book(alice)["bids"]
    assert [49_000.0, 100.0] not in book(alice)["bids"]


def test_edit_to_a_crossing_price_trades(alice):
    (ask, available) = book(alice)["asks"][0]
    order = buy(alice, amount=10, price=49_000.0)["order"]
    assert available >= 10
    result = alice.result("private/edit", {"order_id": order["order_id"], "price": ask})
    assert result["order"]["order_state"] == "filled"
    assert [t["price"] for t in result["trades"]] == [ask]


def test_edit_of_an_unknown_or_closed_order_is_refused(alice):
    assert alice.error("private/edit", {"order_id": "123", "price": 49_000.0})["code"] == 10004
    order = buy(alice, amount=10, price=49_000.0)["order"]
    alice.result("private/cancel", {"order_id": order["order_id"]})
    error = alice.error("private/edit", {"order_id": order["order_id"], "price": 49_000.0})
    assert error == {"code": 11044, "message": "not_open_order"}


def test_cancel_returns_the_cancelled_order(alice):
    order = buy(alice, amount=10, price=49_000.0)["order"]
    cancelled = alice.result("private/cancel", {"order_id": order["order_id"]})
    assert cancelled["order_id"] == order["order_id"]
    assert (cancelled["order_state"], cancelled["cancel_reason"]) == ("cancelled", "user_request")
    assert alice.error("private/cancel", {"order_id": order["order_id"]})["code"] == 11044
    assert alice.error("private/cancel", {"order_id": "nope"})["code"] == 10004


def test_cancelling_another_accounts_order_is_refused(sim, alice):
    order = buy(alice, amount=10, price=49_000.0)["order"]
    bob = sim.connect()
    bob.login("bob")
    assert bob.error("private/cancel", {"order_id": order["order_id"]})["code"] == 10029
    assert (
        alice.result("private/get_order_state", {"order_id": order["order_id"]})["order_state"]
        == "open"
    )


def test_cancel_all_returns_the_number_cancelled(alice):
    for price in (49_000.0, 49_100.0, 49_200.0):
        buy(alice, amount=10, price=price)
    assert alice.result("private/cancel_all") == 3
    assert alice.result("private/cancel_all") == 0
    assert alice.result("private/get_open_orders_by_currency", {"currency": "BTC"}) == []


def test_cancel_all_detailed_reports_the_cancelled_orders_per_currency(alice):
    buy(alice, amount=10, price=49_000.0)
    alice.result("private/buy", {"instrument_name": "ETH-PERPETUAL", "amount": 1, "price": 2_900.0})
    reports = alice.result("private/cancel_all", {"detailed": True})
    assert {(r["currency"], r["type"]) for r in reports} == {("BTC", "limit"), ("ETH", "limit")}
    assert all(r["result"][0]["order_state"] == "cancelled" for r in reports)


def test_cancel_all_by_instrument_leaves_other_instruments_alone(alice):
    buy(alice, amount=10, price=49_000.0)
    alice.result("private/buy", {"instrument_name": "ETH-PERPETUAL", "amount": 1, "price": 2_900.0})
    assert (
        alice.result("private/cancel_all_by_instrument", {"instrument_name": "ETH-PERPETUAL"}) == 1
    )
    open_orders = alice.result("private/get_open_orders_by_currency", {"currency": "BTC"})
    assert [o["instrument_name"] for o in open_orders] == [PERP]
    error = alice.error("private/cancel_all_by_instrument", {"instrument_name": "NOPE"})
    assert error["code"] == 10020


def test_cancel_by_label_cancels_only_that_label(alice):
    buy(alice, amount=10, price=49_000.0, label="grid")
    buy(alice, amount=10, price=49_100.0, label="grid")
    buy(alice, amount=10, price=49_200.0, label="other")
    assert alice.result("private/cancel_by_label", {"label": "grid"}) == 2
    remaining = alice.result("private/get_open_orders_by_currency", {"currency": "BTC"})
    assert [o["label"] for o in remaining] == ["other"]


def test_orders_of_two_accounts_trade_with_each_other(sim, alice):
    bob = sim.connect()
    bob.login("bob")
    resting = sell(alice, amount=30, price=50_000.0)["order"]
    result = bob.result("private/buy", {"instrument_name": PERP, "amount": 30, "price": 50_000.0})
    (trade,) = result["trades"]
    assert (trade["price"], trade["liquidity"]) == (50_000.0, "T")
    maker = alice.result("private/get_order_state", {"order_id": resting["order_id"]})
    assert (maker["order_state"], maker["filled_amount"]) == ("filled", 30.0)
    assert alice.result("private/get_position", {"instrument_name": PERP})["size"] == -30.0
    assert bob.result("private/get_position", {"instrument_name": PERP})["size"] == 30.0
