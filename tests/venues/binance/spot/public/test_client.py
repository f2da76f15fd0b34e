"""BinanceSpotPublicClient against the streams simulator over real loopback sockets."""

from __future__ import annotations

import threading
from collections import Counter
from decimal import Decimal

import pytest

from actors import Backoff, ChannelWatch, ConnectionState
from actors.signals import (
    message_dropped,
    message_received,
    message_rejected,
    rate_limited,
    state_changed,
    subscription_quiet,
    subscriptions_restored,
)
from protocol.errors import (
    ConnectionClosed,
    ConnectionRateExceeded,
    InvalidParameters,
    MessageRateExceeded,
)
from venues.binance.spot import BinanceSpotPublicClient, trade_stream
from venues.binance.spot.public import client as client_module
from venues.binance.spot.public.streams import (
    AggTradeEvent,
    AvgPriceEvent,
    BookTickerEvent,
    DiffDepthEvent,
    KlineEvent,
    MiniTickerEvent,
    PartialDepthEvent,
    RollingWindowTickerEvent,
    TickerEvent,
    TradeEvent,
)
from venues.binance.spot.simulator import BinanceSpotSimulator

FAST = {"backoff": Backoff(base=0.01, factor=2.0, cap=0.05), "request_timeout": 5.0}


@pytest.fixture
def sim():
    streams = {"rate": 200.0, "seed": 7, "period_scale": 0.1}
    with BinanceSpotSimulator(streams=streams) as running:
        yield running


@pytest.fixture
def engine(sim):
    return sim.streams


@pytest.fixture
def server(sim):
    return sim.stream_server


def _client(server, **options):
    return BinanceSpotPublicClient(url=server.url + "/stream", **{**FAST, **options})


class Trades:
    """Collects trade ids and sets ``enough`` once ``until(self)`` holds."""

    def __init__(self, until):
        self.ids: list[int] = []
        self.until = until
        self.enough = threading.Event()

    def __call__(self, stream, event):
        assert isinstance(event, TradeEvent)
        self.ids.append(event.trade_id)
        if self.until(self):
            self.enough.set()


def _contiguous(ids):
    return ids == list(range(ids[0], ids[0] + len(ids)))


class Drops:
    """Counts ``message_dropped`` by reason; waits until a count is reached."""

    def __init__(self, client):
        self.counts = Counter()
        self._cond = threading.Condition()
        message_dropped.connect(self._on_drop, sender=client, weak=False)

    def _on_drop(self, sender, **kw):
        with self._cond:
            self.counts.update({kw["reason"]: kw["count"]})
            self._cond.notify_all()

    def wait_for(self, reason, count, timeout=5.0):
        with self._cond:
            return self._cond.wait_for(lambda: self.counts[reason] >= count, timeout)


EVERY_KIND = {
    "btcusdt@trade": TradeEvent,
    "btcusdt@aggTrade": AggTradeEvent,
    "btcusdt@kline_1s": KlineEvent,
    "btcusdt@kline_1m": KlineEvent,
    "btcusdt@kline_1h@+08:00": KlineEvent,
    "btcusdt@miniTicker": MiniTickerEvent,
    "!miniTicker@arr": MiniTickerEvent,
    "btcusdt@ticker": TickerEvent,
    "btcusdt@ticker_1h": RollingWindowTickerEvent,
    "!ticker_4h@arr": RollingWindowTickerEvent,
    "btcusdt@bookTicker": BookTickerEvent,
    "btcusdt@avgPrice": AvgPriceEvent,
    "btcusdt@depth5": PartialDepthEvent,
    "btcusdt@depth10@100ms": PartialDepthEvent,
    "btcusdt@depth20": PartialDepthEvent,
    "btcusdt@depth": DiffDepthEvent,
    "btcusdt@depth@100ms": DiffDepthEvent,
}


def test_subscribe_delivers_typed_events_to_handler_and_signal(server):
    trades = Trades(lambda t: len(t.ids) >= 5)
    seen = []
    with _client(server) as client:
        message_received.connect(
            lambda s, **kw: seen.append(kw["channel"]), sender=client, weak=False
        )
        assert client.subscribe([trade_stream("BTCUSDT")], trades) == ["btcusdt@trade"]
        assert trades.enough.wait(5.0)
    assert _contiguous(trades.ids[:5])
    assert "btcusdt@trade" in seen


