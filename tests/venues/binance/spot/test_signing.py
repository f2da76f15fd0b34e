"""Signing: the documented payload rule, the docs' HMAC vectors, Ed25519, secrecy."""

from __future__ import annotations

import base64
import copy
import logging
import pickle
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)

from protocol.errors import InvalidParameters
from protocol.secrets import Secret
from venues.binance.spot.signing import (
    Credentials,
    ed25519_public_key_pem,
    hmac_sha256_hex,
    signature_payload,
    verify_ed25519,
    verify_hmac,
)

# The docs' HMAC example key pair (web-socket-api.md, "SIGNED request example (HMAC)").
DOC_API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
DOC_PARAMS = {
    "symbol": "BTCUSDT",
    "side": "SELL",
    "type": "LIMIT",
    "timeInForce": "GTC",
    "quantity": "0.01000000",
    "price": "52000.00",
    "recvWindow": 100,
    "timestamp": 1645423376532,
    "apiKey": DOC_API_KEY,
}
DOC_PAYLOAD = (
    "apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&price=52000.00"
    "&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC"
    "&timestamp=1645423376532&type=LIMIT"
)
WIDE = "\uff11\uff12\uff13\uff14\uff15\uff16"  # the docs' full-width digits symbol
DOC_SIGNATURE = "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24"


def _pem() -> bytes:
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())


def test_payload_sorts_params_by_name_and_leaves_out_the_signature():
    assert signature_payload({**DOC_PARAMS, "signature": "x"}) == DOC_PAYLOAD


def test_payload_is_not_percent_encoded():
    assert signature_payload({"symbol": WIDE, "note": "a b&c"}) == f"note=a b&c&symbol={WIDE}"


def test_payload_writes_booleans_and_decimals_as_json_does():
    payload = signature_payload({"omitZeroBalances": True, "recvWindow": Decimal("6000.346")})
    assert payload == "omitZeroBalances=true&recvWindow=6000.346"


def test_hmac_signature_matches_the_documented_vector():
    assert hmac_sha256_hex(DOC_SECRET, DOC_PAYLOAD) == DOC_SIGNATURE


def test_hmac_signature_matches_the_documented_non_ascii_vector():
    payload = (
        f"apiKey={DOC_API_KEY}&price=0.10000000&quantity=1.00000000&recvWindow=5000&side=BUY"
        f"&symbol={WIDE}&timeInForce=GTC&timestamp=1645423376532&type=LIMIT"
    )
    expected = "b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd"
    assert hmac_sha256_hex(DOC_SECRET, payload) == expected


def test_hmac_credentials_sign_the_documented_request_with_its_key_and_signature():
    creds = Credentials(DOC_API_KEY, secret_key=DOC_SECRET)
    unsigned = {k: v for k, v in DOC_PARAMS.items() if k != "apiKey"}
    signed = creds.signed(unsigned)
    assert signed["apiKey"] == DOC_API_KEY
    assert signed["signature"] == DOC_SIGNATURE


def test_hmac_verification_ignores_case_but_not_content():
    assert verify_hmac(DOC_SECRET, DOC_PAYLOAD, DOC_SIGNATURE.upper())
    assert not verify_hmac(DOC_SECRET, DOC_PAYLOAD + "&x=1", DOC_SIGNATURE)


def test_ed25519_signature_is_base64_and_verifies_against_the_public_key():
    pem = _pem()
    creds = Credentials("edkey", private_key=pem)
    signature = creds.sign(DOC_PAYLOAD)
    assert len(base64.b64decode(signature)) == 64
    assert verify_ed25519(creds.public_key_pem(), DOC_PAYLOAD, signature)
    assert not verify_ed25519(creds.public_key_pem(), DOC_PAYLOAD + "x", signature)


def test_ed25519_accepts_pem_text_and_raw_bytes_of_the_same_key():
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    from_pem, from_raw = Credentials("k", private_key=pem), Credentials("k", private_key=raw)
    assert from_pem.sign("a=1") == from_raw.sign("a=1")
    assert from_pem.public_key_pem() == ed25519_public_key_pem(raw)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "private_key"),
        ({"private_key": bytes(32), "secret_key": "s"}, "private_key"),
        ({"private_key": "not a key"}, "private_key"),
        (
            {"private_key": b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"},
            "private_key",
        ),
        ({"secret_key": ""}, "secret_key"),
    ],
)
def test_credentials_refuse_anything_but_exactly_one_usable_key(kwargs, field):
    with pytest.raises(InvalidParameters) as caught:
        Credentials("key", **kwargs)
    assert caught.value.field == field


def test_credentials_refuse_an_empty_api_key():
    with pytest.raises(InvalidParameters) as caught:
        Credentials("", secret_key="s")
    assert caught.value.field == "api_key"


def test_credentials_never_show_their_secrets(caplog):
    pem = _pem()
    creds = [
        Credentials("publickey123", secret_key="topsecret123"),
        Credentials("publickey123", private_key=pem),
    ]
    for cred in creds:
        text = f"{cred!r} {cred} {cred.api_key!r}"
        logging.getLogger("test").warning("credentials: %s %r", cred, cred)
        for hidden in ("topsecret123", "publickey123", pem.decode()[30:60]):
            assert hidden not in text
            assert hidden not in caplog.text


def test_credentials_refuse_to_be_pickled_or_copied():
    creds = Credentials("k", secret_key="s")
    with pytest.raises(TypeError):
        pickle.dumps(creds)
    with pytest.raises(TypeError):
        copy.copy(creds)


def test_credentials_accept_secrets_as_given():
    creds = Credentials(Secret("k", name="api_key"), secret_key=Secret("s"))
    assert creds.sign("a=1") == hmac_sha256_hex("s", "a=1")


def test_hmac_credentials_have_no_public_key():
    with pytest.raises(InvalidParameters):
        Credentials("k", secret_key="s").public_key_pem()
