"""Subscribe and unsubscribe: results, silent failures, raw channels and private channels."""

from __future__ import annotations


def test_subscribe_returns_the_channels_subscribed_in_request_order(sim):
    channels = [
        "trades.BTC-PERPETUAL.100ms",
        "ticker.ETH-PERPETUAL.agg2",
        "deribit_price_index.btc_usd",
    ]
    assert sim.connect().result("public/subscribe", {"channels": channels}) == channels


def test_an_unknown_channel_is_left_out_of_the_result(sim):
    result = sim.connect().result(
        "public/subscribe",
        {
            "channels": [
                "trades.DOGE-PERPETUAL.100ms",
                "trades.BTC-PERPETUAL.1s",
                "book.BTC-PERPETUAL.100ms",
            ]
        },
    )
    assert result == ["book.BTC-PERPETUAL.100ms"]


def test_a_raw_channel_without_auth_refuses_the_whole_request(sim):
    conn = sim.connect()
    error = conn.error(
        "public/subscribe", {"channels": ["trades.BTC-PERPETUAL.100ms", "trades.BTC-PERPETUAL.raw"]}
    )
    assert error == {"code": 13778, "message": "raw_subscriptions_not_available_for_unauthorized"}
    assert sim.engine.world.connections[conn.conn_id].subscriptions == {}


def test_a_raw_channel_with_auth_is_subscribed(alice):
    assert alice.result("public/subscribe", {"channels": ["book.BTC-PERPETUAL.raw"]}) == [
        "book.BTC-PERPETUAL.raw"
    ]


def test_public_subscribe_leaves_private_channels_out(alice):
    result = alice.result("public/subscribe", {"channels": ["user.orders.any.any.raw"]})
    assert result == []


def test_private_subscribe_needs_auth(sim):
    error = sim.connect().error("private/subscribe", {"channels": ["user.orders.any.any.raw"]})
    assert error["code"] == 13009


def test_private_subscribe_accepts_user_and_public_channels(alice):
    channels = [
        "user.orders.BTC-PERPETUAL.raw",
        "user.trades.future.BTC.100ms",
        "user.changes.any.any.raw",
        "user.portfolio.btc",
        "trades.option.any.100ms",
    ]
    assert alice.result("private/subscribe", {"channels": channels}) == channels


def test_a_private_subscribe_label_longer_than_16_characters_is_invalid(alice):
    error = alice.error(
        "private/subscribe", {"channels": ["user.portfolio.btc"], "label": "x" * 17}
    )
    assert (error["code"], error["data"]["param"]) == (-32602, "label")


def test_unsubscribe_returns_only_the_channels_it_removed(sim):
    conn = sim.connect()
    conn.result("public/subscribe", {"channels": ["trades.BTC-PERPETUAL.100ms"]})
    removed = conn.result(
        "public/unsubscribe",
        {"channels": ["trades.BTC-PERPETUAL.100ms", "ticker.BTC-PERPETUAL.100ms"]},
    )
    assert removed == ["trades.BTC-PERPETUAL.100ms"]
    assert conn.result("public/unsubscribe", {"channels": ["trades.BTC-PERPETUAL.100ms"]}) == []


def test_unsubscribe_all_answers_ok_and_removes_everything(alice, sim):
    alice.result(
        "private/subscribe", {"channels": ["user.portfolio.btc", "trades.BTC-PERPETUAL.raw"]}
    )
    assert alice.result("private/unsubscribe_all") == "ok"
    assert sim.engine.world.connections[alice.conn_id].subscriptions == {}
    alice.result("public/subscribe", {"channels": ["trades.BTC-PERPETUAL.raw"]})
    assert alice.result("public/unsubscribe_all") == "ok"
    assert sim.engine.world.connections[alice.conn_id].subscriptions == {}


def test_channels_must_be_an_array_of_strings(sim):
    error = sim.connect().error("public/subscribe", {"channels": "trades.BTC-PERPETUAL.100ms"})
    assert (error["code"], error["data"]["param"]) == (-32602, "channels")
