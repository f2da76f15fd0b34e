from __future__ import annotations

import itertools
import json

import pytest

from venues.binance.spot.simulator.streams_engine import StreamsEngine
from venues.simulator import Close, Engine, Ping, Send


def _engine(**kwargs):
    kwargs.setdefault("rate", 100.0)
    kwargs.setdefault("epoch_offset", 1_700_000_000.0)
    return StreamsEngine(**kwargs)


def _frames(actions, conn_id=None):
    return [
        json.loads(a.frame)
        for a in actions
        if isinstance(a, Send) and (conn_id is None or a.conn_id == conn_id)
    ]


def _run(engine, start, stop, step=0.01):
    actions, now = [], start
    while now <= stop:
        actions += engine.tick(now)
        now = round(now + step, 6)
    return actions


def test_the_engine_speaks_the_simulator_protocol():
    assert isinstance(_engine(), Engine)


def test_combined_connection_receives_wrapped_trades_with_consecutive_ids():
    engine = _engine()
    engine.on_connect(1, "/stream?streams=btcusdt@trade", 0.0)
    frames = _frames(_run(engine, 0.0, 0.5))
    assert {f["stream"] for f in frames} == {"btcusdt@trade"}
    ids = [f["data"]["t"] for f in frames]
    assert len(ids) >= 40 and ids == list(range(ids[0], ids[0] + len(ids)))


def test_raw_connection_receives_bare_payloads():
    engine = _engine()
    engine.on_connect(1, "/ws/btcusdt@aggTrade", 0.0)
    frames = _frames(_run(engine, 0.0, 0.1))
    assert frames and all(f["e"] == "aggTrade" for f in frames)


def test_two_connections_see_the_same_trade_ids():
    engine = _engine()
    engine.on_connect(1, "/stream?streams=ethusdt@trade", 0.0)
    engine.on_connect(2, "/stream?streams=ethusdt@trade", 0.0)
    actions = _run(engine, 0.0, 0.2)
    assert [f["data"]["t"] for f in _frames(actions, 1)] == [
        f["data"]["t"] for f in _frames(actions, 2)
    ]


def test_subscribe_list_and_unsubscribe_are_answered():
    engine = _engine()
    engine.on_connect(1, "/stream", 0.0)
    sub = '{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","btcusdt@depth"],"id":1}'
    assert _frames(engine.on_frame(1, sub, 0.1)) == [{"result": None, "id": 1}]
    unsub = '{"method":"UNSUBSCRIBE","params":["btcusdt@depth"],"id":312}'
    assert _frames(engine.on_frame(1, unsub, 0.2)) == [{"result": None, "id": 312}]
    listing = engine.on_frame(1, '{"method":"LIST_SUBSCRIPTIONS","id":3}', 0.3)
    assert _frames(listing) == [{"result": ["btcusdt@aggTrade"], "id": 3}]


@pytest.mark.parametrize(("frame", "code"), [
    ('{"method":"SET_PROPERTY","params":["compressed",true],"id":5}', 0),
    ('{"method":"SET_PROPERTY","params":["combined","yes"],"id":5}', 1),
    ('{"method":"SUBSCRIBEX","params":[],"id":7}', 2),
    ('{"params":[],"id":7}', 2),
    ('{"method":"SUBSCRIBE","params":[],"id":1.5}', 2),
    ('{"method":"GET_PROPERTY","params":[5],"id":2}', 2),
    ('{"method":"GET_PROPERTY","params":["combined","x"],"id":2}', 2),
    ('{"method":"SUBSCRIBE","params":["BTCUSDT@trade"],"id":2}', 2),
    ('{"method": "SUBSCRIBE", "params": [', 3),
])  # fmt: skip
def test_control_errors_carry_the_documented_codes(frame, code):
    engine = _engine()
    engine.on_connect(1, "/stream", 0.0)
    (reply,) = _frames(engine.on_frame(1, frame, 0.1))
    assert reply["code"] == code and reply["msg"]


