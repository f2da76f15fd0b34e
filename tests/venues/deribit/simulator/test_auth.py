"""public/auth: grant types, signatures, expiry, refresh, scopes, logout."""

from __future__ import annotations

import pytest

from venues.deribit.simulator import signature

AUTH_FIELDS = {
    "access_token",
    "refresh_token",
    "expires_in",
    "token_type",
    "scope",
    "enabled_features",
}
BUY = {"instrument_name": "BTC-PERPETUAL", "amount": 10, "type": "limit", "price": 49_000.0}


def signed(client_id: str, secret: str, timestamp: int, nonce: str = "abcd1234", data: str = ""):
    return {
        "grant_type": "client_signature",
        "client_id": client_id,
        "timestamp": timestamp,
        "nonce": nonce,
        "data": data,
        "signature": signature(secret, timestamp, nonce, data),
    }


def test_the_signature_matches_the_worked_vector_of_the_facts_file():
    assert signature("SECRET", 1700000000000, "abcd1234", "") == (
        "812e64fe8aa3b7ae13803a88d341b9b45c3f08c2a173137d945be6874e1c6d1a"
    )


def test_client_credentials_return_the_documented_token_object(sim):
    result = sim.connect().login("alice")
    assert set(result) == AUTH_FIELDS
    assert result["token_type"] == "bearer"
    assert result["expires_in"] == 900
    assert result["scope"] == "connection mainaccount"
    assert result["enabled_features"] == []
    assert result["access_token"] != result["refresh_token"]


def test_the_token_lifetime_is_configurable(make_sim):
    assert make_sim(token_ttl=2.0).connect().login()["expires_in"] == 2


def test_state_is_echoed(sim):
    assert sim.connect().login(state="xyz")["state"] == "xyz"


@pytest.mark.parametrize("client_id, secret", [("alice", "wrong"), ("mallory", "alice-secret")])
def test_wrong_client_credentials_are_invalid_credentials(sim, client_id, secret):
    error = sim.connect().error(
        "public/auth",
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert error == {"code": 13004, "message": "invalid_credentials"}


def test_an_unknown_grant_type_is_invalid_params(sim):
    error = sim.connect().error("public/auth", {"grant_type": "password"})
    assert (error["code"], error["data"]["param"]) == (-32602, "grant_type")


def test_a_correct_client_signature_authenticates(sim):
    conn = sim.connect()
    timestamp = int(sim.clock.now * 1000)
    result = conn.result("public/auth", signed("alice", "alice-secret", timestamp))
    assert set(result) == AUTH_FIELDS
    assert conn.result("private/get_position", {"instrument_name": "BTC-PERPETUAL"})["size"] == 0


def test_a_signature_made_with_another_secret_is_unauthorized(sim):
    timestamp = int(sim.clock.now * 1000)
    error = sim.connect().error("public/auth", signed("alice", "not-the-secret", timestamp))
    assert error["code"] == 13009


def test_a_signature_over_other_data_is_unauthorized(sim):
    params = signed("alice", "alice-secret", int(sim.clock.now * 1000))
    params["data"] = "tampered"
    assert sim.connect().error("public/auth", params)["code"] == 13009


def test_a_timestamp_older_than_60_seconds_is_refused_and_within_60_accepted(sim):
    now_ms = int(sim.clock.now * 1000)
    assert (
        sim.connect().error("public/auth", signed("alice", "alice-secret", now_ms - 60_001))["code"]
        == 13009
    )
    assert "access_token" in sim.connect().result(
        "public/auth", signed("alice", "alice-secret", now_ms - 60_000, nonce="n2")
    )


def test_a_nonce_is_accepted_only_once(sim):
    params = signed("alice", "alice-secret", int(sim.clock.now * 1000), nonce="once")
    sim.connect().result("public/auth", params)
    assert sim.connect().error("public/auth", params)["code"] == 13009


def test_private_methods_without_auth_are_unauthorized(sim):
    assert sim.connect().error("private/buy", BUY) == {"code": 13009, "message": "unauthorized"}


def test_an_expired_token_no_longer_authorizes_private_calls(make_sim):
    sim = make_sim(token_ttl=10.0)
    conn = sim.connect()
    conn.login()
    sim.clock.advance(9.9)
    assert conn.result("private/get_positions") == []
    sim.clock.advance(0.2)
    assert conn.error("private/get_positions")["code"] == 13009


def test_refresh_token_returns_a_new_pair_and_the_old_refresh_token_stops_working(make_sim):
    sim = make_sim(token_ttl=10.0)
    conn = sim.connect()
    first = conn.login()
    sim.clock.advance(8.0)
    second = conn.result(
        "public/auth", {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert second["access_token"] != first["access_token"]
    sim.clock.advance(8.0)
    assert conn.result("private/get_positions") == []
    again = conn.error(
        "public/auth", {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert again["code"] == 13009


def test_a_connection_scoped_token_is_unauthorized_on_another_connection(sim):
    first = sim.connect().login()
    other = sim.connect()
    error = other.error("private/get_positions", {"access_token": first["access_token"]})
    assert error["code"] == 13009
    refresh = other.error(
        "public/auth", {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert refresh["code"] == 13009


def test_a_session_scoped_token_works_on_another_connection(sim):
    tokens = sim.connect().login(scope="session:bot")
    assert tokens["scope"] == "session:bot mainaccount"
    other = sim.connect()
    assert other.result("private/get_positions", {"access_token": tokens["access_token"]}) == []
    assert other.result("private/get_positions") == []


def test_an_expires_scope_sets_the_token_lifetime(sim):
    result = sim.connect().login(scope="expires:60")
    assert result["expires_in"] == 60
    assert "expires:60" in result["scope"]


def test_a_read_only_trade_scope_forbids_trading_but_allows_reading(sim):
    conn = sim.connect()
    assert conn.login(scope="trade:read")["scope"].endswith("trade:read")
    assert conn.error("private/buy", BUY)["code"] == 13021
    assert conn.result("private/get_open_orders_by_currency", {"currency": "BTC"}) == []


def test_reject_auth_refuses_good_credentials_until_disabled(sim):
    sim.engine.world.tokens.reject_all = True
    assert (
        sim.connect().error(
            "public/auth",
            {
                "grant_type": "client_credentials",
                "client_id": "alice",
                "client_secret": "alice-secret",
            },
        )["code"]
        == 13004
    )
    sim.engine.world.tokens.reject_all = False
    assert "access_token" in sim.connect().login()


def test_logout_closes_the_socket_without_a_reply_and_invalidates_the_tokens(sim):
    conn = sim.connect()
    tokens = conn.login(scope="session:s1")
    conn.send('{"jsonrpc":"2.0","id":99,"method":"private/logout","params":{}}')
    assert not [m for m in conn.inbox if m.get("id") == 99]
    assert conn.closed is not None and conn.closed.code == 1000
    other = sim.connect()
    assert (
        other.error("private/get_positions", {"access_token": tokens["access_token"]})["code"]
        == 13009
    )


def test_logout_can_keep_the_tokens(sim):
    conn = sim.connect()
    tokens = conn.login(scope="session:s2")
    conn.send(
        '{"jsonrpc":"2.0","id":1,"method":"private/logout","params":{"invalidate_token":false}}'
    )
    other = sim.connect()
    assert other.result("private/get_positions", {"access_token": tokens["access_token"]}) == []
