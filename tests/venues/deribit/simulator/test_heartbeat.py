"""Heartbeats: test_request every interval, close when unanswered, scaled clock, idle close."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("interval", [9.99, 0, -5])
def test_an_interval_below_ten_seconds_is_invalid_params(sim, interval):
    error = sim.connect().error("public/set_heartbeat", {"interval": interval})
    assert (error["code"], error["data"]["param"]) == (-32602, "interval")


def test_set_heartbeat_answers_ok(sim):
    assert sim.connect().result("public/set_heartbeat", {"interval": 10}) == "ok"


def test_a_test_request_arrives_after_each_interval(sim):
    conn = sim.connect()
    conn.result("public/set_heartbeat", {"interval": 10})
    sim.tick(9.9)
    assert "test_request" not in conn.heartbeats()
    sim.tick(0.1)
    assert conn.heartbeats()[-1] == "test_request"
    assert conn.inbox[-1] == {
        "jsonrpc": "2.0",
        "method": "heartbeat",
        "params": {"type": "test_request"},
    }


def test_an_informational_heartbeat_arrives_between_test_requests(sim):
    conn = sim.connect()
    conn.result("public/set_heartbeat", {"interval": 10})
    sim.tick(5.0)
    assert conn.heartbeats() == ["heartbeat"]


def test_answering_with_public_test_keeps_the_connection_open(sim):
    conn = sim.connect()
    conn.result("public/set_heartbeat", {"interval": 10})
    for _ in range(5):
        sim.tick(10.0)
        assert conn.heartbeats()[-1] == "test_request"
        conn.result("public/test")
    assert conn.closed is None


def test_an_unanswered_test_request_closes_the_connection(sim):
    conn = sim.connect()
    conn.result("public/set_heartbeat", {"interval": 10})
    sim.tick(10.0)
    conn.result("public/get_time")  # any other request is not an answer
    sim.tick(9.9)
    assert conn.closed is None
    sim.tick(0.1)
    assert conn.closed is not None
    assert conn.closed.reason == "heartbeat timeout"


def test_a_closing_connection_gets_no_more_answers(sim):
    conn = sim.connect()
    conn.result("public/set_heartbeat", {"interval": 10})
    sim.tick(10.0)
    sim.tick(10.0)
    before = len(conn.inbox)
    conn.send('{"jsonrpc":"2.0","id":5,"method":"public/test"}')
    assert len(conn.inbox) == before


def test_the_heartbeat_clock_is_scaled(make_sim):
    sim = make_sim(heartbeat_scale=0.01)
    conn = sim.connect()
    conn.result("public/set_heartbeat", {"interval": 10})
    sim.tick(0.099)
    assert "test_request" not in conn.heartbeats()
    sim.tick(0.001)
    assert conn.heartbeats()[-1] == "test_request"
    sim.tick(0.1)
    assert conn.closed is not None


def test_disable_heartbeat_stops_test_requests(sim):
    conn = sim.connect()
    conn.result("public/set_heartbeat", {"interval": 10})
    assert conn.result("public/disable_heartbeat") == "ok"
    sim.tick(30.0)
    assert conn.heartbeats() == []
    assert conn.closed is None


def test_without_heartbeats_a_silent_connection_closes_after_ten_minutes(sim):
    conn = sim.connect()
    sim.tick(300.0)
    conn.result("public/test")
    sim.tick(599.0)
    assert conn.closed is None
    sim.tick(1.0)
    assert conn.closed is not None
    assert conn.closed.reason == "idle timeout"
