"""The public client against the simulator over real loopback sockets."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from actors import ConnectionState
from actors.signals import (
    message_dropped,
    message_rejected,
    subscription_stale,
    subscriptions_restored,
)
from protocol.errors import InvalidParameters, SubscriptionLimitExceeded
from venues.coinbase import CoinbaseError, CoinbasePublicClient
from venues.coinbase.channels import Level2Event
from venues.coinbase.simulator import CoinbaseSimulator


@pytest.fixture
def sim():
    with CoinbaseSimulator(
        updates_per_second=50.0, subscribe_window=2.0, heartbeat_interval=0.05
    ) as simulator:
        yield simulator


class Snapshots:
    """Counts level2 snapshots reaching a handler; wakes waiters."""

    def __init__(self) -> None:
        self.snapshots: list[int] = []
        self.updates = 0
        self.cond = threading.Condition()

    def __call__(self, key: str, message: Any) -> None:
        with self.cond:
            for event in message.events:
                assert isinstance(event, Level2Event) and key == f"level2:{event.product_id}"
                if event.is_snapshot:
                    self.snapshots.append(message.sequence_num)
                else:
                    self.updates += 1
            self.cond.notify_all()

    def wait(self, count: int, timeout: float = 10.0) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: len(self.snapshots) >= count, timeout)


def test_subscribe_is_confirmed_and_the_book_snapshot_reaches_the_handler(sim, fast):
    book = Snapshots()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        assert client.subscribe("level2", ["BTC-USD"], book) == ["level2:BTC-USD"]
        assert client.subscriptions == {"level2:BTC-USD", "heartbeats"}
        assert book.wait(1)
        assert client.rate_limit_stats().active_subscriptions == 2


def test_skipped_sequence_number_is_signalled_and_a_fresh_level2_snapshot_follows(sim, fast):
    book = Snapshots()
    stale: list[dict[str, Any]] = []
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        with subscription_stale.connected_to(lambda s, **kw: stale.append(kw), sender=client):
            client.subscribe("level2", ["BTC-USD"], book)
            assert book.wait(1)
            sim.skip_sequence(5)
            assert book.wait(2)
        assert client.sequence_gaps == 1
        assert stale == [{"channels": ["level2:BTC-USD"], "reason": "sequence gap"}]
        assert book.snapshots[1] > book.snapshots[0] + 5
        assert client.state is ConnectionState.CONNECTED


def test_duplicated_messages_are_dropped_and_signalled(sim, fast, recorder):
    dropped = recorder()
    book = Snapshots()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        with message_dropped.connected_to(dropped, sender=client):
            client.subscribe("level2", ["BTC-USD"], book)
            sim.duplicate_next(2)
            assert dropped.wait_for(lambda items: len(items) >= 2)
        assert {item["reason"] for item in dropped.items} == {"duplicate or out of order"}
        assert client.sequence_gaps == 0


def test_malformed_frames_are_counted_and_the_stream_goes_on(sim, fast, recorder):
    rejected = recorder()
    book = Snapshots()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        with message_rejected.connected_to(rejected, sender=client):
            client.subscribe("level2", ["BTC-USD"], book)
            sim.send_malformed()
            assert rejected.wait_for(lambda items: len(items) == 1)
        seen = book.updates
        with book.cond:
            assert book.cond.wait_for(lambda: book.updates > seen, 10.0)
        assert client.connection_stats().malformed == 1


def test_a_venue_error_reply_raises_and_the_client_stays_usable(sim, fast):
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        with pytest.raises(CoinbaseError, match="unknown product_id"):
            client.subscribe("ticker", ["NOPE-USD"])
        sim.fail_next_subscribe("failure to subscribe")
        sim.wait_for_connections(1, 5.0)
        book = Snapshots()
        with pytest.raises(CoinbaseError, match="failure to subscribe") as caught:
            _subscribe_after_tick(client, sim, book)
        assert caught.value.method == "subscribe"
        assert client.subscribe("level2", ["BTC-USD"], book) == ["level2:BTC-USD"]
        assert "level2:BTC-USD" in client.subscriptions


def _subscribe_after_tick(client: CoinbasePublicClient, sim: CoinbaseSimulator, book: Any) -> Any:
    # Fault commands apply at the next engine tick; a heartbeat proves one has run.
    beat = threading.Event()
    client.subscribe("heartbeats", handler=lambda key, msg: beat.set())
    assert beat.wait(10.0)
    return client.subscribe("level2", ["BTC-USD"], book)


def test_reconnect_restores_subscriptions_with_a_fresh_snapshot(sim, fast, recorder):
    book = Snapshots()
    restored = recorder()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        with subscriptions_restored.connected_to(restored, sender=client):
            client.subscribe("level2", ["BTC-USD"], book)
            assert book.wait(1)
            sim.drop_connections()
            assert restored.wait_for(lambda items: len(items) == 1)
            assert book.wait(2)
        assert restored.items[0]["channels"] == ["heartbeats", "level2:BTC-USD"]
        assert client.wait_ready(10.0)
        assert client.connection_stats().reconnects == 1


def test_a_client_with_nothing_to_subscribe_still_subscribes_heartbeats(sim, fast):
    with CoinbasePublicClient(url=sim.url, heartbeats=False, **fast) as client:
        assert sim.subscribe_messages == 1
        assert client.subscriptions == frozenset()
        assert client.state is ConnectionState.CONNECTED


def test_heartbeats_are_subscribed_on_connect_by_default(sim, fast):
    beats = threading.Event()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        assert "heartbeats" in client.subscriptions
        client.subscribe("heartbeats", handler=lambda key, msg: beats.set())
        assert beats.wait(10.0)


def test_quiet_channels_without_heartbeats_are_closed_by_the_venue_and_reconnected(fast):
    with CoinbaseSimulator(products=(), quiet_products=("BTC-USD",), idle_timeout=0.2) as sim:
        client = CoinbasePublicClient(url=sim.url, heartbeats=False, **fast)
        try:
            assert client.subscribe("level2", ["BTC-USD"]) == []  # recorded while disconnected
            client.connect()
            assert sim.wait_for_accepted(2, 10.0)
            assert client.wait_ready(10.0)
        finally:
            client.close()


def test_credentials_are_refused():
    with pytest.raises(TypeError, match="CoinbasePrivateClient"):
        CoinbasePublicClient(credentials=("key", "secret"))


@pytest.mark.parametrize(
    ("channel", "products", "field"),
    [("user", None, "channel"), ("level3", ["BTC-USD"], "channel"), ("level2", [], "product_ids")],
)
def test_bad_subscriptions_are_refused_before_sending(sim, fast, channel, products, field):
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        sent = sim.subscribe_messages
        with pytest.raises(InvalidParameters) as caught:
            client.subscribe(channel, products)
        assert caught.value.field == field
        assert sim.subscribe_messages == sent


def test_the_subscription_cap_refuses_before_sending(fast):
    products = tuple(f"P{i:03d}-USD" for i in range(100))
    with (
        CoinbaseSimulator(products=products, updates_per_second=1.0) as sim,
        CoinbasePublicClient(url=sim.url, **fast) as client,
    ):
        sent = sim.subscribe_messages
        with pytest.raises(SubscriptionLimitExceeded):
            client.subscribe("ticker", list(products))
        assert sim.subscribe_messages == sent
        assert client.rate_limit_stats().active_subscriptions == 1


def test_a_silent_stall_is_detected_and_the_stream_comes_back(sim, fast):
    book = Snapshots()
    with CoinbasePublicClient(url=sim.url, stale_after=0.3, **fast) as client:
        client.subscribe("level2", ["BTC-USD"], book)
        assert book.wait(1)
        sim.stall()
        try:
            assert sim.wait_for_accepted(2, 10.0)
        finally:
            sim.resume()
        assert book.wait(2)
        assert client.wait_ready(10.0)
