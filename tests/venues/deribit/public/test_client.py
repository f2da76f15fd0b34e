"""The public client over real loopback sockets against DeribitSimulator."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from actors import Backoff, ConnectionState, signals
from protocol.errors import InvalidParameters, VenueError
from venues.deribit import Credentials, DeribitPublicClient, channels
from venues.deribit.errors import GenericError, InvalidParams
from venues.deribit.models import BookChange, Instrument, OrderBook, Ticker, Trade
from venues.deribit.simulator import DeribitSimulator

FAST = {"backoff": Backoff(base=0.01, factor=2.0, cap=0.05), "request_timeout": 5.0}
BTC = "BTC-PERPETUAL"


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
    with DeribitSimulator(accounts={}, market_data_rate=50.0, heartbeat_scale=0.01) as server:
        yield server


def newest(sim) -> int:
    return max(sim.connection_ids)


def test_every_public_method_works_end_to_end(sim, frames):
    with DeribitPublicClient(url=sim.url, heartbeat_interval=10, **FAST) as client:
        conn = newest(sim)
        assert sim.heartbeat_interval(conn) == 10
        assert client.hello(client_name="tests", client_version="1.0", timeout=5)
        assert client.test(timeout=5) == client.test_async().result(5)
        assert isinstance(client.get_time(timeout=5), int)
        assert isinstance(client.get_time_async().result(5), int)
        instruments = client.get_instruments(currency="BTC", timeout=5)
        assert BTC in {i.instrument_name for i in instruments}
        assert all(isinstance(i, Instrument) for i in instruments)
        assert client.get_instruments_async(currency="ETH").result(5)
        book = client.get_order_book(instrument_name=BTC, depth=5, timeout=5)
        assert isinstance(book, OrderBook) and isinstance(book.bids[0].price, Decimal)
        assert client.get_order_book_async(instrument_name=BTC, depth=1).result(5).asks
        ticker = client.ticker(instrument_name=BTC, timeout=5)
        assert isinstance(ticker, Ticker) and isinstance(ticker.best_ask_price, Decimal)
        assert client.ticker_async(instrument_name=BTC).result(5).instrument_name == BTC

        wanted = [channels.ticker(BTC), channels.price_index("btc_usd")]
        assert sorted(client.subscribe(wanted, timeout=5)) == sorted(wanted)
        assert sorted(sim.subscriptions(conn)) == sorted(wanted)
        client.unsubscribe([channels.ticker(BTC)], timeout=5)
        assert sim.subscriptions(conn) == [channels.price_index("btc_usd")]
        client.unsubscribe_all(timeout=5)
        assert sim.subscriptions(conn) == []

        assert client.set_heartbeat(interval=20, timeout=5) == "ok"
        assert sim.heartbeat_interval(conn) == 20
        assert client.disable_heartbeat(timeout=5) == "ok"
        assert sim.heartbeat_interval(conn) == 0
    sent = set(frames.methods())
    expected = {
        "public/hello",
        "public/test",
        "public/get_time",
        "public/get_instruments",
        "public/get_order_book",
        "public/ticker",
        "public/subscribe",
        "public/unsubscribe",
        "public/unsubscribe_all",
        "public/set_heartbeat",
        "public/disable_heartbeat",
    }
    assert expected <= sent


def test_venue_errors_reach_the_caller_with_code_message_data_and_method(sim):
    with DeribitPublicClient(url=sim.url, **FAST) as client:
        with pytest.raises(GenericError) as forced:
            client.test(expected_result="exception", timeout=5)
        assert (forced.value.code, forced.value.method) == (10001, "public/test")
        assert forced.value.data == {"reason": "expected_result exception"}
        sim.fail_method("public/get_time", -32602, "Invalid params")
        with pytest.raises(InvalidParams) as excinfo:
            client.get_time(timeout=5)
        assert (excinfo.value.code, excinfo.value.message) == (-32602, "Invalid params")
        assert excinfo.value.method == "public/get_time"
        sim.fail_method("public/get_time", 424242, "brand new")
        with pytest.raises(VenueError) as unknown:
            client.get_time(timeout=5)
        assert (unknown.value.code, unknown.value.method) == (424242, "public/get_time")
        assert isinstance(client.get_time(timeout=5), int)


def test_trades_and_book_reach_the_handler_and_the_signal_typed(sim):
    trades, books, signalled = threading.Event(), threading.Event(), threading.Event()

    def handler(channel, data):
        if isinstance(data, tuple) and data and isinstance(data[0], Trade):
            trades.set()
        if isinstance(data, BookChange):
            books.set()

    def on_message(sender, **kw):
        if isinstance(kw["data"], BookChange | tuple):
            signalled.set()

    with DeribitPublicClient(url=sim.url, **FAST) as client:
        signals.message_received.connect(on_message, sender=client)
        wanted = [channels.trades(BTC), channels.book(BTC)]
        assert sorted(client.subscribe(wanted, handler, timeout=5)) == sorted(wanted)
        assert trades.wait(5) and books.wait(5) and signalled.wait(5)


def test_raw_and_private_channels_are_refused_before_sending(sim, frames):
    with DeribitPublicClient(url=sim.url, **FAST) as client:
        for channel in (channels.trades(BTC, "raw"), channels.user_orders(BTC)):
            with pytest.raises(InvalidParameters) as excinfo:
                client.subscribe([channels.ticker(BTC), channel])
            assert excinfo.value.field == "channels"
        assert client.get_time(timeout=5)
    assert "public/subscribe" not in frames.methods()
    assert "private/subscribe" not in frames.methods()


def test_bad_parameters_are_refused_naming_the_field_before_sending(sim, frames):
    with DeribitPublicClient(url=sim.url, **FAST) as client:
        for call, field in (
            (lambda: client.get_order_book(instrument_name="", timeout=5), "instrument_name"),
            (lambda: client.get_order_book(instrument_name=BTC, depth=7), "depth"),
            (lambda: client.get_instruments(currency="DOGE"), "currency"),
            (lambda: client.ticker(instrument_name=""), "instrument_name"),
        ):
            with pytest.raises(InvalidParameters) as excinfo:
                call()
            assert excinfo.value.field == field
    assert not {"public/get_order_book", "public/get_instruments", "public/ticker"} & set(
        frames.methods()
    )


def test_heartbeat_test_requests_are_answered_and_the_session_survives(sim, frames):
    with DeribitPublicClient(url=sim.url, heartbeat_interval=10, **FAST) as client:
        assert frames.wait_for("public/test", timeout=5, count=3)
        assert client.get_time(timeout=5)
        assert client.connection_stats().reconnects == 0


def test_a_silent_link_is_stale_and_reconnected(sim):
    stale = threading.Event()

    def on_state(sender, **kw):
        if kw["new"] is ConnectionState.RECONNECTING and "stale" in kw["reason"]:
            stale.set()

    with DeribitPublicClient(url=sim.url, heartbeat_interval=10, stale_after=0.3, **FAST) as c:
        signals.state_changed.connect(on_state, sender=c, weak=False)
        sim.stall()  # no heartbeat (and nothing else) reaches the client any more
        try:
            assert stale.wait(5)
        finally:
            sim.resume()
        assert c.wait_ready(10)
        assert isinstance(c.get_time(timeout=5), int)


def test_reconnect_restores_subscriptions_in_the_expected_state_order(sim, frames):
    restored = threading.Event()
    states: list[str] = []
    with DeribitPublicClient(url=sim.url, heartbeat_interval=10, **FAST) as client:
        signals.state_changed.connect(
            lambda sender, **kw: states.append(kw["new"].value), sender=client, weak=False
        )
        signals.subscriptions_restored.connect(
            lambda sender, **kw: restored.set(), sender=client, weak=False
        )
        client.subscribe([channels.ticker(BTC)], timeout=5)
        before = len(frames.requests())
        sim.drop_connections()
        assert restored.wait(5)
        assert client.wait_ready(5)
        assert states[:3] == ["reconnecting", "connecting", "connected"]
        assert sim.subscriptions(newest(sim)) == [channels.ticker(BTC)]
        assert sim.heartbeat_interval(newest(sim)) == 10
    after = [r["method"] for r in frames.requests()[before:] if r["method"] != "public/test"]
    assert after[:2] == ["public/set_heartbeat", "public/subscribe"]


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
