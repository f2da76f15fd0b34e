"""The public client against the simulator over real loopback sockets."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest
from freezegun import freeze_time

from actors import ConnectionState
from actors.signals import (
    message_dropped,
    message_received,
    message_rejected,
    rate_limited,
    subscription_stale,
    subscriptions_restored,
    venue_error,
)
from protocol.errors import (
    InvalidParameters,
    MessageRateExceeded,
    RequestTimeout,
    SubscriptionLimitExceeded,
)
from venues.coinbase import (
    CoinbaseError,
    CoinbasePublicClient,
    LocalOrderBook,
    SubscriptionRejected,
)
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


class Timeline:
    """One ordered record of what two threads saw: handler calls and signals."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, Any]] = []
        self.cond = threading.Condition()

    def add(self, what: str, detail: Any) -> None:
        with self.cond:
            self.entries.append((what, detail))
            self.cond.notify_all()

    def book(self, key: str, message: Any) -> None:
        for event in message.events:
            assert isinstance(event, Level2Event) and key == "level2:BTC-USD"
            self.add("snapshot" if event.is_snapshot else "update", message.sequence_num)

    def received(self, sender: Any, channel: str, data: Any) -> None:
        self.add("received", data.sequence_num)

    def stale(self, sender: Any, **kw: Any) -> None:
        self.add("stale", kw)

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: predicate(self.entries), timeout)


def _snapshot_after_stale(entries: list[tuple[str, Any]]) -> bool:
    whats = [what for what, _ in entries]
    return "stale" in whats and "snapshot" in whats[whats.index("stale") :]


def test_skipped_sequence_number_is_signalled_and_a_fresh_level2_snapshot_follows(sim, fast):
    seen = Timeline()
    with (
        CoinbasePublicClient(url=sim.url, **fast) as client,
        subscription_stale.connected_to(seen.stale, sender=client),
        message_received.connected_to(seen.received, sender=client),
    ):
        client.subscribe("level2", ["BTC-USD"], seen.book)
        assert seen.wait_for(lambda entries: any(what == "update" for what, _ in entries))
        sent = sim.subscribe_messages
        sim.skip_sequence(5)
        assert seen.wait_for(_snapshot_after_stale)
        assert client.sequence_gaps == 1
        assert client.connection_stats().reconnects == 0  # recovered on the same socket
        assert sim.subscribe_messages == sent + 2  # the unsubscribe and subscribe again
        assert sim.subscriptions() == [{"heartbeats": [], "level2": ["BTC-USD"]}]
        assert client.stale_channels == frozenset()
    entries = list(seen.entries)
    stale_at = next(i for i, (what, _) in enumerate(entries) if what == "stale")
    assert entries[stale_at][1] == {"channels": ["level2:BTC-USD"], "reason": "sequence gap"}
    assert [what for what, _ in entries].count("stale") == 1
    # The last number delivered before the sequence jumped by more than the 5 skipped.
    delivered = [seq for what, seq in entries if what == "received"]
    before = next(a for a, b in itertools.pairwise(delivered) if b - a > 5)
    first = next(seq for what, seq in entries if what == "snapshot")
    fresh = next(seq for what, seq in entries[stale_at:] if what == "snapshot")
    assert first < before and fresh > before + 5
    # Between the gap and the fresh snapshot no book update reached the handler.
    assert not [seq for what, seq in entries if what == "update" and before < seq < fresh]


def test_duplicated_messages_are_dropped_counted_and_signalled(sim, fast, recorder):
    dropped = recorder()
    seen = Timeline()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        with (
            message_dropped.connected_to(dropped, sender=client),
            message_received.connected_to(seen.received, sender=client),
        ):
            client.subscribe("level2", ["BTC-USD"], Snapshots())
            sim.duplicate_next(2)
            assert dropped.wait_for(lambda items: len(items) >= 2)
        assert {item["reason"] for item in dropped.items} == {"duplicate or out of order"}
        assert client.dropped_out_of_order == 2
        assert client.sequence_gaps == 0
    delivered = [seq for _, seq in seen.entries]
    assert delivered == sorted(set(delivered))  # no number reached anyone twice


OUT_OF_ORDER = "duplicate or out of order"