def test_properties_are_read_and_set():
    engine = _engine()
    engine.on_connect(1, "/ws", 0.0)
    get = '{"method":"GET_PROPERTY","params":["combined"],"id":2}'
    assert _frames(engine.on_frame(1, get, 0.1)) == [{"result": False, "id": 2}]
    engine.on_frame(1, '{"method":"SET_PROPERTY","params":["combined",true],"id":5}', 0.2)
    assert _frames(engine.on_frame(1, get, 0.3)) == [{"result": True, "id": 2}]


def test_a_sixth_message_within_a_second_disconnects():
    engine = _engine()
    engine.on_connect(1, "/stream", 0.0)
    listing = '{"method":"LIST_SUBSCRIPTIONS","id":1}'
    for i in range(5):
        assert _frames(engine.on_frame(1, listing, 0.1 + i * 0.01))
    (close,) = engine.on_frame(1, listing, 0.2)
    assert isinstance(close, Close) and close.code == 1008
    assert engine.connection_ids == [] and engine.rate_limit_disconnects == 1


def test_messages_spread_over_time_are_fine():
    engine = _engine()
    engine.on_connect(1, "/stream", 0.0)
    for i in range(20):
        assert _frames(engine.on_frame(1, '{"method":"LIST_SUBSCRIPTIONS","id":1}', i * 0.25))


def test_more_than_the_stream_cap_is_refused():
    engine = _engine(max_streams=2)
    engine.on_connect(1, "/stream?streams=btcusdt@trade/ethusdt@trade", 0.0)
    sub = '{"method":"SUBSCRIBE","params":["bnbbtc@trade"],"id":9}'
    (reply,) = _frames(engine.on_frame(1, sub, 0.1))
    assert reply["code"] == 2 and reply["id"] == 9
    assert engine.subscriptions(1) == ["btcusdt@trade", "ethusdt@trade"]


def test_a_path_with_too_many_streams_is_closed():
    engine = _engine(max_streams=1)
    (close,) = engine.on_connect(1, "/stream?streams=btcusdt@trade/ethusdt@trade", 0.0)
    assert isinstance(close, Close)


@pytest.mark.parametrize("path", ["/api/v3", "/stream?streams=BTCUSDT@trade", "/ws/nope"])
def test_invalid_paths_are_closed(path):
    (close,) = _engine().on_connect(1, path, 0.0)
    assert isinstance(close, Close) and close.code == 1008


def test_pings_are_sent_every_interval():
    engine = _engine(ping_interval=0.1, symbols=())
    engine.on_connect(1, "/stream", 0.0)
    pings = [a for a in _run(engine, 0.0, 0.35) if isinstance(a, Ping)]
    assert len(pings) == 3 and all(p.payload for p in pings)


def _ping_and_answer(engine, answer, steps=40):
    """Tick every 10 ms; ``answer(ping)`` gives the pong payload to report, or None."""
    actions = []
    for step in range(1, steps):
        now = step * 0.01
        tick = engine.tick(now)
        actions += tick
        for ping in [a for a in tick if isinstance(a, Ping)]:
            payload = answer(ping)
            if payload is not None:
                actions += engine.on_pong(ping.conn_id, payload, now)
    return actions


def test_missing_pong_disconnects_when_pongs_are_reported():
    engine = _engine(ping_interval=0.1, pong_timeout=0.2, symbols=())
    engine.on_connect(1, "/stream", 0.0)
    engine.on_connect(2, "/stream", 0.0)
    actions = _ping_and_answer(engine, lambda ping: ping.payload if ping.conn_id == 2 else None)
    closes = [a for a in actions if isinstance(a, Close)]
    assert [(c.conn_id, c.code, c.reason) for c in closes] == [(1, 1000, "no pong")]
    assert engine.connection_ids == [2]


def test_the_pong_timeout_is_the_venues_minute_by_default():
    engine = _engine(ping_interval=100.0, symbols=())
    engine.on_connect(1, "/stream", 0.0)
    assert [type(a) for a in engine.tick(100.0)] == [Ping]
    assert engine.tick(159.99) == [] and engine.connection_ids == [1]
    (close,) = engine.tick(160.0)
    assert (close.conn_id, close.reason) == (1, "no pong")


def test_a_pong_that_echoes_no_ping_keeps_nothing_alive():
    engine = _engine(ping_interval=0.1, pong_timeout=0.2, symbols=())
    engine.on_connect(1, "/stream", 0.0)
    actions = _ping_and_answer(engine, lambda ping: b"")
    assert [(c.conn_id, c.reason) for c in actions if isinstance(c, Close)] == [(1, "no pong")]
    assert len(engine.pongs) >= 2


