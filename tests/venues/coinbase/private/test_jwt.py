"""JWTs: header and claims exactly per the venue facts, signatures both key types verify."""

from __future__ import annotations

import pickle
import time

import pytest
from freezegun import freeze_time

from venues.coinbase.private.credentials import Credentials
from venues.coinbase.private.jwt import b64url, build_jwt, read_unverified
from venues.coinbase.simulator.auth import JwtRejected, load_public_key, verify_jwt

NOW = 1_700_000_000


def _credentials(key, key_name, to_pem) -> Credentials:
    return Credentials(key_name, to_pem(key))


def test_header_names_algorithm_key_and_a_random_nonce(signing_key, key_name, to_pem):
    creds = _credentials(signing_key, key_name, to_pem)
    first, _ = read_unverified(build_jwt(creds, now=NOW))
    second, _ = read_unverified(build_jwt(creds, now=NOW))
    assert set(first) == {"alg", "kid", "nonce", "typ"}
    assert first["alg"] == creds.algorithm and first["kid"] == key_name and first["typ"] == "JWT"
    assert len(first["nonce"]) == 32 and int(first["nonce"], 16) >= 0
    assert first["nonce"] != second["nonce"]


def test_claims_are_iss_sub_nbf_and_exp_two_minutes_later_without_uri(
    signing_key, key_name, to_pem
):
    _, claims = read_unverified(build_jwt(_credentials(signing_key, key_name, to_pem), now=NOW))
    assert claims == {"iss": "cdp", "nbf": NOW, "exp": NOW + 120, "sub": key_name}


@freeze_time("2024-01-01 00:00:00")
def test_the_clock_is_read_at_signing_time(signing_key, key_name, to_pem):
    _, claims = read_unverified(build_jwt(_credentials(signing_key, key_name, to_pem)))
    assert claims["nbf"] == int(time.time()) == 1704067200


def test_signature_verifies_with_the_public_key(signing_key, key_name, to_pem):
    token = build_jwt(_credentials(signing_key, key_name, to_pem), now=NOW)
    keys = {key_name: load_public_key(signing_key.public_key())}
    assert verify_jwt(token, keys, now=NOW + 1) == key_name


def test_a_tampered_token_is_rejected(signing_key, key_name, to_pem):
    token = build_jwt(_credentials(signing_key, key_name, to_pem), now=NOW)
    header, _, signature = token.split(".")
    forged = b64url(
        b'{"iss":"cdp","nbf":1700000000,"exp":1800000000,"sub":"%s"}' % key_name.encode()
    )
    keys = {key_name: load_public_key(signing_key)}
    with pytest.raises(JwtRejected, match="bad signature"):
        verify_jwt(f"{header}.{forged}.{signature}", keys, now=NOW)


def test_an_expired_token_is_rejected(signing_key, key_name, to_pem):
    token = build_jwt(_credentials(signing_key, key_name, to_pem), now=NOW)
    with pytest.raises(JwtRejected, match="expired"):
        verify_jwt(token, {key_name: load_public_key(signing_key)}, now=NOW + 120)


def test_a_token_from_another_key_is_rejected(signing_key, key_name, to_pem):
    from cryptography.hazmat.primitives.asymmetric import ed25519

    other = ed25519.Ed25519PrivateKey.generate()
    token = build_jwt(_credentials(signing_key, key_name, to_pem), now=NOW)
    with pytest.raises(JwtRejected):
        verify_jwt(token, {key_name: load_public_key(other)}, now=NOW)


def test_raw_base64_ed25519_keys_are_accepted(key_name):
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate()
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    creds = Credentials(key_name, base64.b64encode(raw + key.public_key().public_bytes_raw()))
    token = build_jwt(creds, now=NOW)
    assert verify_jwt(token, {key_name: load_public_key(key)}, now=NOW) == key_name


def test_the_private_key_never_shows_and_never_pickles(signing_key, key_name, to_pem):
    pem = to_pem(signing_key)
    creds = Credentials(key_name, pem)
    body = pem.splitlines()[1]
    assert body not in repr(creds) and body not in str(creds)
    with pytest.raises(TypeError):
        pickle.dumps(creds)


@pytest.mark.parametrize(
    ("key_name", "private_key", "field"),
    [
        ("", "x", "key_name"),
        ("organizations/o/apiKeys/k", "", "private_key"),
        ("organizations/o/apiKeys/k", "-----BEGIN PRIVATE KEY-----\nnope\n", "private_key"),
        ("organizations/o/apiKeys/k", "c2hvcnQ=", "private_key"),
    ],
)
def test_bad_credentials_are_refused_naming_the_field(key_name, private_key, field):
    from protocol.errors import InvalidParameters

    with pytest.raises(InvalidParameters) as caught:
        Credentials(key_name, private_key)
    assert caught.value.field == field
    assert "nope" not in str(caught.value)
