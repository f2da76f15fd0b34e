"""Client and venue agree on subscriptions although answers carry no ids (loopback)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from protocol.errors import RequestTimeout
from venues.coinbase import CoinbasePublicClient
from venues.coinbase._reconcile import stray_keys
from venues.coinbase.codec import SubscriptionState
from venues.coinbase.simulator import CoinbaseSimulator

# Replies are held this long unless released: a subscribe waiting 0.2 s surely times out.
_HELD = 60.0


@pytest.fixture
def sim():
    with CoinbaseSimulator(updates_per_second=20.0, heartbeat_interval=0.05) as simulator:
        yield simulator


def test_a_late_answer_is_not_taken_for_the_next_subscribes_answer(sim, fast):
    with CoinbasePublicClient(url=sim.url, **fast) as client, ThreadPoolExecutor(1) as pool:
        sent = sim.subscribe_messages
        sim.delay_replies(_HELD)
        try:
            with pytest.raises(RequestTimeout):
                client.subscribe("ticker", ["BTC-USD"], timeout=0.2)
            later = pool.submit(client.subscribe, "level2", ["ETH-USD"], timeout=10.0)
            # Both messages are at the venue; its answers are still held back, in order.
            assert sim.wait_for_subscribe_messages(sent + 2, 10.0)
        finally:
            sim.delay_replies(0)
        assert later.result(10.0) == ["level2:ETH-USD"]
        assert client.subscriptions == {"heartbeats", "level2:ETH-USD"}
        # The late answer listed the ticker the client gave up: it is unsubscribed.
        assert sim.wait_for_subscribe_messages(sent + 3, 10.0)
        assert sim.subscriptions() == [{"heartbeats": [], "level2": ["ETH-USD"]}]


def test_a_timed_out_subscribe_the_venue_applied_later_is_unsubscribed(sim, fast):
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        sent = sim.subscribe_messages
        sim.delay_replies(_HELD)
        try:
            with pytest.raises(RequestTimeout):
                client.subscribe("ticker", ["BTC-USD"], timeout=0.2)
        finally:
            sim.delay_replies(0)
        # The venue applied it; its late answer shows a key the client gave up.
        assert sim.wait_for_subscribe_messages(sent + 2, 10.0)
        assert sim.subscriptions() == [{"heartbeats": []}]
        assert client.subscriptions == {"heartbeats"}


def test_a_key_subscribed_again_after_its_timeout_is_kept(sim, fast):
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        sim.delay_replies(_HELD)
        try:
            with pytest.raises(RequestTimeout):
                client.subscribe("ticker", ["BTC-USD"], timeout=0.2)
        finally:
            sim.delay_replies(0)
        assert client.subscribe("ticker", ["BTC-USD"]) == ["ticker:BTC-USD"]
        # A subscribe after that proves the venue took every message before it.
        assert client.subscribe("level2", ["ETH-USD"]) == ["level2:ETH-USD"]
        assert sim.subscriptions() == [
            {"heartbeats": [], "level2": ["ETH-USD"], "ticker": ["BTC-USD"]}
        ]


def test_stray_keys_are_those_no_desired_key_accounts_for():
    state = SubscriptionState(
        {"heartbeats": (), "ticker": ("BTC-USD", "ETH-USD"), "level2": ("SOL-USD",)}, 3
    )
    desired = {"heartbeats", "ticker:BTC-USDC", "level2:SOL-USD"}
    assert stray_keys(state, desired) == ["ticker:ETH-USD"]
