"""Authorising calls: timestamps at call time, recvWindow, signatures by session mode."""

from __future__ import annotations

from decimal import Decimal

from freezegun import freeze_time

from venues.binance.spot.private import order_status, ping, session_logon
from venues.binance.spot.private._auth import Authorizer
from venues.binance.spot.signing import Credentials, signature_payload, verify_ed25519

ED = Credentials("edkey", private_key=bytes(range(32)))
HMAC = Credentials("hmackey", secret_key="secret")
STATUS = order_status.build(symbol="BTCUSDT", order_id=1)


@freeze_time("2024-01-02 03:04:05.678")
def test_signed_calls_carry_the_timestamp_of_the_moment_they_are_sent():
    params = Authorizer(HMAC, recv_window=None).params(STATUS)
    assert params["timestamp"] == 1704164645678
    assert "recvWindow" not in params


def test_unsigned_calls_are_sent_as_built():
    assert Authorizer(HMAC, recv_window=5000).params(ping.build()) == {}


def test_a_call_recv_window_overrides_the_default():
    auth = Authorizer(HMAC, recv_window=5000)
    assert auth.params(STATUS)["recvWindow"] == 5000
    call = order_status.build(symbol="BTCUSDT", order_id=1, recv_window=Decimal("100.5"))
    assert auth.params(call)["recvWindow"] == Decimal("100.5")


def test_a_logged_on_ed25519_session_sends_only_the_timestamp():
    auth = Authorizer(ED, recv_window=None)
    auth.logged_on = True
    assert set(auth.params(STATUS)) == {"symbol", "orderId", "timestamp"}


def test_without_a_logon_every_signed_call_carries_key_and_signature():
    params = Authorizer(ED, recv_window=None).params(STATUS)
    assert params["apiKey"] == "edkey"
    assert verify_ed25519(ED.public_key_pem(), signature_payload(params), params["signature"])


def test_logon_is_signed_even_on_a_logged_on_session():
    auth = Authorizer(ED, recv_window=None)
    auth.logged_on = True
    assert {"apiKey", "signature", "timestamp"} == set(auth.params(session_logon.build()))
