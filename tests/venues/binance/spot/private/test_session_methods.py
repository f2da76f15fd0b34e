"""session.logon / session.status / session.logout, ping and time: builders and replies."""

from __future__ import annotations

from venues.binance.spot.private import (
    ping,
    server_time,
    session_logon,
    session_logout,
    session_status,
)


def test_logon_is_always_signed_and_costs_two():
    call = session_logon.build()
    assert (call.method, call.weight, call.security, call.params) == (
        "session.logon",
        2,
        "always_signed",
        {},
    )


def test_the_documented_logon_reply_parses_without_showing_the_key(replies):
    status = session_logon.parse(replies["session.logon"]["result"])
    assert status.logged_on
    assert status.authorized_since == 1649729878532
    assert status.user_data_stream is False
    assert replies["session.logon"]["result"]["apiKey"] not in repr(status)


def test_the_documented_logout_reply_means_logged_off(replies):
    status = session_logout.parse(replies["session.logout"]["result"])
    assert not status.logged_on
    assert session_logout.build().method == "session.logout"


def test_session_status_costs_two_and_needs_no_signature():
    call = session_status.build()
    assert (call.method, call.weight, call.security) == ("session.status", 2, "none")


def test_ping_and_time_cost_one(replies):
    assert (ping.build().weight, server_time.build().weight) == (1, 1)
    assert ping.parse(replies["ping"]["result"]) is None
    assert server_time.parse(replies["time"]["result"]) == 1656400526260
