"""The public client over real loopback sockets against DeribitSimulator."""

from __future__ import annotations

import threading

import pytest

from actors import Backoff, ConnectionState, signals
from protocol.errors import InvalidParameters
from venues.deribit import Credentials, DeribitPublicClient, channels
from venues.deribit.models import BookChange, Trade

simulator = pytest.importorskip("venues.deribit.simulator")
DeribitSimulator = getattr(simulator, "DeribitSimulator", None)
needs_simulator = pytest.mark.skipif(DeribitSimulator is None, reason="DeribitSimulator missing")

FAST = {"backoff": Backoff(base=0.01, factor=2.0, cap=0.05), "request_timeout": 5.0}


def test_credentials_are_refused_with_a_type_error():
    with pytest.raises(TypeError):
        DeribitPublicClient(Credentials("id", "secret"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        DeribitPublicClient("ws://127.0.0.1:1", client_secret="x")


@pytest.mark.parametrize(
    ("options", "field"),
    [({"heartbeat_interval": 5}, "interval"), ({"colour": "red"}, "colour"), ({"tier": 9}, "tier")],
)
def test_bad_options_are_refused_before_anything_starts(options, field):
    with pytest.raises(InvalidParameters) as excinfo:
        DeribitPublicClient("ws://127.0.0.1:1", **options)
    assert excinfo.value.field == field


@pytest.fixture(scope="module")
def sim():
    if DeribitSimulator is None:
        pytest.skip("DeribitSimulator missing")
    with DeribitSimulator(accounts={}, market_data_rate=50.0, heartbeat_scale=0.01) as server:
        yield server


@needs_simulator
def test_get_time_blocking_and_as_a_future(sim):
    with DeribitPublicClient(url=sim.url, **FAST) as client:
        assert client.state is ConnectionState.CONNECTED
        assert isinstance(client.get_time(timeout=5), int)
        assert isinstance(client.get_time_async().result(5), int)


@needs_simulator
def test_trades_and_book_reach_the_handler_and_the_signal_typed(sim):
    trades, books, signalled = threading.Event(), threading.Event(), threading.Event()

    def handler(channel, data):
        if isinstance(data, tuple) and data and isinstance(data[0], Trade):
            trades.set()
        if isinstance(data, BookChange):
            books.set()

    with DeribitPublicClient(url=sim.url, **FAST) as client:
        receiver = lambda sender, **kw: signalled.set()  # noqa: E731
        signals.message_received.connect(receiver, sender=client)
        wanted = [channels.trades("BTC-PERPETUAL"), channels.book("BTC-PERPETUAL")]
        assert sorted(client.subscribe(wanted, handler, timeout=5)) == sorted(wanted)
        assert trades.wait(5) and books.wait(5) and signalled.wait(5)


@needs_simulator
def test_raw_channels_are_refused_before_sending(sim):
    with DeribitPublicClient(url=sim.url, **FAST) as client:
        with pytest.raises(InvalidParameters) as excinfo:
            client.subscribe([channels.trades("BTC-PERPETUAL", "raw")])
        assert excinfo.value.field == "channels"
        assert client.connection_stats().frames_received >= 0


@needs_simulator
def test_heartbeat_test_requests_are_answered_and_the_session_survives(sim):
    with DeribitPublicClient(url=sim.url, heartbeat_interval=10, **FAST) as client:
        assert client._heartbeat.answered_event.wait(5)
        assert client.get_time(timeout=5)
        assert client.connection_stats().reconnects == 0


@needs_simulator
def test_reconnect_restores_subscriptions_in_the_expected_state_order(sim):
    restored = threading.Event()
    states: list[str] = []
    with DeribitPublicClient(url=sim.url, **FAST) as client:
        signals.state_changed.connect(
            lambda sender, **kw: states.append(kw["new"].value), sender=client, weak=False
        )
        signals.subscriptions_restored.connect(
            lambda sender, **kw: restored.set(), sender=client, weak=False
        )
        client.subscribe([channels.ticker("BTC-PERPETUAL")], timeout=5)
        sim.drop_connections()
        assert restored.wait(5)
        assert client.wait_ready(5)
        assert states[:3] == ["reconnecting", "connecting", "connected"]


@needs_simulator
def test_malformed_frames_are_counted_and_signalled_with_the_session_intact(sim):
    rejected = threading.Event()
    with DeribitPublicClient(url=sim.url, **FAST) as client:
        signals.message_rejected.connect(
            lambda sender, **kw: rejected.set(), sender=client, weak=False
        )
        sim.send_malformed(text="{not json")
        assert rejected.wait(5)
        assert client.connection_stats().malformed >= 1
        assert isinstance(client.get_time(timeout=5), int)
        assert client.connection_stats().reconnects == 0