def test_every_stream_kind_reaches_its_handler_as_its_typed_event(server):
    seen: dict[str, object] = {}
    lock, all_seen = threading.Lock(), threading.Event()

    def on_event(stream, event):
        with lock:
            seen.setdefault(stream, event)
            if len(seen) == len(EVERY_KIND):
                all_seen.set()

    with _client(server) as client:
        assert sorted(client.subscribe(list(EVERY_KIND), on_event)) == sorted(EVERY_KIND)
        assert all_seen.wait(5.0), sorted(set(EVERY_KIND) - set(seen))
    for stream, kind in EVERY_KIND.items():
        event = seen[stream]
        if stream.startswith("!"):
            assert isinstance(event, tuple) and event, stream
            assert all(isinstance(item, kind) for item in event), stream
        else:
            assert isinstance(event, kind), stream


def test_list_and_unsubscribe_round_trip(server, engine):
    with _client(server) as client:
        client.subscribe(["btcusdt@trade", "ethusdt@avgPrice"])
        assert sorted(client.list_subscriptions()) == ["btcusdt@trade", "ethusdt@avgPrice"]
        client.unsubscribe(["btcusdt@trade"])
        assert client.list_subscriptions() == ["ethusdt@avgPrice"]
        assert client.subscriptions == ["ethusdt@avgPrice"]
        assert engine.subscriptions(server.connection_ids[0]) == ["ethusdt@avgPrice"]


def test_periodic_stream_without_event_type_fields_is_typed(server):
    got = threading.Event()
    events = []

    def on_avg(stream, event):
        events.append(event)
        got.set()

    with _client(server) as client:
        client.subscribe(["bnbbtc@avgPrice"], on_avg)
        assert got.wait(5.0)
    assert isinstance(events[0], AvgPriceEvent) and isinstance(events[0].price, Decimal)


def test_property_is_read_and_set(server):
    with _client(server) as client:
        client.set_property("combined", True)
        assert client.get_property("combined") is True


def test_streams_recorded_before_connect_are_subscribed_on_connect(server):
    trades = Trades(lambda t: len(t.ids) >= 3)
    client = _client(server)
    try:
        assert client.subscribe(["bnbbtc@trade"], trades) == []
        client.connect()
        assert trades.enough.wait(5.0)
    finally:
        client.close()


def test_the_message_rate_is_refused_locally_and_nothing_is_sent(server, engine):
    refusals = []
    with _client(server) as client:
        rate_limited.connect(
            lambda s, **kw: refusals.append(kw["error"]), sender=client, weak=False
        )
        sent_before = engine.frames_received
        for _ in range(4):
            client.list_subscriptions()
        with pytest.raises(MessageRateExceeded) as info:
            client.list_subscriptions()
        assert engine.frames_received - sent_before == 4
        assert engine.rate_limit_disconnects == 0
        assert refusals == [info.value]
        assert client.state is ConnectionState.CONNECTED


def test_invalid_stream_is_refused_before_anything_is_sent(server, engine):
    with _client(server) as client:
        sent_before = engine.frames_received
        with pytest.raises(InvalidParameters) as info:
            client.subscribe(["btcusdt@trade", "BTCUSDT@depth"])
        assert info.value.field == "streams[1]"
        assert engine.frames_received == sent_before


def test_more_than_1024_streams_spread_over_a_pool(server, engine):
    streams = [f"s{i}usdt@avgPrice" for i in range(1030)]
    with _client(server) as client:
        confirmed = client.subscribe(streams)
        assert sorted(confirmed) == sorted(streams)
        assert client.connection_count == 2
        assert sorted(client.list_subscriptions()) == sorted(streams)
        per_connection = sorted(len(engine.subscriptions(c)) for c in server.connection_ids)
        assert per_connection == [6, 1024]
        assert client.rate_limit_stats().active_subscriptions == 1030


def test_rotation_replaces_connections_without_losing_or_repeating_trades(server):
    clients = []
    trades = Trades(lambda t: clients[0].rotations >= 3 and len(t.ids) >= 50)
    client = _client(server, max_connection_age=0.25, handover_timeout=2.0)
    clients.append(client)
    drops = Drops(client)
    with client:
        client.subscribe(["btcusdt@trade"], trades)
        assert trades.enough.wait(20.0)
        rotations = client.rotations
        # Each hand-over overlaps: the new connection's first trade was also read on
        # the old one, so every rotation drops and reports at least one duplicate.
        assert drops.wait_for("duplicate", rotations)
    assert _contiguous(trades.ids)
    assert server.connections_accepted >= 4
    assert set(drops.counts) == {"duplicate"}