def _reasons(items: list[dict[str, Any]]) -> list[str]:
    return [item["reason"] for item in items]


def test_an_out_of_order_message_is_dropped_counted_and_never_delivered(sim, fast, recorder):
    dropped = recorder()
    seen = Timeline()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        with (
            message_dropped.connected_to(dropped, sender=client),
            message_received.connected_to(seen.received, sender=client),
        ):
            client.subscribe("level2", ["BTC-USD"], Snapshots())
            sim.reorder_next()
            assert dropped.wait_for(lambda items: OUT_OF_ORDER in _reasons(items))
        # The book updates after the gap wait for the fresh snapshot ("awaiting snapshot").
        assert _reasons(dropped.items).count(OUT_OF_ORDER) == 1
        assert client.dropped_out_of_order == 1
        # The message that overtook it looked like a gap of one: recovered as one.
        assert client.sequence_gaps == 1
    delivered = [seq for _, seq in seen.entries]
    assert delivered == sorted(set(delivered))


def test_the_message_rate_is_refused_before_sending_and_shows_in_the_stats(sim, fast, recorder):
    refused = recorder()
    with (
        CoinbasePublicClient(url=sim.url, **fast) as client,
        rate_limited.connected_to(refused, sender=client),
    ):
        # Frozen, the limiter's one-second window cannot slide on a slow machine.
        with freeze_time("2030-01-01", ignore=["venues.simulator", "websockets"]):
            sent = sim.subscribe_messages
            for channel in ("ticker", "level2", "market_trades", "candles"):
                for product in ("BTC-USD", "ETH-USD"):
                    client.subscribe(channel, [product])
            stats = client.rate_limit_stats()
            assert stats.messages_in_last_second == stats.max_messages_per_second == 8
            with pytest.raises(MessageRateExceeded):
                client.subscribe("status", ["BTC-USD"])
            assert sim.subscribe_messages == sent + 8
        assert client.rate_limit_stats().refused == 1
        assert [type(item["error"]) for item in refused.items] == [MessageRateExceeded]
        assert "status:BTC-USD" not in client.subscriptions
        assert client.state is ConnectionState.CONNECTED


def test_an_unanswered_subscribe_times_out_and_the_client_goes_on(sim, fast):
    late = Timeline()
    with (
        CoinbasePublicClient(url=sim.url, **fast) as client,
        message_received.connected_to(
            lambda sender, channel, data: late.add(channel, data), sender=client
        ),
    ):
        sim.stall()
        try:
            with pytest.raises(RequestTimeout):
                client.subscribe("ticker", ["BTC-USD"], timeout=0.2)
        finally:
            sim.resume()
        assert "ticker:BTC-USD" not in client.subscriptions
        # The venue takes the late subscribe; its data arrives before we go on.
        assert late.wait_for(lambda entries: any(k == "ticker:BTC-USD" for k, _ in entries))
        assert client.subscribe("level2", ["ETH-USD"]) == ["level2:ETH-USD"]


def test_keys_missing_from_the_venues_answers_are_reported_unconfirmed_at_the_deadline(sim, fast):
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        sim.ignore_next_subscribe()
        with pytest.raises(SubscriptionRejected) as caught:
            _subscribe_after_tick(client, sim, Snapshots(), timeout=0.2)
        assert caught.value.channels == ("level2:BTC-USD",)
        assert client.subscriptions == {"heartbeats"}
        assert client.rate_limit_stats().active_subscriptions == 1


def test_an_error_outside_any_subscribe_is_signalled_with_its_text(sim, fast, recorder):
    rejected = recorder()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        with venue_error.connected_to(rejected, sender=client):
            sim.send_error("rate limit exceeded")
            assert rejected.wait_for(lambda items: len(items) == 1)
        (item,) = rejected.items
        assert isinstance(item["error"], CoinbaseError)
        assert item["error"].message == "rate limit exceeded"
        assert [e.message for e in client.venue_errors] == ["rate limit exceeded"]
        assert client.state is ConnectionState.CONNECTED
        assert client.subscribe("ticker", ["BTC-USD"]) == ["ticker:BTC-USD"]


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


