from __future__ import annotations

import json

import pytest

from actors import ManagedConnection, RateLimiter, WebSocketRateLimiter
from protocol.errors import InvalidParameters
from protocol.messages import Control, Event, Failure, Malformed, Reply
from venues.binance.spot.errors import (
    StreamControlError,
    StreamInvalidJson,
    StreamInvalidRequest,
    StreamInvalidValueType,
    StreamUnknownProperty,
)
from venues.binance.spot.public.streams import BookTickerEvent, PartialDepthEvent, TradeEvent
from venues.binance.spot.simulator import BinanceSpotSimulator
from venues.binance.spot.stream_codec import SERVER_SHUTDOWN, BinanceStreamCodec

TRADE = {"e": "trade", "E": 1, "s": "BNBBTC", "t": 12345, "p": "0.001", "q": "100", "T": 1,
         "m": True, "M": True}  # fmt: skip
BOOK = {"u": 400900217, "s": "BNBUSDT", "b": "25.35190000", "B": "31.21000000",
        "a": "25.36520000", "A": "40.66000000"}  # fmt: skip


@pytest.fixture
def codec():
    return BinanceStreamCodec()


def test_subscribe_is_encoded_as_the_venue_documents(codec):
    frame = codec.encode_request(1, "SUBSCRIBE", {"params": ["btcusdt@aggTrade", "btcusdt@depth"]})
    assert json.loads(frame) == {
        "method": "SUBSCRIBE", "params": ["btcusdt@aggTrade", "btcusdt@depth"], "id": 1,
    }  # fmt: skip


def test_list_subscriptions_has_no_params(codec):
    assert json.loads(codec.encode_request(3, "LIST_SUBSCRIPTIONS", None)) == {
        "method": "LIST_SUBSCRIPTIONS", "id": 3,
    }  # fmt: skip


@pytest.mark.parametrize(("method", "params", "field"), [
    ("SUBSCRIBEX", None, "method"), ("SUBSCRIBE", {"streams": []}, "params"),
    ("SUBSCRIBE", {"params": "btcusdt@trade"}, "params"),
])  # fmt: skip
def test_bad_requests_are_refused_before_encoding(codec, method, params, field):
    with pytest.raises(InvalidParameters) as info:
        codec.encode_request(1, method, params)
    assert info.value.field == field


def test_null_result_matches_the_request_id(codec):
    assert codec.decode('{"result": null, "id": 312}') == Reply(312, None)


def test_query_result_is_kept(codec):
    assert codec.decode('{"result": ["btcusdt@aggTrade"], "id": 3}') == Reply(
        3, ["btcusdt@aggTrade"]
    )


def test_control_error_keeps_code_and_id(codec):
    frame = '{"code": 2, "msg": "Invalid request: unknown variant SUBSCRIBEX", "id": 7}'
    assert codec.decode(frame) == Failure(7, 2, "Invalid request: unknown variant SUBSCRIBEX")


@pytest.mark.parametrize(("code", "cls"), [
    (0, StreamUnknownProperty), (1, StreamInvalidValueType), (2, StreamInvalidRequest),
    (3, StreamInvalidJson), (9, StreamControlError),
])  # fmt: skip
def test_control_error_codes_map_to_exceptions(codec, code, cls):
    error = codec.error(Failure(1, code, "text"), "SET_PROPERTY")
    assert type(error) is cls
    assert (error.code, error.method) == (code, "SET_PROPERTY")


def test_combined_trade_becomes_a_typed_event(codec):
    message = codec.decode(json.dumps({"stream": "bnbbtc@trade", "data": TRADE}))
    assert isinstance(message, Event) and message.channel == "bnbbtc@trade"
    assert message.data == TradeEvent.from_payload(TRADE)


def test_book_ticker_without_event_type_is_known_by_its_stream(codec):
    message = codec.decode(json.dumps({"stream": "bnbusdt@bookTicker", "data": BOOK}))
    assert message == Event("bnbusdt@bookTicker", BookTickerEvent.from_payload(BOOK))


def test_partial_depth_takes_its_symbol_from_the_stream(codec):
    data = {"lastUpdateId": 160, "bids": [], "asks": []}
    message = codec.decode(json.dumps({"stream": "bnbbtc@depth10", "data": data}))
    assert isinstance(message.data, PartialDepthEvent)
    assert (message.data.symbol, message.data.levels) == ("BNBBTC", 10)


def test_raw_trade_is_routed_to_its_stream(codec):
    assert codec.decode(json.dumps(TRADE)) == Event("bnbbtc@trade", TradeEvent.from_payload(TRADE))


def test_raw_book_ticker_is_routed_to_its_stream(codec):
    assert codec.decode(json.dumps(BOOK)).channel == "bnbusdt@bookTicker"


@pytest.mark.parametrize("frame", [
    '{"stream": "!serverShutdown", "data": {"e": "serverShutdown", "E": 1}}',
    '{"e": "serverShutdown", "E": 1}',
])  # fmt: skip
def test_server_shutdown_is_a_control_message(codec, frame):
    message = codec.decode(frame)
    assert isinstance(message, Control) and message.kind == SERVER_SHUTDOWN


@pytest.mark.parametrize("frame", [
    "not json", b"\xff\xfe", "[1, 2]", "42", '{"stream": "btcusdt@nope", "data": {}}',
    '{"stream": "bnbbtc@trade", "data": {"e": "trade"}}',
    '{"stream": "bnbbtc@trade", "data": []}', '{"stream": 5, "data": {}}',
    '{"lastUpdateId": 1, "bids": [], "asks": []}', '{"hello": "world"}',
])  # fmt: skip
def test_hostile_frames_become_malformed_never_raise(codec, frame):
    assert isinstance(codec.decode(frame), Malformed)


def test_gate_decides_what_an_event_becomes():
    seen = []

    def gate(stream, kind, event):
        seen.append((stream, kind.name, event.trade_id))
        return Control("duplicate", stream)

    message = BinanceStreamCodec(gate).decode(json.dumps({"stream": "bnbbtc@trade", "data": TRADE}))
    assert message == Control("duplicate", "bnbbtc@trade")
    assert seen == [("bnbbtc@trade", "trade", 12345)]


@pytest.mark.parametrize(
    ("method", "params", "cls", "code"),
    [
        ("GET_PROPERTY", ["compressed"], StreamUnknownProperty, 0),
        ("SET_PROPERTY", ["combined", "yes"], StreamInvalidValueType, 1),
        ("SET_PROPERTY", [1, True], StreamInvalidRequest, 2),
    ],
)
def test_the_simulators_control_errors_come_back_as_their_classes(method, params, cls, code):
    # The client validates these before sending, so a bare connection provokes them.
    with BinanceSpotSimulator() as sim:
        rate = RateLimiter(WebSocketRateLimiter(), sender=None)
        conn = ManagedConnection(sim.stream_url, BinanceStreamCodec(), sender=sim, limiter=rate)
        try:
            conn.connect(5.0)
            with pytest.raises(cls) as caught:
                conn.call(method, {"params": params}, timeout=5.0)
        finally:
            conn.close()
            rate.stop()
    assert (caught.value.code, caught.value.method) == (code, method)
    assert caught.value.message
