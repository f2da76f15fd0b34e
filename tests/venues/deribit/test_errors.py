from __future__ import annotations

import pytest

from protocol.errors import AuthenticationError, VenueError
from venues.deribit import errors

TABLE = [
    (10028, errors.TooManyRequests),
    (13009, errors.Unauthorized),
    (13004, errors.InvalidCredentials),
    (10009, errors.NotEnoughFunds),
    (11044, errors.NotOpenOrder),
    (11050, errors.BadRequest),
    (11052, errors.SubscribeError),
    (13778, errors.RawSubscriptionsNotAvailable),
    (13888, errors.TimedOut),
    (-32600, errors.RequestEntityTooLarge),
    (-32601, errors.MethodNotFound),
    (-32602, errors.InvalidParams),
]


@pytest.mark.parametrize(("code", "cls"), TABLE)
def test_each_canonical_code_maps_to_its_class_with_all_details(code, cls):
    error = errors.error_for(code, "msg", {"param": "x"}, "private/buy")
    assert type(error) is cls
    assert isinstance(error, VenueError)
    assert (error.code, error.message, error.data, error.method) == (
        code,
        "msg",
        {"param": "x"},
        "private/buy",
    )


def test_unknown_codes_are_plain_venue_errors():
    error = errors.error_for(424242, "new", None, "public/test")
    assert type(error) is VenueError and error.code == 424242


def test_only_credential_codes_are_authentication_errors():
    auth = {
        cls for cls in errors.DeribitError.__subclasses__() if issubclass(cls, AuthenticationError)
    }
    assert auth == {errors.AuthorizationRequired, errors.InvalidCredentials, errors.Unauthorized}


def test_retryable_follows_the_documented_classification():
    assert errors.TooManyRequests.retryable and errors.TimedOut.retryable
    assert not errors.NotEnoughFunds.retryable and not errors.Unauthorized.retryable
