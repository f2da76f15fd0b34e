"""The WebSocket API codec over the documented frames (tests/fixtures/binance/api_*.json)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from protocol.messages import Control, Event, Failure, Malformed, Reply
from venues.binance.spot.api_codec import (
    USER_DATA_CHANNEL,
    ApiFailureDetail,
    ApiResponse,
    BinanceApiCodec,
    RateLimitUsage,
)
from venues.binance.spot.errors import BinanceError
from venues.binance.spot.private.user_data import (
    BalanceUpdate,
    ExecutionReport,
    OutboundAccountPosition,
    UserDataEvent,
)

FIXTURES = Path(__file__).parents[3] / "fixtures" / "binance"
REPLIES = json.loads((FIXTURES / "api_replies.json").read_text())
ERRORS = json.loads((FIXTURES / "api_errors.json").read_text())["cases"]
USER_DATA = json.loads((FIXTURES / "api_user_data.json").read_text())

codec = BinanceApiCodec()


def test_requests_are_id_method_params_with_decimals_as_text():
    frame = codec.encode_request(7, "order.place", {"price": Decimal("0.10"), "timestamp": 5})
    assert json.loads(frame) == {
        "id": 7,
        "method": "order.place",
        "params": {"price": "0.10", "timestamp": 5},
    }


def test_requests_without_params_carry_no_params_key():
    assert json.loads(codec.encode_request("a", "ping", None)) == {"id": "a", "method": "ping"}


@pytest.mark.parametrize("name", [k for k in REPLIES if not k.startswith("_")])
def test_documented_replies_decode_to_replies_carrying_their_rate_limits(name):
    frame = REPLIES[name]
    message = codec.decode(json.dumps(frame))
    assert isinstance(message, Reply)
    assert message.id == frame["id"]
    assert isinstance(message.result, ApiResponse)
    assert message.result.result == frame["result"]
    assert len(message.result.rate_limits) == len(frame.get("rateLimits", []))


def test_rate_limits_are_typed_with_their_window():
    message = codec.decode(json.dumps(REPLIES["order.place.ACK"]))
    assert message.result.rate_limits == (
        RateLimitUsage("ORDERS", "SECOND", 10, 50, 1),
        RateLimitUsage("ORDERS", "DAY", 1, 160000, 1),
        RateLimitUsage("REQUEST_WEIGHT", "MINUTE", 1, 6000, 1),
    )
    assert [u.window_seconds for u in message.result.rate_limits] == [10.0, 86400.0, 60.0]


def test_malformed_rate_limit_entries_are_skipped_not_fatal():
    frame = {"id": 1, "status": 200, "result": {}, "rateLimits": [{"interval": "WEEK"}, 5]}
    message = codec.decode(json.dumps(frame))
    assert isinstance(message, Reply)
    assert message.result.rate_limits == ()


@pytest.mark.parametrize("case", ERRORS, ids=lambda c: c["class"])
def test_documented_errors_become_failures_and_map_to_their_class(case):
    message = codec.decode(json.dumps(case["frame"]))
    assert isinstance(message, Failure)
    assert isinstance(message.extra, ApiFailureDetail)
    err = codec.error(message, "order.place")
    assert type(err).__name__ == case["class"]
    assert err.outcome_unknown is case["outcome_unknown"]
    assert err.status == case["status"]
    assert len(err.rate_limits) == case["rate_limits"]
    assert err.method == "order.place"
    assert err.retry_after_ms == case.get("retry_after_ms")


def test_an_error_reply_without_an_error_object_still_fails_with_its_status():
    message = codec.decode('{"id": 3, "status": 503}')
    assert isinstance(message, Failure)
    assert codec.error(message, "order.place").outcome_unknown


def test_an_error_without_a_request_id_is_a_control_carrying_the_error():
    frame = {"id": None, "status": 401, "error": {"code": -2015, "msg": "Invalid API-key"}}
    message = codec.decode(json.dumps(frame))
    assert isinstance(message, Control)
    assert message.kind == "unsolicited_error"
    assert isinstance(message.payload, BinanceError)
    assert message.payload.code == -2015


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("executionReport", ExecutionReport),
        ("outboundAccountPosition", OutboundAccountPosition),
        ("balanceUpdate", BalanceUpdate),
        ("eventStreamTerminated", UserDataEvent),
    ],
)
def test_user_data_events_are_typed_events_on_the_user_data_channel(name, kind):
    message = codec.decode(json.dumps(USER_DATA[name]))
    assert isinstance(message, Event)
    assert message.channel == USER_DATA_CHANNEL
    assert isinstance(message.data, kind)
    assert message.data.subscription_id == 0


def test_server_shutdown_is_a_control():
    message = codec.decode(json.dumps(USER_DATA["serverShutdown"]))
    assert message == Control("server_shutdown", {"e": "serverShutdown", "E": 1770123456789})


@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        "[1, 2]",
        '{"id": 1}',
        '{"id": 1, "status": "200"}',
        '{"subscriptionId": 0, "event": {"e": "executionReport", "E": 1}}',
        '{"subscriptionId": "x", "event": {"e": "balanceUpdate"}}',
        b"\xff\xfe",
        '{"event": "x"}',
    ],
)
def test_hostile_frames_are_malformed_and_never_raise(frame):
    assert isinstance(codec.decode(frame), Malformed)


def test_an_injected_event_decoder_replaces_the_default():
    custom = BinanceApiCodec(decode_event=lambda event, sub: ("seen", event["e"], sub))
    message = custom.decode(json.dumps(USER_DATA["balanceUpdate"]))
    assert message.data == ("seen", "balanceUpdate", 0)