def test_server_shutdown_triggers_a_rotation_before_the_venue_closes(server, engine):
    closed = threading.Event()
    trades = Trades(lambda t: closed.is_set() and len(t.ids) >= 20)
    with _client(server, handover_timeout=2.0) as client:
        drops = Drops(client)
        state_changed.connect(
            lambda s, **kw: kw["new"] is ConnectionState.CLOSED and closed.set(),
            sender=client,
            weak=False,
        )
        client.subscribe(["ethusdt@trade"], trades)
        engine.server_shutdown(grace=5.0)
        assert closed.wait(5.0)
        assert trades.enough.wait(5.0)
        assert client.rotations == 1
        assert server.connection_count == 1
        assert drops.wait_for("duplicate", 1)
    assert _contiguous(trades.ids)


def test_the_connection_window_is_shared_by_the_pool_and_refused_before_dialling(monkeypatch):
    monkeypatch.setattr(client_module, "STREAM_CONNECTIONS_PER_WINDOW", 2)
    first = [f"a{i}usdt@avgPrice" for i in range(2 * 1024)]
    quiet = {"rate": 0.01, "period_scale": 1000.0}
    with BinanceSpotSimulator(streams=quiet) as sim, _client(sim.stream_server) as client:
        server = sim.stream_server
        client.subscribe(first)
        assert (client.connection_count, server.connections_accepted) == (2, 2)
        with pytest.raises(ConnectionRateExceeded):
            client.subscribe(["ethusdt@trade"])
        assert (client.connection_count, server.connections_accepted) == (2, 2)
        assert sorted(client.subscriptions) == sorted(first)
        stats = client.rate_limit_stats()
        assert (stats.connections_in_window, stats.max_connections_per_window) == (2, 2)
        assert stats.refused >= 1
        assert client.state.is_ready


def test_pings_are_answered_with_pongs_echoing_the_payload(server):
    with _client(server):
        assert server.wait_for_connections(1, 5.0)
        (conn_id,) = server.connection_ids
        assert server.ping(conn_id, b"payload-1234").wait(5.0)


def test_a_dropped_connection_reconnects_and_restores_its_streams(server, engine):
    restored = threading.Event()
    after = []
    trades = Trades(lambda t: restored.is_set() and len(after) >= 3)

    def on_trade(stream, event):
        if restored.is_set():
            after.append(event.trade_id)
        trades(stream, event)

    with _client(server) as client:
        subscriptions_restored.connect(lambda s, **kw: restored.set(), sender=client, weak=False)
        client.subscribe(["btcusdt@trade"], on_trade)
        assert server.wait_for_connections(1, 5.0)
        server.drop_connections()
        assert restored.wait(5.0)
        assert trades.enough.wait(5.0)
        assert client.list_subscriptions() == ["btcusdt@trade"]
    assert _contiguous(after)


def test_malformed_frames_are_signalled_and_the_stream_goes_on(server, engine):
    rejected = threading.Event()
    trades = Trades(lambda t: rejected.is_set() and len(t.ids) >= 3)
    with _client(server) as client:
        message_rejected.connect(lambda s, **kw: rejected.set(), sender=client, weak=False)
        client.subscribe(["btcusdt@trade"], trades)
        engine.send_malformed()
        assert rejected.wait(5.0)
        assert trades.enough.wait(5.0)
        assert client.connection_stats()[0].malformed >= 1


def test_credentials_are_refused_with_a_type_error():
    with pytest.raises(TypeError):
        BinanceSpotPublicClient(api_key="k", api_secret="s")  # type: ignore[call-arg]


@pytest.mark.parametrize(("url", "field"), [
    ("https://stream.binance.com", "url"), ("wss://stream.binance.com:9443/ws", "url"),
])  # fmt: skip
def test_bad_urls_are_refused_naming_the_field(url, field):
    with pytest.raises(InvalidParameters) as info:
        BinanceSpotPublicClient(url=url)
    assert info.value.field == field


def test_unknown_option_is_refused_naming_it():
    with pytest.raises(InvalidParameters) as info:
        BinanceSpotPublicClient(url="ws://127.0.0.1:1", stale_afterr=1.0)
    assert info.value.field == "stale_afterr"


