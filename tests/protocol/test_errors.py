"""The one error tree: its shape, each error's fields, and each error's message."""

from __future__ import annotations

import doctest
import pickle

import pytest

import protocol.errors
from protocol.errors import (
    AuthenticationError,
    ConnectionClosed,
    ConnectionFailed,
    ConnectionLost,
    ConnectionRateExceeded,
    CreditLimitExceeded,
    InvalidParameters,
    MalformedMessage,
    MessageRateExceeded,
    NotConnected,
    ProtocolError,
    RateLimitError,
    RequestTimeout,
    SubscriptionLimitExceeded,
    TransportError,
    VenueClientError,
    VenueError,
    WeightLimitExceeded,
)

TREE = {
    VenueClientError: Exception,
    TransportError: VenueClientError,
    ConnectionFailed: TransportError,
    ConnectionLost: TransportError,
    ConnectionClosed: TransportError,
    NotConnected: TransportError,
    ProtocolError: VenueClientError,
    MalformedMessage: ProtocolError,
    InvalidParameters: ProtocolError,
    AuthenticationError: VenueClientError,
    RequestTimeout: VenueClientError,
    RateLimitError: VenueClientError,
    MessageRateExceeded: RateLimitError,
    SubscriptionLimitExceeded: RateLimitError,
    ConnectionRateExceeded: RateLimitError,
    WeightLimitExceeded: RateLimitError,
    CreditLimitExceeded: RateLimitError,
    VenueError: VenueClientError,
}


def test_the_module_docstring_examples_pass():
    failed, attempted = doctest.testmod(protocol.errors)
    assert attempted > 0
    assert failed == 0


def test_the_tree_covers_every_exported_error():
    assert {cls.__name__ for cls in TREE} == set(protocol.errors.__all__)


@pytest.mark.parametrize(("cls", "parent"), TREE.items(), ids=lambda c: c.__name__)
def test_each_error_sits_directly_under_its_parent(cls, parent):
    assert cls.__bases__ == (parent,)
    assert issubclass(cls, VenueClientError)


@pytest.mark.parametrize(
    ("cls", "siblings"),
    [
        (TransportError, [ProtocolError, AuthenticationError, RequestTimeout, RateLimitError]),
        (RateLimitError, [TransportError, ProtocolError, VenueError]),
        (VenueError, [TransportError, ProtocolError, RateLimitError, AuthenticationError]),
    ],
    ids=lambda value: getattr(value, "__name__", "siblings"),
)
def test_branches_do_not_overlap(cls, siblings):
    for sibling in siblings:
        assert not issubclass(cls, sibling)
        assert not issubclass(sibling, cls)


def test_connection_failed_names_the_url_and_reason():
    error = ConnectionFailed("ws://127.0.0.1:1", "connection refused")
    assert (error.url, error.reason) == ("ws://127.0.0.1:1", "connection refused")
    assert str(error) == "could not connect to ws://127.0.0.1:1: connection refused"


def test_connection_lost_defaults_to_a_known_outcome():
    error = ConnectionLost("socket closed")
    assert (error.reason, error.outcome_unknown, error.method) == ("socket closed", False, "")
    assert str(error) == "connection lost: socket closed"


def test_connection_lost_with_an_unknown_outcome_says_it_was_not_resent():
    error = ConnectionLost("eof", outcome_unknown=True, method="private/buy")
    assert error.outcome_unknown
    assert error.method == "private/buy"
    assert str(error) == (
        "connection lost: eof; the request 'private/buy' was sent and its outcome is unknown"
        " (not re-sent)"
    )


def test_connection_lost_with_an_unknown_outcome_and_no_method():
    assert str(ConnectionLost("eof", outcome_unknown=True)) == (
        "connection lost: eof; the request was sent and its outcome is unknown (not re-sent)"
    )


def test_connection_closed_has_a_default_and_a_custom_reason():
    assert str(ConnectionClosed()) == "connection closed by the client"
    assert str(ConnectionClosed("shutting down")) == "shutting down"


def test_not_connected_names_the_state_and_optional_detail():
    assert NotConnected("reconnecting").state == "reconnecting"
    assert str(NotConnected("reconnecting")) == "not connected (state: reconnecting)"
    assert str(NotConnected("failed", "gave up after 5 attempts")) == (
        "not connected (state: failed): gave up after 5 attempts"
    )


