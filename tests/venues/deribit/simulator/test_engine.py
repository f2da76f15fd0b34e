"""The engine as a whole: user notifications, cancel-on-disconnect, market-driven fills,
trigger orders and forced failures."""

from __future__ import annotations

import pytest

PERP = "BTC-PERPETUAL"
ORDERS_RAW = "user.orders.BTC-PERPETUAL.raw"


def rest_bid(conn, price=49_000.0, amount=10, **extra):
    params = {"instrument_name": PERP, "amount": amount, "price": price} | extra
    return conn.result("private/buy", params)["order"]


def test_user_orders_raw_sends_one_order_object_per_change(alice):
    alice.result("private/subscribe", {"channels": [ORDERS_RAW]})
    order = rest_bid(alice)
    alice.result("private/cancel", {"order_id": order["order_id"]})
    updates = alice.notifications(ORDERS_RAW)
    assert [(u["order_id"], u["order_state"]) for u in updates] == [
        (order["order_id"], "open"),
        (order["order_id"], "cancelled"),
    ]


def test_aggregated_user_channels_send_arrays(alice):
    alice.result(
        "private/subscribe",
        {"channels": ["user.orders.any.any.100ms", "user.trades.future.BTC.100ms"]},
    )
    alice.result("private/buy", {"instrument_name": PERP, "amount": 10, "type": "market"})
    (orders,) = alice.notifications("user.orders.any.any.100ms")
    (trades,) = alice.notifications("user.trades.future.BTC.100ms")
    assert isinstance(orders, list) and orders[0]["order_state"] == "filled"
    assert isinstance(trades, list) and trades[0]["liquidity"] == "T"


def test_user_changes_bundle_orders_trades_and_positions(alice):
    alice.result("private/subscribe", {"channels": ["user.changes.BTC-PERPETUAL.raw"]})
    alice.result("private/buy", {"instrument_name": PERP, "amount": 10, "type": "market"})
    (change,) = alice.notifications("user.changes.BTC-PERPETUAL.raw")
    assert set(change) == {"instrument_name", "orders", "trades", "positions"}
    assert change["positions"][0]["size"] == 10.0


def test_user_portfolio_follows_changes_in_its_currency(alice):
    alice.result("private/subscribe", {"channels": ["user.portfolio.btc", "user.portfolio.eth"]})
    alice.result("private/buy", {"instrument_name": PERP, "amount": 10, "type": "market"})
    (portfolio,) = alice.notifications("user.portfolio.btc")
    assert portfolio["currency"] == "BTC" and portfolio["balance"] < 10.0
    assert alice.notifications("user.portfolio.eth") == []


def test_private_notifications_carry_the_subscribe_label(alice):
    alice.result("private/subscribe", {"channels": [ORDERS_RAW], "label": "mine"})
    rest_bid(alice)
    notification = [m for m in alice.inbox if m.get("method") == "subscription"][-1]
    assert notification["params"]["label"] == "mine"


def test_another_connection_of_the_same_account_sees_the_order(sim, alice):
    watcher = sim.connect()
    watcher.login("alice")
    watcher.result("private/subscribe", {"channels": [ORDERS_RAW]})
    order = rest_bid(alice)
    assert watcher.notifications(ORDERS_RAW)[0]["order_id"] == order["order_id"]


def test_a_maker_is_told_about_its_fill(sim, alice):
    alice.result("private/subscribe", {"channels": ["user.trades.any.any.raw"]})
    alice.result("private/sell", {"instrument_name": PERP, "amount": 20, "price": 50_000.0})
    bob = sim.connect()
    bob.login("bob")
    bob.result("private/buy", {"instrument_name": PERP, "amount": 20, "price": 50_000.0})
    ((trade,),) = alice.notifications("user.trades.any.any.raw")
    assert (trade["liquidity"], trade["direction"], trade["amount"]) == ("M", "sell", 20.0)


def test_cancel_on_disconnect_cancels_the_connections_orders_when_it_drops(sim, alice):
    watcher = sim.connect()
    watcher.login("alice")
    watcher.result("private/subscribe", {"channels": [ORDERS_RAW]})
    assert alice.result("private/enable_cancel_on_disconnect") == "ok"
    assert alice.result("private/get_cancel_on_disconnect") == {
        "scope": "connection",
        "enabled": True,
    }
    order = rest_bid(alice)
    sim.disconnect(alice)
    cancelled = watcher.notifications(ORDERS_RAW)[-1]
    assert (cancelled["order_id"], cancelled["order_state"]) == (order["order_id"], "cancelled")
    assert cancelled["cancel_reason"] == "cancel_on_disconnect"
    assert sim.engine.snapshot_orders("alice") == []


def test_cancel_on_disconnect_spares_orders_of_other_connections(sim, alice):
    other = sim.connect()
    other.login("alice")
    kept = rest_bid(other)
    alice.result("private/enable_cancel_on_disconnect")
    rest_bid(alice, price=48_000.0)
    sim.disconnect(alice)
    assert [o["order_id"] for o in sim.engine.snapshot_orders("alice")] == [kept["order_id"]]


def test_without_cancel_on_disconnect_orders_survive_a_drop(sim, alice):
    rest_bid(alice)
    sim.disconnect(alice)
    assert len(sim.engine.snapshot_orders("alice")) == 1


def test_disable_cancel_on_disconnect_turns_it_off(sim, alice):
    alice.result("private/enable_cancel_on_disconnect")
    assert alice.result("private/disable_cancel_on_disconnect") == "ok"
    rest_bid(alice)
    sim.disconnect(alice)
    assert len(sim.engine.snapshot_orders("alice")) == 1


