from __future__ import annotations

import pickle

import pytest
from freezegun import freeze_time

from protocol.errors import AuthenticationError, InvalidParameters
from protocol.secrets import Secret
from venues.deribit.credentials import Credentials
from venues.deribit.errors import InvalidCredentials, Unauthorized
from venues.deribit.private import auth

CREDS = Credentials("fo7WAPRm4P", "SECRET")


def test_signature_matches_the_worked_vector():
    expected = "812e64fe8aa3b7ae13803a88d341b9b45c3f08c2a173137d945be6874e1c6d1a"
    assert auth.signature(Secret("SECRET"), 1700000000000, "abcd1234", "") == expected


@freeze_time("2023-11-14 22:13:20")
def test_signature_request_is_signed_with_the_current_time(frame_of, monkeypatch):
    monkeypatch.setattr(auth.secrets, "token_hex", lambda n: "abcd1234")
    expected = frame_of(auth.build(CREDS), 9929)
    assert expected["params"]["timestamp"] == 1700000000000
    assert expected == {**expected, "method": "public/auth"}


@freeze_time("2023-11-14 22:13:20")
def test_signature_request_equals_the_documented_example(frame_of, request_fixture, monkeypatch):
    monkeypatch.setattr(auth.secrets, "token_hex", lambda n: "abcd1234")
    assert frame_of(auth.build(CREDS), 9929) == request_fixture("auth_signature")


def test_client_signature_never_sends_the_secret():
    params = auth.build(CREDS).params
    assert "client_secret" not in params
    assert "SECRET" not in str(params.values())


def test_client_credentials_and_refresh_grants_send_their_fields():
    assert auth.build(CREDS, grant_type="client_credentials").params["client_secret"] == "SECRET"
    call = auth.build(grant_type="refresh_token", refresh_token=Secret("r1"))
    assert call.params == {"grant_type": "refresh_token", "refresh_token": "r1"}


def test_a_session_scope_is_sent_as_session_name():
    call = auth.build(CREDS, scope=auth.scope_for("trader"))
    assert call.params["scope"] == "session:trader"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"grant_type": "password"}, "grant_type"),
        ({"grant_type": "refresh_token"}, "refresh_token"),
    ],
)
def test_bad_grants_are_refused_naming_the_field(kwargs, field):
    with pytest.raises(InvalidParameters) as excinfo:
        auth.build(CREDS, **kwargs)
    assert excinfo.value.field == field


def test_bad_session_names_are_refused():
    with pytest.raises(InvalidParameters) as excinfo:
        auth.scope_for("has space")
    assert excinfo.value.field == "session"


def test_result_holds_tokens_as_secrets(result_of):
    result = auth.build(CREDS).result(result_of("auth"))
    assert result.expires_in == 31536000
    assert result.scope == "connection mainaccount"
    assert result.access_token.expose_secret() == "1582628593469.1MbQ-J_4.CBP-"
    assert "1582628593469" not in repr(result)


def test_the_call_repr_never_shows_params_values():
    assert "SECRET" not in repr(auth.build(CREDS, grant_type="client_credentials"))


def test_auth_errors_are_authentication_errors():
    from venues.deribit.errors import error_for

    for code, cls in ((13004, InvalidCredentials), (13009, Unauthorized)):
        error = error_for(code, "x", None, auth.METHOD)
        assert isinstance(error, cls)
        assert isinstance(error, AuthenticationError)


def test_credentials_are_required_secret_and_unpicklable():
    with pytest.raises(InvalidParameters) as excinfo:
        Credentials("", "x")
    assert excinfo.value.field == "client_id"
    creds = Credentials("id-123", "very-secret")
    assert "very-secret" not in repr(creds) and "very-secret" not in str(creds)
    assert "id-123" not in repr(creds)
    with pytest.raises(TypeError):
        pickle.dumps(creds)