def test_malformed_message_carries_the_reason_only():
    error = MalformedMessage("not JSON")
    assert error.reason == "not JSON"
    assert str(error) == "malformed message: not JSON"


def test_invalid_parameters_names_the_field_and_problem():
    error = InvalidParameters("amount", "must be > 0")
    assert (error.field, error.problem) == ("amount", "must be > 0")
    assert str(error) == "invalid parameter 'amount': must be > 0"


def test_authentication_error_keeps_its_text():
    assert str(AuthenticationError("invalid credentials")) == "invalid credentials"


def test_request_timeout_names_the_method_and_timeout():
    error = RequestTimeout("public/get_time", 2.5)
    assert (error.method, error.timeout) == ("public/get_time", 2.5)
    assert str(error) == "no reply to 'public/get_time' within 2.5 s"


def test_rate_limit_errors_default_to_no_retry_after():
    assert RateLimitError("limited").retry_after == 0.0
    assert MessageRateExceeded(5, 1.0).retry_after == 0.0


def test_message_rate_exceeded_fields_and_text():
    error = MessageRateExceeded(limit=5, window=1.0, retry_after=0.2)
    assert (error.limit, error.window, error.retry_after) == (5, 1.0, 0.2)
    assert str(error) == "message rate exceeded: 5 messages per 1 s"


def test_subscription_limit_exceeded_fields_and_text():
    error = SubscriptionLimitExceeded(limit=1024, current=1024)
    assert (error.limit, error.current) == (1024, 1024)
    assert str(error) == "subscription limit exceeded: 1024 (current: 1024)"


def test_connection_rate_exceeded_fields_and_text():
    error = ConnectionRateExceeded(limit=300, window=300.0, retry_after=12.0)
    assert (error.limit, error.window, error.retry_after) == (300, 300.0, 12.0)
    assert str(error) == "connection rate exceeded: 300 per 300 s"


def test_weight_limit_exceeded_fields_and_text():
    error = WeightLimitExceeded(used=6001, limit=6000, window=60.0, retry_after=3.0)
    assert (error.used, error.limit, error.window, error.retry_after) == (6001, 6000, 60.0, 3.0)
    assert str(error) == "request weight exceeded: 6001/6000 in 60 s"


def test_credit_limit_exceeded_fields_and_text():
    error = CreditLimitExceeded("non_matching", cost=500, available=100, retry_after=0.04)
    assert (error.bucket, error.cost, error.available, error.retry_after) == (
        "non_matching",
        500,
        100,
        0.04,
    )
    assert str(error) == (
        "credits exhausted in 'non_matching': cost 500, available 100, retry after 0.040 s"
    )


def test_venue_error_fields_and_text_with_a_method():
    error = VenueError(13009, "unauthorized", {"reason": "token"}, "private/buy")
    assert (error.code, error.message, error.data, error.method) == (
        13009,
        "unauthorized",
        {"reason": "token"},
        "private/buy",
    )
    assert str(error) == "venue error 13009 in 'private/buy': unauthorized"


def test_venue_error_without_a_method():
    error = VenueError(-32602, "Invalid params")
    assert (error.data, error.method) == (None, "")
    assert str(error) == "venue error -32602: Invalid params"


def test_venue_errors_can_be_subclassed_by_venues():
    class NotEnoughFunds(VenueError):
        pass

    with pytest.raises(VenueError) as caught:
        raise NotEnoughFunds(10009, "not_enough_funds", None, "private/buy")
    assert caught.value.code == 10009


def test_translated_errors_keep_their_cause():
    cause = OSError("connection refused")
    with pytest.raises(ConnectionFailed) as caught:
        try:
            raise cause
        except OSError as exc:
            raise ConnectionFailed("ws://127.0.0.1:1", str(exc)) from exc
    assert caught.value.__cause__ is cause


def test_an_error_without_extra_fields_survives_pickling():
    # Errors cross process boundaries in user code (multiprocessing pools, logs).
    error = pickle.loads(pickle.dumps(AuthenticationError("invalid credentials")))
    assert str(error) == "invalid credentials"


@pytest.mark.parametrize(
    "error",
    [
        InvalidParameters("amount", "must be > 0"),
        RequestTimeout("public/get_time", 2.5),
        VenueError(13009, "unauthorized", None, "private/buy"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_errors_with_several_fields_survive_pickling(error):
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error)
    assert type(copy) is type(error)
    assert copy.__dict__ == error.__dict__