def test_logout_does_not_trigger_cancel_on_disconnect(sim, alice):
    alice.result("private/enable_cancel_on_disconnect")
    rest_bid(alice)
    alice.send('{"jsonrpc":"2.0","id":1,"method":"private/logout","params":{}}')
    sim.disconnect(alice)
    assert len(sim.engine.snapshot_orders("alice")) == 1


def test_a_missed_heartbeat_closes_and_cancel_on_disconnect_runs(sim, alice):
    alice.result("private/enable_cancel_on_disconnect")
    alice.result("public/set_heartbeat", {"interval": 10})
    rest_bid(alice)
    sim.tick(10.0)
    sim.tick(10.0)
    assert alice.closed is not None
    sim.disconnect(alice)
    assert sim.engine.snapshot_orders("alice") == []


def test_account_scope_cancel_on_disconnect_applies_to_new_connections(sim, alice):
    alice.result("private/enable_cancel_on_disconnect", {"scope": "account"})
    assert alice.result("private/get_cancel_on_disconnect", {"scope": "account"})["enabled"] is True
    later = sim.connect()
    later.login("alice")
    assert later.result("private/get_cancel_on_disconnect") == {
        "scope": "connection",
        "enabled": True,
    }


def test_a_resting_order_fills_when_the_market_moves_through_it(sim, alice):
    alice.result("private/subscribe", {"channels": [ORDERS_RAW, "user.trades.any.any.raw"]})
    order = rest_bid(alice, price=49_990.0)
    sim.engine.set_index_price("btc_usd", 49_900.0, sim.clock.now)
    sim.tick()
    filled = alice.notifications(ORDERS_RAW)[-1]
    assert (filled["order_id"], filled["order_state"], filled["average_price"]) == (
        order["order_id"],
        "filled",
        49_990.0,
    )
    ((trade,),) = alice.notifications("user.trades.any.any.raw")
    assert trade["liquidity"] == "M"
    assert alice.result("private/get_position", {"instrument_name": PERP})["size"] == 10.0


def test_a_stop_market_order_fires_when_the_mark_reaches_its_trigger(sim, alice):
    alice.result("private/subscribe", {"channels": [ORDERS_RAW]})
    stop = alice.result(
        "private/sell",
        {
            "instrument_name": PERP,
            "amount": 10,
            "type": "stop_market",
            "trigger": "mark_price",
            "trigger_price": 49_500.0,
        },
    )["order"]
    assert (stop["order_state"], stop["triggered"], stop["price"]) == (
        "untriggered",
        False,
        "market_price",
    )
    sim.engine.set_index_price("btc_usd", 49_600.0, sim.clock.now)
    assert sim.engine.snapshot_orders("alice")[0]["order_state"] == "untriggered"
    sim.engine.set_index_price("btc_usd", 49_400.0, sim.clock.now)
    sim.tick()
    fired = alice.notifications(ORDERS_RAW)[-1]
    assert (fired["order_id"], fired["order_state"], fired["triggered"]) == (
        stop["order_id"],
        "filled",
        True,
    )


def test_a_take_limit_order_rests_at_its_price_once_triggered(sim, alice):
    take = alice.result(
        "private/sell",
        {
            "instrument_name": PERP, "amount": 10, "type": "take_limit", "price": 50_600.0,
            "trigger": "index_price", "trigger_price": 50_500.0,
        },
    )["order"]  # fmt: skip
    sim.engine.set_index_price("btc_usd", 50_500.0, sim.clock.now)
    state = alice.result("private/get_order_state", {"order_id": take["order_id"]})
    assert (state["order_state"], state["triggered"], state["price"]) == ("open", True, 50_600.0)


def test_a_trailing_stop_follows_the_market_before_firing(sim, alice):
    trailing = alice.result(
        "private/sell",
        {
            "instrument_name": PERP,
            "amount": 10,
            "type": "trailing_stop",
            "trigger": "mark_price",
            "trigger_offset": 100.0,
        },
    )["order"]
    assert trailing["trigger_price"] == 49_900.0
    sim.engine.set_index_price("btc_usd", 50_300.0, sim.clock.now)
    sim.engine.set_index_price("btc_usd", 50_250.0, sim.clock.now)
    state = alice.result("private/get_order_state", {"order_id": trailing["order_id"]})
    assert (state["order_state"], state["trigger_price"]) == ("untriggered", 50_200.0)
    sim.engine.set_index_price("btc_usd", 50_150.0, sim.clock.now)
    state = alice.result("private/get_order_state", {"order_id": trailing["order_id"]})
    assert state["order_state"] == "filled"


def test_fail_method_answers_the_next_calls_with_the_given_code(sim):
    conn = sim.connect()
    sim.engine.failures.fail("public/get_time", 10040, times=2)
    assert conn.error("public/get_time") == {"code": 10040, "message": "retry"}
    assert conn.error("public/get_time")["code"] == 10040
    assert isinstance(conn.result("public/get_time"), int)


def test_fail_method_can_use_a_custom_message_until_cleared(sim):
    conn = sim.connect()
    sim.engine.failures.fail("public/test", 13028, "backend busy", times=None)
    for _ in range(3):
        assert conn.error("public/test") == {"code": 13028, "message": "backend busy"}
    sim.engine.failures.clear()
    assert conn.result("public/test")


def test_frames_from_a_connection_the_engine_does_not_know_are_ignored(sim):
    assert sim.engine.on_frame(42, '{"id":1,"method":"public/test"}', sim.clock.now) == []


@pytest.mark.parametrize("frame", [b"\xff\xfe", "", "null", "{}", "[" * 30_000, "\ud800"])
def test_hostile_frames_get_an_error_and_never_break_the_engine(sim, frame):
    conn = sim.connect()
    conn.send(frame)
    assert conn.inbox[-1]["error"]["code"] in (-32700, -32600)
    assert conn.result("public/test")
