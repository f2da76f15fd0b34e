"""The private client against the simulator over real loopback sockets: JWT on every
message, user snapshot then updates, restores with fresh JWTs."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from actors import ConnectionState
from actors.signals import message_received, subscriptions_restored
from protocol.errors import AuthenticationError, InvalidParameters
from venues.coinbase import CoinbaseError, CoinbasePrivateClient, CoinbasePublicClient, Credentials
from venues.coinbase.channels import FuturesBalanceSummaryEvent, UserEvent
from venues.coinbase.private.jwt import read_unverified
from venues.coinbase.simulator import CoinbaseSimulator
from venues.coinbase.timestamps import Timestamp


@pytest.fixture
def account(signing_key, key_name, to_pem):
    return key_name, signing_key, Credentials(key_name, to_pem(signing_key))


@pytest.fixture
def sim(account):
    key_name, key, _ = account
    with CoinbaseSimulator(
        accounts={key_name: key.public_key()},
        user_updates_per_second=0.001,
        heartbeat_interval=0.05,
    ) as s:
        yield s


class Orders:
    def __init__(self) -> None:
        self.events: list[Any] = []
        self.cond = threading.Condition()

    def __call__(self, key: str, message: Any) -> None:
        with self.cond:
            self.events.extend(message.events)
            self.cond.notify_all()

    def wait(self, predicate: Any, timeout: float = 10.0) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: predicate(self.events), timeout)


def test_user_snapshot_then_updates_reach_the_handler(sim, account, fast):
    key_name, _, creds = account
    orders = Orders()
    with CoinbasePrivateClient(creds, url=sim.user_url, **fast) as client:
        assert client.state is ConnectionState.AUTHENTICATED
        assert client.subscribe("user", handler=orders) == ["user"]
        assert orders.wait(lambda events: len(events) >= 1)
        sim.place_order(key_name, "BTC-USD", "SELL", "0.25", "70000")
        assert orders.wait(lambda events: any(e.type == "update" for e in events))
    assert orders.events[0].is_snapshot
    update = next(e for e in orders.events if e.type == "update")
    assert (update.orders[0].order_side, str(update.orders[0].leaves_quantity)) == ("SELL", "0.25")


def test_every_message_carries_its_own_jwt_and_restores_carry_fresh_ones(sim, account, fast):
    key_name, _, creds = account
    restored = threading.Event()
    with CoinbasePrivateClient(creds, url=sim.user_url, **fast) as client:
        client.subscribe("user", handler=Orders())
        before = sim.jwts_seen
        with subscriptions_restored.connected_to(lambda s, **kw: restored.set(), sender=client):
            sim.drop_connections()
            assert restored.wait(10.0)
        after = sim.jwts_seen[len(before) :]
    assert len(before) == 2 and len(after) == 2  # heartbeats + user, each time
    nonces = {read_unverified(token)[0]["nonce"] for token in before + after}
    assert len(nonces) == 4
    assert all(read_unverified(token)[1]["sub"] == key_name for token in after)


def test_unsubscribe_and_subscribe_again_each_carry_a_fresh_jwt(sim, account, fast):
    _, _, creds = account
    with CoinbasePrivateClient(creds, url=sim.user_url, **fast) as client:
        client.subscribe("user")
        client.unsubscribe("user")
        client.subscribe("user")
        assert client.subscriptions == {"heartbeats", "user"}
    tokens = sim.jwts_seen
    assert len(tokens) == 4  # heartbeats, user, unsubscribe user, user
    assert len(set(tokens)) == 4
    assert len({read_unverified(token)[0]["nonce"] for token in tokens}) == 4


def test_a_jwt_the_venue_finds_expired_is_refused_and_the_session_goes_on(sim, account, fast):
    _, _, creds = account
    with CoinbasePrivateClient(creds, url=sim.user_url, **fast) as client:
        sim.advance_clock(121.0)  # every JWT the client signs is now 121 s old
        with pytest.raises(AuthenticationError, match="token expired") as caught:
            client.subscribe("user")
        assert isinstance(caught.value, CoinbaseError)
        assert "user" not in client.subscriptions
        sim.advance_clock(-121.0)
        assert client.subscribe("user") == ["user"]
        assert client.state is ConnectionState.AUTHENTICATED


def test_user_and_balance_data_reach_the_signal_typed(sim, account, fast):
    key_name, _, creds = account
    received = Orders()
    with (
        CoinbasePrivateClient(creds, url=sim.user_url, **fast) as client,
        message_received.connected_to(
            lambda sender, channel, data: received(channel, data), sender=client
        ),
    ):
        client.subscribe("user")
        client.subscribe("futures_balance_summary")
        sim.place_order(key_name, "BTC-USD", "BUY", "0.5", "68000.25")
        assert received.wait(lambda events: any(_is_update(e) for e in events))
        assert received.wait(lambda events: any(_is_balance(e) for e in events))
    update = next(e for e in received.events if _is_update(e))
    order = update.orders[0]
    assert (order.limit_price, order.leaves_quantity) == (Decimal("68000.25"), Decimal("0.5"))
    created = order.creation_time
    assert isinstance(created, Timestamp)
    # "2023-02-09T20:33:57.609931463Z": all nine fractional digits are kept.
    assert created.ns % 1_000_000_000 == int(created.text[20:29])
    balance = next(e for e in received.events if _is_balance(e)).fcm_balance_summary
    assert isinstance(balance.total_usd_balance, Decimal)


def _is_update(event: Any) -> bool:
    return isinstance(event, UserEvent) and event.type == "update" and bool(event.orders)


def _is_balance(event: Any) -> bool:
    return isinstance(event, FuturesBalanceSummaryEvent)


def test_a_sequence_gap_brings_a_fresh_user_snapshot_with_a_fresh_jwt(sim, account, fast):
    _, _, creds = account
    orders = Orders()
    with CoinbasePrivateClient(creds, url=sim.user_url, **fast) as client:
        client.subscribe("user", handler=orders)
        assert orders.wait(lambda events: len(events) == 1)
        seen = len(sim.jwts_seen)
        sim.skip_sequence(4)
        assert orders.wait(lambda events: sum(e.is_snapshot for e in events) == 2)
        assert client.sequence_gaps == 1
    assert len(sim.jwts_seen) == seen + 2  # unsubscribe + subscribe, each signed afresh


def test_futures_balance_summary_arrives_as_typed_decimals(sim, account, fast):
    _, _, creds = account
    received = Orders()
    with CoinbasePrivateClient(creds, url=sim.user_url, **fast) as client:
        client.subscribe("futures_balance_summary", handler=received)
        assert received.wait(lambda events: len(events) >= 1)
    summary = received.events[0].fcm_balance_summary
    assert summary.futures_buying_power is not None and summary.futures_buying_power > 0


def test_a_key_the_venue_does_not_know_is_refused_by_the_venue(sim, to_pem, fast):
    stranger = Credentials(
        "organizations/o/apiKeys/stranger", to_pem(ed25519.Ed25519PrivateKey.generate())
    )
    # The first subscribe (heartbeats, on connect) carries a JWT the venue refuses.
    client = CoinbasePrivateClient(stranger, url=sim.user_url, **fast)
    try:
        with pytest.raises(AuthenticationError, match="unknown key") as caught:
            client.connect()
    finally:
        client.close()
    assert isinstance(caught.value, CoinbaseError)


def test_market_channels_are_refused_on_the_private_client(sim, account, fast):
    _, _, creds = account
    with CoinbasePrivateClient(creds, url=sim.user_url, **fast) as client:
        with pytest.raises(InvalidParameters) as caught:
            client.subscribe("level2", ["BTC-USD"])
        assert caught.value.field == "channel"


@pytest.mark.parametrize("url", ["ws://example.com", "http://127.0.0.1:1"])
def test_plain_ws_is_refused_except_to_loopback(account, url):
    _, _, creds = account
    with pytest.raises(InvalidParameters) as caught:
        CoinbasePrivateClient(creds, url=url)
    assert caught.value.field == "url"


def test_credentials_must_be_credentials():
    with pytest.raises(InvalidParameters) as caught:
        CoinbasePrivateClient(("name", "key"))  # type: ignore[arg-type]
    assert caught.value.field == "credentials"


def test_the_user_endpoint_is_served_in_process_on_memory(sim, account, fast):
    key_name, _, creds = account
    orders = Orders()
    assert sim.user_memory_url.startswith("memory://") and sim.user_memory_url.endswith("/user")
    with CoinbasePrivateClient(creds, url=sim.user_memory_url, **fast) as client:
        assert client.subscribe("user", handler=orders) == ["user"]
        assert orders.wait(lambda events: len(events) >= 1)
        sim.place_order(key_name, "ETH-USD", "BUY", "2", "3500")
        assert orders.wait(lambda events: any(e.type == "update" for e in events))
    assert orders.events[0].is_snapshot


def test_the_memory_user_endpoint_refuses_market_channels_like_the_tcp_one(sim, fast):
    with CoinbasePublicClient(url=sim.user_memory_url, **fast) as client:
        with pytest.raises(CoinbaseError, match="not served on the user endpoint"):
            client.subscribe("ticker", ["BTC-USD"])
        assert client.subscriptions == {"heartbeats"}  # served on both endpoints
