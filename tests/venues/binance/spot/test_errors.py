"""The Binance error table: codes to classes, statuses, outcome unknown, auth errors."""

from __future__ import annotations

import pytest

from protocol.errors import AuthenticationError, VenueError
from venues.binance.spot import errors
from venues.binance.spot.errors import (
    BinanceError,
    IpBanned,
    OutcomeUnknown,
    RateLimitRejected,
    StreamControlError,
    error_for,
    stream_error_for,
)

REQUIRED = {
    -1003: "TooManyRequests",
    -1006: "UnexpectedResponse",
    -1007: "BackendTimeout",
    -1013: "InvalidMessage",
    -1015: "TooManyOrders",
    -1021: "InvalidTimestamp",
    -1022: "InvalidSignature",
    -2010: "NewOrderRejected",
    -2011: "CancelRejected",
    -2013: "NoSuchOrder",
    -2014: "BadApiKeyFormat",
    -2015: "RejectedApiKey",
    -2035: "SubscriptionActive",
    -2036: "SubscriptionInactive",
}


@pytest.mark.parametrize(("code", "name"), sorted(REQUIRED.items()))
def test_each_documented_code_has_its_own_venue_error_class(code, name):
    err = error_for(code, "message", {"x": 1}, "order.place", status=400)
    assert type(err).__name__ == name
    assert isinstance(err, BinanceError) and isinstance(err, VenueError)
    assert (err.code, err.message, err.data, err.method) == (
        code,
        "message",
        {"x": 1},
        "order.place",
    )


def test_every_table_entry_maps_back_to_its_own_code():
    for code, cls in errors.ERRORS.items():
        assert cls.code_value == code
        assert type(error_for(code, "")) is cls


@pytest.mark.parametrize("code", [-1006, -1007])
def test_codes_meaning_execution_status_unknown_are_outcome_unknown(code):
    err = error_for(code, "status unknown", status=400)
    assert isinstance(err, OutcomeUnknown)
    assert err.outcome_unknown is True


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_any_5xx_status_is_outcome_unknown_whatever_the_code(status):
    err = error_for(-2010, "rejected?", status=status)
    assert isinstance(err, OutcomeUnknown)
    assert err.outcome_unknown


def test_plain_failures_are_not_outcome_unknown():
    assert error_for(-2010, "no", status=400).outcome_unknown is False


def test_status_418_is_a_ban_carrying_retry_after():
    err = error_for(-1003, "banned", {"retryAfter": 1659146400000}, status=418)
    assert isinstance(err, IpBanned)
    assert isinstance(err, RateLimitRejected)
    assert err.retry_after_ms == 1659146400000


def test_status_429_codes_are_rate_limit_rejections():
    assert isinstance(error_for(-1003, "slow", status=429), RateLimitRejected)
    assert isinstance(error_for(-1015, "orders", status=429), RateLimitRejected)


def test_retry_after_is_none_without_a_usable_value():
    assert error_for(-1003, "x", None, status=429).retry_after_ms is None
    assert error_for(-1003, "x", {"retryAfter": "soon"}, status=429).retry_after_ms is None


@pytest.mark.parametrize("code", [-1002, -1022, -2014, -2015])
def test_authentication_failures_are_also_authentication_errors(code):
    assert isinstance(error_for(code, "auth"), AuthenticationError)


def test_an_undocumented_code_is_a_plain_binance_error():
    err = error_for(-9999, "new")
    assert type(err) is BinanceError
    assert type(error_for(None, "no code")) is BinanceError


def test_the_error_keeps_status_and_rate_limits():
    err = error_for(-2010, "no", status=400, rate_limits=["usage"])
    assert (err.status, err.rate_limits) == (400, ("usage",))


@pytest.mark.parametrize(
    ("code", "name"),
    [
        (0, "StreamUnknownProperty"),
        (1, "StreamInvalidValueType"),
        (2, "StreamInvalidRequest"),
        (3, "StreamInvalidJson"),
    ],
)
def test_stream_control_codes_have_their_own_classes(code, name):
    err = stream_error_for(code, "msg", "SUBSCRIBE")
    assert type(err).__name__ == name
    assert isinstance(err, StreamControlError)
    assert (err.code, err.method) == (code, "SUBSCRIBE")


def test_an_unknown_stream_code_is_a_plain_stream_control_error():
    assert type(stream_error_for(99, "?")) is StreamControlError