def test_a_pong_to_the_latest_ping_answers_the_earlier_ones_too():
    engine = _engine(ping_interval=0.1, pong_timeout=0.25, symbols=())
    engine.on_connect(1, "/stream", 0.0)
    seen = []

    def every_other(ping):
        seen.append(ping)
        return ping.payload if len(seen) % 2 == 0 else None

    actions = _ping_and_answer(engine, every_other)
    assert len(seen) >= 3
    assert not [a for a in actions if isinstance(a, Close)]
    assert engine.connection_ids == [1]


def test_pongs_count_against_the_message_rate():
    engine = _engine(symbols=())
    engine.on_connect(1, "/stream", 0.0)
    listing = '{"method":"LIST_SUBSCRIPTIONS","id":1}'
    for i in range(4):
        assert _frames(engine.on_frame(1, listing, 0.1 + i * 0.01))
    assert engine.on_pong(1, b"", 0.15) == []
    (close,) = engine.on_pong(1, b"", 0.16)
    assert (close.code, close.reason) == (1008, "Too many messages")
    assert engine.connection_ids == [] and engine.rate_limit_disconnects == 1


def test_connections_are_closed_at_their_maximum_age():
    engine = _engine(max_connection_age=0.3, symbols=())
    engine.on_connect(1, "/stream", 0.0)
    engine.on_connect(2, "/stream", 0.2)
    closes = [a for a in _run(engine, 0.0, 0.35) if isinstance(a, Close)]
    assert [(c.conn_id, c.code) for c in closes] == [(1, 1000)]


def test_server_shutdown_is_announced_then_closes():
    engine = _engine(symbols=())
    engine.on_connect(1, "/stream", 0.0)
    engine.on_connect(2, "/ws", 0.0)
    engine.server_shutdown(grace=0.1)
    first = engine.tick(0.0)
    assert _frames(first, 1) == [
        {"stream": "!serverShutdown", "data": {"e": "serverShutdown", "E": 1_700_000_000_000}}
    ]
    assert _frames(first, 2) == [{"e": "serverShutdown", "E": 1_700_000_000_000}]
    closes = [a for a in _run(engine, 0.01, 0.2) if isinstance(a, Close)]
    assert sorted(c.conn_id for c in closes) == [1, 2]


def test_malformed_frames_are_sent_on_request():
    engine = _engine(symbols=())
    engine.on_connect(1, "/stream", 0.0)
    engine.send_malformed("{oops")
    assert engine.tick(0.0) == [Send(1, "{oops")]


@pytest.mark.parametrize("stream", [
    "btcusdt@kline_1s", "btcusdt@kline_1m@+08:00", "btcusdt@miniTicker", "!miniTicker@arr",
    "btcusdt@ticker", "btcusdt@ticker_1h", "!ticker_4h@arr", "btcusdt@bookTicker",
    "btcusdt@avgPrice", "btcusdt@depth5", "btcusdt@depth20@100ms", "btcusdt@depth",
    "btcusdt@depth@100ms",
])  # fmt: skip
def test_every_stream_kind_is_generated(stream):
    engine = _engine(period_scale=0.1)
    engine.on_connect(1, f"/stream?streams={stream}", 0.0)
    frames = _frames(_run(engine, 0.0, 0.5))
    assert frames and all(f["stream"] == stream for f in frames)


def test_diff_depth_updates_are_contiguous():
    engine = _engine(period_scale=0.1)
    engine.on_connect(1, "/stream?streams=btcusdt@depth@100ms", 0.0)
    events = [f["data"] for f in _frames(_run(engine, 0.0, 0.5))]
    assert len(events) > 2
    for previous, current in itertools.pairwise(events):
        assert current["U"] == previous["u"] + 1


def test_the_same_seed_gives_the_same_market():
    runs = []
    for _ in range(2):
        engine = _engine(seed=42)
        engine.on_connect(1, "/stream?streams=btcusdt@trade", 0.0)
        runs.append(_frames(_run(engine, 0.0, 0.2)))
    assert runs[0] == runs[1]