def _subscribe_after_tick(
    client: CoinbasePublicClient, sim: CoinbaseSimulator, book: Any, timeout: float | None = None
) -> Any:
    # Fault commands apply at the next engine tick; a heartbeat proves one has run.
    beat = threading.Event()
    client.subscribe("heartbeats", handler=lambda key, msg: beat.set())
    assert beat.wait(10.0)
    return client.subscribe("level2", ["BTC-USD"], book, timeout=timeout)


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


class ByKey:
    """Records (key, message) pairs from a handler or a signal; wakes waiters."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.cond = threading.Condition()

    def __call__(self, key: str, message: Any) -> None:
        with self.cond:
            self.calls.append((key, message))
            self.cond.notify_all()

    def on_signal(self, sender: Any, channel: str, data: Any) -> None:
        self(channel, data)

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: predicate(self.calls), timeout)


def _keys_by_sequence(calls: list[tuple[str, Any]]) -> dict[int, list[str]]:
    seen: dict[int, list[str]] = {}
    for key, message in calls:
        seen.setdefault(message.sequence_num, []).append(key)
    return seen


def test_a_frame_for_several_products_reaches_each_key_once_and_no_synthetic_channel():
    keys = ["ticker:BTC-USD", "ticker:ETH-USD"]
    received, handled = ByKey(), ByKey()
    with (
        CoinbaseSimulator(batch_products=True, updates_per_second=50.0) as batching,
        CoinbasePublicClient(url=batching.url, heartbeats=False) as client,
        message_received.connected_to(received.on_signal, sender=client),
    ):
        assert batching.url.startswith("ws://127.0.0.1:")
        assert client.subscribe("ticker", ["BTC-USD", "ETH-USD"], handled) == keys

        def shared_frames(calls: list[tuple[str, Any]]) -> list[list[str]]:
            return [ks for ks in _keys_by_sequence(calls).values() if len(ks) > 1]

        assert received.wait_for(lambda calls: len(shared_frames(calls)) >= 3)
    channels = [key for key, _ in received.calls]
    assert not [c for c in channels if c.startswith("#")]
    assert set(channels) <= {*keys, "heartbeats"}
    for frame_keys in shared_frames(received.calls):
        assert sorted(frame_keys) == keys  # once per key, never the frame as a whole
    handled_keys = [key for key, _ in handled.calls]
    assert handled_keys == [c for c in channels if c.startswith("ticker:")][: len(handled_keys)]


def test_a_usdc_subscription_gets_the_usd_data_under_its_own_key(sim, fast):
    usdc, usd = ByKey(), ByKey()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        assert client.subscribe("level2", ["BTC-USDC"], usdc) == ["level2:BTC-USDC"]
        assert usdc.wait_for(lambda calls: len(calls) >= 2)
        assert client.subscribe("level2", ["BTC-USD"], usd) == ["level2:BTC-USD"]
        assert usd.wait_for(lambda calls: len(calls) >= 2)
        seen = len(usdc.calls)
        assert usdc.wait_for(lambda calls: len(calls) > seen)
    key, first = usdc.calls[0]
    assert (key, first.key, first.product_id) == ("level2:BTC-USDC",) * 2 + ("BTC-USDC",)
    assert first.events[0].is_snapshot and first.events[0].product_id == "BTC-USD"
    assert {key for key, _ in usdc.calls} == {"level2:BTC-USDC"}
    assert {key for key, _ in usd.calls} == {"level2:BTC-USD"}


def test_a_jump_of_the_heartbeat_counter_is_signalled_stale_and_counted(sim, fast, recorder):
    stale = recorder()
    beats = ByKey()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        with subscription_stale.connected_to(stale, sender=client):
            client.subscribe("heartbeats", handler=beats)
            assert beats.wait_for(lambda calls: len(calls) >= 2)
            sim.skip_heartbeats(3)
            assert stale.wait_for(lambda items: len(items) >= 1)
        assert (client.heartbeat_gaps, client.missed_heartbeats) == (1, 3)
        assert client.sequence_gaps == 0
    (signal,) = stale.items
    assert signal["channels"] == ["heartbeats"]
    assert "missed heartbeats" in signal["reason"] and "3 missed" in signal["reason"]


def test_the_stand_in_heartbeats_subscription_goes_once_the_user_subscribes(sim, fast, recorder):
    restored = recorder()
    with CoinbasePublicClient(url=sim.url, heartbeats=False, **fast) as client:
        assert sim.subscriptions() == [{"heartbeats": []}]
        assert client.subscribe("level2", ["BTC-USD"]) == ["level2:BTC-USD"]
        assert sim.subscriptions() == [{"level2": ["BTC-USD"]}]
        assert sim.subscribe_messages == 3  # stand-in, level2, unsubscribe of the stand-in
        assert client.subscriptions == {"level2:BTC-USD"}
        with subscriptions_restored.connected_to(restored, sender=client):
            sim.drop_connections()
            assert restored.wait_for(lambda items: len(items) == 1)
        assert sim.subscriptions() == [{"level2": ["BTC-USD"]}]


def test_the_stand_in_heartbeats_stay_when_the_user_subscribes_heartbeats(sim, fast):
    with CoinbasePublicClient(url=sim.url, heartbeats=False, **fast) as client:
        assert client.subscribe("heartbeats") == ["heartbeats"]
        assert client.subscribe("ticker", ["ETH-USD"]) == ["ticker:ETH-USD"]
        assert sim.subscriptions() == [{"heartbeats": [], "ticker": ["ETH-USD"]}]
        assert client.subscriptions == {"heartbeats", "ticker:ETH-USD"}


def test_a_failed_recovery_after_a_gap_falls_back_to_a_reconnect(sim, fast, recorder):
    book = Snapshots()
    restored = recorder()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        with subscriptions_restored.connected_to(restored, sender=client):
            client.subscribe("level2", ["BTC-USD"], book)
            assert book.wait(1)
            sim.fail_next_subscribe("failure to subscribe")  # the re-subscribe's answer
            sim.skip_sequence(3)
            assert restored.wait_for(lambda items: len(items) == 1)
            assert book.wait(2)
        assert client.wait_ready(10.0)
        assert client.connection_stats().reconnects == 1
        assert client.stale_channels == frozenset()
        assert client.subscriptions == {"heartbeats", "level2:BTC-USD"}


def test_recovery_and_a_user_subscribe_take_turns_and_both_succeed(sim, fast, recorder):
    book = Snapshots()
    stale = recorder()
    ticks = ByKey()
    with CoinbasePublicClient(url=sim.url, **fast) as client:
        with subscription_stale.connected_to(stale, sender=client):
            client.subscribe("level2", ["BTC-USD"], book)
            assert book.wait(1)
            sim.skip_sequence(2)
            assert stale.wait_for(lambda items: len(items) == 1)
            assert client.subscribe("ticker", ["ETH-USD"], ticks) == ["ticker:ETH-USD"]
            assert book.wait(2)
            assert ticks.wait_for(lambda calls: len(calls) >= 1)
        assert client.connection_stats().reconnects == 0
        assert client.subscriptions == {"heartbeats", "level2:BTC-USD", "ticker:ETH-USD"}
        assert sim.subscriptions() == [
            {"heartbeats": [], "level2": ["BTC-USD"], "ticker": ["ETH-USD"]}
        ]


def test_a_local_book_fed_by_the_handler_survives_a_gap_without_a_refusal(sim, fast):
    book, snapshots = LocalOrderBook("BTC-USD"), Snapshots()
    errors: list[Exception] = []
    crossed: list[Any] = []

    def on_level2(key: str, message: Any) -> None:
        try:
            book.apply_message(message)
        except Exception as exc:  # BookNotReady here would mean an update got through
            errors.append(exc)
        bid, ask = book.best_bid(), book.best_ask()
        if bid is not None and ask is not None and bid[0] >= ask[0]:
            crossed.append((bid, ask))
        snapshots(key, message)

    with CoinbasePublicClient(url=sim.url, **fast) as client:
        client.subscribe("level2", ["BTC-USD"], on_level2)
        assert snapshots.wait(1)
        sim.skip_sequence(5)
        assert snapshots.wait(2)
        sim.drop_connections()
        assert snapshots.wait(3)
    assert errors == [] and crossed == []
    assert book.valid and book.bids() and book.asks()