def test_a_closed_client_refuses_work(server):
    client = _client(server)
    client.close()
    client.close()
    with pytest.raises(ConnectionClosed):
        client.subscribe(["btcusdt@trade"])


def test_a_client_at_its_message_budget_answering_pings_is_never_disconnected_for_rate():
    # A ping every 1.1 s (the venue: 20 s): nearly every second the venue counts a pong
    # on top of the client's own control messages, which it sends as fast as its budget
    # allows. Pings stay over a second apart so that no second holds two pongs.
    streams = {"ping_interval": 1.1, "symbols": (), "rate": 1.0}
    pace = threading.Event()  # never set: waits out each refusal's retry_after
    with BinanceSpotSimulator(streams=streams) as sim, _client(sim.stream_server) as client:
        engine, server = sim.streams, sim.stream_server
        sent = refused = 0
        while len(engine.pongs) < 3:
            try:
                client.list_subscriptions()
                sent += 1
            except MessageRateExceeded as exc:
                refused += 1
                pace.wait(exc.retry_after)
        assert client.state.is_ready
        assert engine.rate_limit_disconnects == 0
        assert server.connections_accepted == 1 and server.connection_count == 1
        assert client.connection_stats()[0].reconnects == 0
        assert sent >= 8 and refused >= 2
        assert engine.frames_received == sent


def test_two_clients_of_one_process_each_get_every_event_and_outlive_each_other(server):
    # Nothing is shared between clients: no process-wide stream map, no shared signal
    # routing, no shared connection; closing one leaves the other streaming.
    after_close: dict[str, int] = {}
    first_trades = Trades(lambda t: len(t.ids) >= 20)
    second_trades = Trades(lambda t: "at" in after_close and len(t.ids) >= after_close["at"] + 20)
    signalled: dict[object, list[int]] = {}

    def on_message(sender, channel, data):
        signalled[sender].append(data.trade_id)

    with _client(server) as first, _client(server) as second:
        for client in (first, second):
            signalled[client] = []
            message_received.connect(on_message, sender=client)
        first.subscribe(["btcusdt@trade"], first_trades)
        second.subscribe(["btcusdt@trade"], second_trades)
        assert first_trades.enough.wait(5.0)
        first.close()
        after_close["at"] = len(second_trades.ids)
        assert second_trades.enough.wait(5.0)
        assert second.state is ConnectionState.CONNECTED
    assert _contiguous(first_trades.ids) and _contiguous(second_trades.ids)
    for client in (first, second):
        assert signalled[client] and _contiguous(signalled[client]), client
    assert server.connections_accepted == 2


def test_a_watched_stream_that_stops_while_another_flows_is_reported_quiet(server):
    with _client(server) as client, ChannelWatch(client) as watch:
        calls: list[dict] = []
        reported = threading.Event()

        def on_quiet(sender, **kw):
            calls.append(kw)
            reported.set()

        subscription_quiet.connect(on_quiet, sender=client)
        client.subscribe(["btcusdt@trade", "ethusdt@trade"])
        watch.watch(["btcusdt@trade", "ethusdt@trade"], 0.3)
        client.unsubscribe(["btcusdt@trade"])
        assert reported.wait(5.0)
        assert client.state is ConnectionState.CONNECTED
    assert calls[0] == {"channels": ["btcusdt@trade"], "seconds": 0.3}


def test_wait_ready_follows_a_rotation_that_replaces_the_connection_it_waits_on(sim, server):
    stale, got = threading.Event(), threading.Event()
    with _client(server, max_connection_age=0.3, handover_timeout=5.0, stale_after=0.6) as client:
        state_changed.connect(
            lambda s, **kw: "stale" in kw["reason"] and stale.set(), sender=client, weak=False
        )
        client.subscribe(["btcusdt@trade"], lambda stream, event: got.set())
        assert got.wait(5)
        sim.stall("streams")  # the venue goes silent
        assert server.wait_for_accepted(2, 5)  # a rotation by age opened its new connection
        sim.refuse_connections(None, "streams")  # the old one cannot come back
        try:
            assert stale.wait(5)  # the old connection went stale: reconnecting
            sim.resume("streams")  # the new connection takes over; the old one is closed
            assert client.wait_ready(5.0)
        finally:
            sim.refuse_connections(0, "streams")
        assert client.state.is_ready
