"""DeribitSimulator over real loopback sockets (websocket-client) and ``memory://``."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import websocket

from actors.transport import MemoryWebSocketConnection
from venues.deribit.simulator import DeribitSimulator

ACCOUNTS = {"alice": "alice-secret"}
WAIT = 5.0


@pytest.fixture
def make_simulator() -> Iterator[Callable[..., DeribitSimulator]]:
    started: list[DeribitSimulator] = []

    def make(**options: Any) -> DeribitSimulator:
        sim = DeribitSimulator(ACCOUNTS, **options).start()
        started.append(sim)
        return sim

    yield make
    for sim in started:
        sim.stop()


def test_a_client_authenticates_subscribes_and_receives_trades_over_a_real_socket(
    make_simulator, client_of
):
    sim = make_simulator(market_data_rate=50.0)
    assert sim.url.startswith("ws://127.0.0.1:") and sim.url.endswith("/ws/api/v2")
    client = client_of(sim.url)
    assert isinstance(client.call("public/get_time")["result"], int)
    client.login()
    reply = client.call("public/subscribe", {"channels": ["trades.BTC-PERPETUAL.raw"]})
    assert reply["result"] == ["trades.BTC-PERPETUAL.raw"]
    trades = client.wait_for(lambda m: m.get("method") == "subscription")["params"]
    assert trades["channel"] == "trades.BTC-PERPETUAL.raw"
    assert trades["data"][0]["instrument_name"] == "BTC-PERPETUAL"
    assert sim.wait_for_connections(1, WAIT)
    (conn_id,) = sim.connection_ids
    assert sim.subscriptions(conn_id) == ["trades.BTC-PERPETUAL.raw"]
    assert sim.authenticated_as(conn_id) == "alice"


def test_no_trade_is_lost_between_the_first_and_last_trade_seq(make_simulator, client_of):
    sim = make_simulator(market_data_rate=100.0)
    client = client_of(sim.url)
    client.call("public/subscribe", {"channels": ["trades.ETH-PERPETUAL.100ms"]})
    seqs: list[int] = []
    while len(seqs) < 30:
        message = client.wait_for(lambda m: m.get("method") == "subscription")
        seqs += [t["trade_seq"] for t in message["params"]["data"]]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert sim.last_trade_seq("ETH-PERPETUAL") >= seqs[-1]


def test_the_memory_url_serves_the_same_engine(make_simulator):
    sim = make_simulator(market_data_rate=0.0)
    assert sim.memory_url.startswith("memory://deribit-") and sim.memory_url.endswith("/ws/api/v2")
    transport = MemoryWebSocketConnection(sim.memory_url, read_timeout=WAIT)
    transport.connect()
    try:
        transport.send('{"jsonrpc":"2.0","id":1,"method":"public/test","params":{}}')
        (frame,) = transport.receive_batch()
        assert json.loads(frame)["result"] == {"version": "1.2.26"}
    finally:
        transport.close()


def test_drop_connections_cuts_the_socket_and_cancel_on_disconnect_cancels(
    make_simulator, client_of
):
    sim = make_simulator(market_data_rate=0.0)
    client = client_of(sim.url)
    client.login()
    client.call("private/enable_cancel_on_disconnect")
    order = client.call(
        "private/buy", {"instrument_name": "BTC-PERPETUAL", "amount": 10, "price": 49_000.0}
    )
    assert [o["order_id"] for o in sim.open_orders("alice")] == [
        order["result"]["order"]["order_id"]
    ]
    assert sim.drop_connections() == 1
    assert sim.wait_for_connections(0, WAIT)
    client.wait_closed()
    assert sim.open_orders("alice") == []
    assert sim.orders("alice")[0]["cancel_reason"] == "cancel_on_disconnect"


def test_an_unanswered_test_request_closes_the_socket_on_the_scaled_clock(
    make_simulator, client_of
):
    sim = make_simulator(market_data_rate=0.0, heartbeat_scale=0.01)
    client = client_of(sim.url)
    assert client.call("public/set_heartbeat", {"interval": 10})["result"] == "ok"
    client.wait_for(lambda m: m.get("params", {}).get("type") == "test_request")
    client.wait_closed()
    assert sim.wait_for_connections(0, WAIT)


def test_answering_every_test_request_keeps_the_socket_open(make_simulator, client_of):
    sim = make_simulator(market_data_rate=0.0, heartbeat_scale=0.01)
    client = client_of(sim.url)
    client.call("public/set_heartbeat", {"interval": 10})
    for _ in range(3):
        client.wait_for(lambda m: m.get("params", {}).get("type") == "test_request")
        assert client.call("public/test")["result"]["version"]
    assert sim.connection_count == 1
    assert sim.heartbeat_interval(sim.connection_ids[0]) == 10.0


def test_too_many_requests_answers_10028_and_closes_the_socket(make_simulator, client_of):
    sim = make_simulator(market_data_rate=0.0)
    client = client_of(sim.url)
    for _ in range(150):
        client.send("public/test")
    client.wait_closed()
    errors = [m["error"] for m in client.seen if "error" in m]
    assert errors == [{"code": 10028, "message": "too_many_requests"}]
    assert len([m for m in client.seen if "result" in m]) == 100
    assert sim.wait_for_connections(0, WAIT)


def test_send_malformed_reaches_the_client_as_is(make_simulator, client_of):
    sim = make_simulator(market_data_rate=0.0)
    client = client_of(sim.url)
    client.call("public/test")
    assert sim.send_malformed('{"jsonrpc": "2.0", "method": ') == 1
    assert client.ws.recv() == '{"jsonrpc": "2.0", "method": '


def test_refuse_connections_refuses_the_next_handshake_only(make_simulator, client_of):
    sim = make_simulator(market_data_rate=0.0)
    sim.refuse_connections(1)
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(sim.url, timeout=WAIT)
    assert client_of(sim.url).call("public/test")["result"]


def test_reject_auth_and_fail_method_change_the_answers(make_simulator, client_of):
    sim = make_simulator(market_data_rate=0.0)
    client = client_of(sim.url)
    sim.reject_auth()
    params = {
        "grant_type": "client_credentials",
        "client_id": "alice",
        "client_secret": "alice-secret",
    }
    assert client.call("public/auth", params)["error"]["code"] == 13004
    sim.reject_auth(False)
    assert "result" in client.call("public/auth", params)
    sim.fail_method("private/buy", 10009)
    reply = client.call(
        "private/buy", {"instrument_name": "BTC-PERPETUAL", "amount": 10, "type": "market"}
    )
    assert reply["error"] == {"code": 10009, "message": "not_enough_funds"}


def test_a_stall_holds_replies_until_resume(make_simulator, client_of):
    sim = make_simulator(market_data_rate=0.0)
    client = client_of(sim.url)
    client.call("public/test")
    sim.stall()
    received = threading.Event()

    def read() -> None:
        client.next_message()
        received.set()

    request_id = client.send("public/get_time")
    reader = threading.Thread(target=read, name="test-reader")
    reader.start()
    assert not received.wait(0.2)
    sim.resume()
    assert received.wait(WAIT)
    reader.join(WAIT)
    assert client.seen[-1]["id"] == request_id


def test_set_index_price_fills_a_resting_order_and_notifies_it(make_simulator, client_of):
    sim = make_simulator(market_data_rate=0.0)
    client = client_of(sim.url)
    client.login()
    client.call("private/subscribe", {"channels": ["user.orders.BTC-PERPETUAL.raw"]})
    client.call(
        "private/buy", {"instrument_name": "BTC-PERPETUAL", "amount": 10, "price": 49_990.0}
    )
    sim.set_index_price("btc_usd", 49_900.0)
    update = client.wait_for(
        lambda m: (
            m.get("method") == "subscription" and m["params"]["data"]["order_state"] == "filled"
        )
    )
    assert update["params"]["data"]["average_price"] == 49_990.0
    assert sim.position("alice", "BTC-PERPETUAL")["size"] == 10.0
    assert sim.balance("alice", "BTC") == 10.0  # maker fee on perpetuals is 0


def test_stop_closes_the_clients_and_joins_every_simulator_thread(client_of):
    before = {t for t in threading.enumerate() if t.name.startswith("venue-sim")}
    sim = DeribitSimulator(ACCOUNTS, market_data_rate=10.0).start()
    client = client_of(sim.url)
    client.call("public/test")
    sim.stop()
    client.wait_closed()
    after = {t for t in threading.enumerate() if t.name.startswith("venue-sim")}
    assert after <= before
