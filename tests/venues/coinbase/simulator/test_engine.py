"""The simulated venue without sockets: answers, snapshots, sequence numbers, time rules,
JWT checks and faults."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from venues.coinbase.private.credentials import Credentials
from venues.coinbase.private.jwt import build_jwt
from venues.coinbase.simulator.engine import CoinbaseEngine, EngineConfig
from venues.simulator import Close, Send

WALL_NS = 1_700_000_000 * 1_000_000_000


def _engine(**config: Any) -> CoinbaseEngine:
    return CoinbaseEngine(EngineConfig(**config), wall_clock=lambda: WALL_NS)


def _request(kind: str, channel: str, products: list[str] | None = None, **extra: Any) -> str:
    body: dict[str, Any] = {"type": kind, "channel": channel, **extra}
    if products is not None:
        body["product_ids"] = products
    return json.dumps(body)


def _messages(actions: list[Any]) -> list[dict[str, Any]]:
    return [json.loads(a.frame) for a in actions if isinstance(a, Send)]


def test_subscribe_is_answered_with_the_state_then_a_level2_snapshot():
    engine = _engine()
    engine.on_connect(1, "/", 0.0)
    out = _messages(engine.on_frame(1, _request("subscribe", "level2", ["BTC-USD"]), 0.1))
    assert out[0]["channel"] == "subscriptions"
    assert out[0]["events"][0]["subscriptions"] == {"level2": ["BTC-USD"]}
    assert out[1]["channel"] == "l2_data" and out[1]["events"][0]["type"] == "snapshot"
    assert [m["sequence_num"] for m in out] == [0, 1]


def test_each_connection_counts_its_own_sequence_numbers():
    engine = _engine()
    for conn in (1, 2):
        engine.on_connect(conn, "/", 0.0)
    first = _messages(engine.on_frame(1, _request("subscribe", "ticker", ["BTC-USD"]), 0.1))
    second = _messages(engine.on_frame(2, _request("subscribe", "heartbeats"), 0.1))
    assert first[0]["sequence_num"] == 0 and second[0]["sequence_num"] == 0


def test_market_data_flows_on_ticks_to_subscribers_only():
    engine = _engine(updates_per_second=10.0)
    engine.on_connect(1, "/", 0.0)
    engine.on_connect(2, "/", 0.0)
    engine.on_frame(1, _request("subscribe", "market_trades", ["ETH-USD"]), 0.0)
    engine.tick(0.0)
    out = engine.tick(1.0)
    assert out and all(a.conn_id == 1 for a in out)
    trades = [m for m in _messages(out) if m["channel"] == "market_trades"]
    assert trades and trades[0]["events"][0]["trades"][0]["product_id"] == "ETH-USD"


def test_unsubscribe_without_products_drops_the_channel():
    engine = _engine()
    engine.on_connect(1, "/", 0.0)
    engine.on_frame(1, _request("subscribe", "ticker", ["BTC-USD", "ETH-USD"]), 0.0)
    out = _messages(engine.on_frame(1, _request("unsubscribe", "ticker"), 0.0))
    assert out[0]["events"][0]["subscriptions"] == {}


@pytest.mark.parametrize(
    ("path", "frame", "fragment"),
    [
        ("/", "{nope", "not JSON"),
        ("/", _request("subscribe", "weather", ["BTC-USD"]), "unknown channel"),
        ("/", _request("subscribe", "level2", ["NOPE-USD"]), "unknown product_id"),
        ("/", _request("subscribe", "user"), "needs a jwt"),
        ("/user", _request("subscribe", "level2", ["BTC-USD"]), "user endpoint"),
        ("/", _request("subscribe", "user", jwt="a.b.c"), "authentication failure"),
    ],
)
def test_refusals_are_error_messages(path, frame, fragment):
    engine = _engine()
    engine.on_connect(1, path, 0.0)
    (error,) = _messages(engine.on_frame(1, frame, 0.0))
    assert error["type"] == "error" and fragment in error["message"]


def test_a_connection_without_a_subscribe_is_closed_after_the_window():
    engine = _engine(subscribe_window=5.0)
    engine.on_connect(1, "/", 10.0)
    assert not [a for a in engine.tick(14.9) if isinstance(a, Close)]
    (closed,) = [a for a in engine.tick(15.0) if isinstance(a, Close)]
    assert closed.conn_id == 1


def test_quiet_subscriptions_without_heartbeats_are_closed_when_idle():
    engine = _engine(products=(), quiet_products=("BTC-USD",), idle_timeout=60.0)
    engine.on_connect(1, "/", 0.0)
    engine.on_connect(2, "/", 0.0)
    engine.on_frame(1, _request("subscribe", "level2", ["BTC-USD"]), 0.0)
    engine.on_frame(2, _request("subscribe", "level2", ["BTC-USD"]), 0.0)
    engine.on_frame(2, _request("subscribe", "heartbeats"), 0.0)
    closed = [a.conn_id for a in engine.tick(60.0) if isinstance(a, Close)]
    assert closed == [1]


def test_skip_and_duplicate_faults_apply_to_the_next_message():
    engine = _engine(updates_per_second=1.0)
    engine.on_connect(1, "/", 0.0)
    engine.on_frame(1, _request("subscribe", "level2", ["BTC-USD"]), 0.0)  # seq 0, 1
    engine.tick(0.0)
    engine.skip_sequence(3)
    engine.duplicate_next(1)
    out = _messages(engine.tick(1.0))
    assert [m["sequence_num"] for m in out][:2] == [5, 5]


def test_a_reordered_message_goes_out_after_the_one_that_follows_it():
    engine = _engine(updates_per_second=1.0)
    engine.on_connect(1, "/", 0.0)
    engine.on_frame(1, _request("subscribe", "level2", ["BTC-USD"]), 0.0)  # seq 0, 1
    engine.tick(0.0)
    engine.reorder_next()
    engine.tick(0.5)  # applies the fault; no data yet
    held = _messages(engine.on_frame(1, _request("subscribe", "heartbeats"), 0.6))
    out = _messages(engine.tick(1.0))
    assert held == []  # the state answer (seq 2) is held back...
    assert [m["sequence_num"] for m in out][:2] == [3, 2]  # ...until seq 3 has gone


def test_an_ignored_subscribe_is_answered_with_the_unchanged_state():
    engine = _engine()
    engine.on_connect(1, "/", 0.0)
    engine.ignore_next_subscribe()
    engine.tick(0.0)
    (state,) = _messages(engine.on_frame(1, _request("subscribe", "level2", ["BTC-USD"]), 0.0))
    assert state["events"][0]["subscriptions"] == {}
    out = _messages(engine.on_frame(1, _request("subscribe", "level2", ["BTC-USD"]), 0.0))
    assert out[0]["events"][0]["subscriptions"] == {"level2": ["BTC-USD"]}


def test_a_clock_moved_ahead_finds_fresh_jwts_expired(to_pem):
    key = ed25519.Ed25519PrivateKey.generate()
    name = "organizations/o/apiKeys/k"
    engine = _engine(accounts={name: key})
    engine.on_connect(1, "/user", 0.0)
    engine.advance_clock(121.0)
    fresh = build_jwt(Credentials(name, to_pem(key)), now=WALL_NS // 1_000_000_000)
    (error,) = _messages(engine.on_frame(1, _request("subscribe", "user", jwt=fresh), 0.0))
    assert "expired" in error["message"]


def test_book_depth_is_configurable():
    engine = _engine(book_levels=500)
    engine.on_connect(1, "/", 0.0)
    out = _messages(engine.on_frame(1, _request("subscribe", "level2", ["BTC-USD"]), 0.0))
    assert len(out[1]["events"][0]["updates"]) == 1000


def test_user_channel_verifies_the_jwt_then_sends_the_open_orders(to_pem):
    key = ed25519.Ed25519PrivateKey.generate()
    name = "organizations/o/apiKeys/k"
    engine = _engine(accounts={name: key.public_key()})
    engine.on_connect(1, "/user", 0.0)
    engine.place_order(name, "BTC-USD", "BUY", "0.001", "68900")
    engine.tick(0.0)
    token = build_jwt(Credentials(name, to_pem(key)), now=WALL_NS // 1_000_000_000)
    out = _messages(engine.on_frame(1, _request("subscribe", "user", jwt=token), 0.0))
    assert out[0]["events"][0]["subscriptions"] == {"user": []}
    snapshot = out[1]["events"][0]
    assert snapshot["type"] == "snapshot"
    assert [o["limit_price"] for o in snapshot["orders"]] == ["68900"]


def test_an_expired_jwt_is_refused(to_pem):
    key = ed25519.Ed25519PrivateKey.generate()
    name = "organizations/o/apiKeys/k"
    engine = _engine(accounts={name: key})
    engine.on_connect(1, "/user", 0.0)
    stale = build_jwt(Credentials(name, to_pem(key)), now=WALL_NS // 1_000_000_000 - 121)
    (error,) = _messages(engine.on_frame(1, _request("subscribe", "user", jwt=stale), 0.0))
    assert "expired" in error["message"]


def test_a_forced_subscribe_failure_answers_with_an_error_once():
    engine = _engine()
    engine.on_connect(1, "/", 0.0)
    engine.fail_next_subscribe("failure to subscribe")
    engine.tick(0.0)
    (error,) = _messages(engine.on_frame(1, _request("subscribe", "heartbeats"), 0.0))
    assert error == {"type": "error", "message": "failure to subscribe"}
    assert (
        _messages(engine.on_frame(1, _request("subscribe", "heartbeats"), 0.0))[0]["channel"]
        == "subscriptions"
    )


def test_a_usdc_subscription_is_served_the_usd_data_named_usd():
    engine = _engine(updates_per_second=1.0)
    engine.on_connect(1, "/", 0.0)
    out = _messages(engine.on_frame(1, _request("subscribe", "level2", ["BTC-USDC"]), 0.0))
    assert out[0]["events"][0]["subscriptions"] == {"level2": ["BTC-USDC"]}
    assert out[1]["events"][0]["product_id"] == "BTC-USD"
    engine.tick(0.0)
    updates = _messages(engine.tick(1.0))
    assert [m["events"][0]["product_id"] for m in updates] == ["BTC-USD"]


@pytest.mark.parametrize(("channel", "product"), [("level2", "USDT-USDC"), ("level2", "SOL-USDC")])
def test_usdc_products_without_a_usd_twin_served_are_refused(channel, product):
    engine = _engine(products=("BTC-USD", "USDT-USD"))
    engine.on_connect(1, "/", 0.0)
    (error,) = _messages(engine.on_frame(1, _request("subscribe", channel, [product]), 0.0))
    assert "unknown product_id" in error["message"]


def test_batched_rounds_carry_every_product_in_one_message_per_channel():
    engine = _engine(batch_products=True, updates_per_second=1.0)
    engine.on_connect(1, "/", 0.0)
    engine.on_frame(1, _request("subscribe", "ticker", ["BTC-USD", "ETH-USD"]), 0.0)
    engine.tick(0.0)
    (message,) = _messages(engine.tick(1.0))
    products = [e["tickers"][0]["product_id"] for e in message["events"]]
    assert message["channel"] == "ticker" and products == ["BTC-USD", "ETH-USD"]


def test_skipped_heartbeats_show_as_a_jump_of_the_counter():
    engine = _engine(heartbeat_interval=1.0)
    engine.on_connect(1, "/", 0.0)
    engine.on_frame(1, _request("subscribe", "heartbeats"), 0.0)
    engine.tick(0.0)
    counters = [_messages(engine.tick(1.0))[0]["events"][0]["heartbeat_counter"]]
    engine.skip_heartbeats(3)
    counters.append(_messages(engine.tick(2.0))[0]["events"][0]["heartbeat_counter"])
    assert counters == ["1", "5"]


def test_subscriptions_are_reported_per_connection_at_the_next_tick():
    engine = _engine()
    engine.on_connect(2, "/", 0.0)
    engine.on_connect(1, "/", 0.0)
    engine.on_frame(1, _request("subscribe", "ticker", ["ETH-USD", "BTC-USD"]), 0.0)
    reports: list[Any] = []
    engine.report_subscriptions(reports.append)
    assert reports == []
    engine.tick(0.0)
    assert reports == [[{"ticker": ["BTC-USD", "ETH-USD"]}, {}]]
