"""BinanceSpotSimulator: both products on real loopback servers, faults by product."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest

from actors.transport import WebSocketClientBuilder
from protocol.errors import ConnectionFailed, ConnectionLost, InvalidParameters
from venues.binance.spot.simulator import BinanceSpotSimulator, SimAccount

WAIT = 5.0


def _sim_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("venue-sim")}


@pytest.fixture
def sim() -> Iterator[BinanceSpotSimulator]:
    account = SimAccount("facadekey", secret_key="facadesecret", balances={"USDT": "10"})
    with BinanceSpotSimulator([account]) as simulator:
        yield simulator


def _open(url: str):
    transport = WebSocketClientBuilder(url, connect_timeout=WAIT, read_timeout=WAIT).build()
    transport.connect()
    return transport


def test_each_product_has_its_own_url_and_memory_url(sim):
    assert sim.api_url.startswith("ws://127.0.0.1:") and sim.api_url.endswith("/ws-api/v3")
    assert sim.stream_url.startswith("ws://127.0.0.1:") and sim.stream_url.endswith("/stream")
    assert sim.api_url.split("/")[2] != sim.stream_url.split("/")[2]
    assert sim.api_memory_url != sim.stream_memory_url
    assert sim.api_memory_url.startswith("memory://")


def test_the_api_answers_requests_over_a_real_socket(sim):
    transport = _open(sim.api_url)
    try:
        transport.send(json.dumps({"id": 1, "method": "time"}))
        reply = json.loads(transport.receive())
        assert reply["status"] == 200 and "serverTime" in reply["result"]
    finally:
        transport.close()


def test_the_api_answers_on_memory_too(sim):
    transport = _open(sim.api_memory_url)
    try:
        transport.send(json.dumps({"id": "a", "method": "ping"}))
        assert json.loads(transport.receive())["result"] == {}
    finally:
        transport.close()


def test_dropping_one_product_leaves_the_other_connected(sim):
    api, streams = _open(sim.api_url), _open(sim.stream_url)
    try:
        assert sim.api_server.wait_for_connections(1, WAIT)
        assert sim.stream_server.wait_for_connections(1, WAIT)
        assert sim.drop_connections("api") == 1
        with pytest.raises(ConnectionLost):
            api.receive()
        assert sim.stream_server.connection_count == 1
    finally:
        api.close()
        streams.close()


def test_forced_errors_and_malformed_frames_reach_the_api_client(sim):
    sim.force_error("ping", -1008, "busy", status=503)
    transport = _open(sim.api_url)
    try:
        assert sim.api_server.wait_for_connections(1, WAIT)
        transport.send(json.dumps({"id": 1, "method": "ping"}))
        reply = json.loads(transport.receive())
        assert (reply["status"], reply["error"]["code"]) == (503, -1008)
        assert sim.send_malformed("{oops", which="api") == 1
        assert transport.receive() == "{oops"
    finally:
        transport.close()


def test_a_server_shutdown_notice_reaches_the_api(sim):
    transport = _open(sim.api_url)
    try:
        assert sim.api_server.wait_for_connections(1, WAIT)
        sim.server_shutdown("api")
        assert json.loads(transport.receive())["event"]["e"] == "serverShutdown"
    finally:
        transport.close()


def test_refused_connections_count_per_product(sim):
    sim.refuse_connections(1, which="streams")
    with pytest.raises(ConnectionFailed):
        _open(sim.stream_url)
    assert sim.stream_server.connections_refused == 1
    assert sim.api_server.connections_refused == 0


def test_an_unknown_product_name_is_refused(sim):
    with pytest.raises(InvalidParameters) as caught:
        sim.stall("everything")  # type: ignore[arg-type]
    assert caught.value.field == "which"


def test_stopping_joins_every_server_thread():
    before = _sim_threads()
    with BinanceSpotSimulator() as simulator:
        assert simulator.api_server.port != simulator.stream_server.port
    assert _sim_threads() - before == set()


class _Reader:
    """Reads (so answers pings) until the connection ends; keeps frames and the error."""

    def __init__(self, transport) -> None:
        self.frames: list[str | bytes] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(transport,), name="test-reader")
        self.thread.start()

    def _run(self, transport) -> None:
        try:
            while True:
                self.frames += transport.receive_batch()
        except ConnectionLost as exc:
            self.error = exc

    def ended(self) -> BaseException | None:
        self.thread.join(WAIT)
        assert not self.thread.is_alive()
        return self.error


_LISTING = '{"method":"LIST_SUBSCRIPTIONS","id":%d}'


def test_a_raw_stream_client_sending_six_messages_in_a_second_is_disconnected(sim):
    transport = _open(sim.stream_url)
    try:
        assert sim.stream_server.wait_for_connections(1, WAIT)
        sim.stall("streams")  # the six frames reach the venue together on resume
        for request_id in range(1, 7):
            transport.send(_LISTING % request_id)
        reader = _Reader(transport)
        sim.resume("streams")
        error = reader.ended()
    finally:
        transport.close()
    assert error is not None and "1008" in str(error) and "Too many messages" in str(error)
    assert [json.loads(f)["id"] for f in reader.frames] == [1, 2, 3, 4, 5]
    assert sim.streams.rate_limit_disconnects == 1
    assert sim.stream_server.wait_for_connections(0, WAIT)


def test_a_pong_is_the_sixth_message_that_disconnects_a_raw_stream_client(sim):
    transport = _open(sim.stream_url)
    try:
        assert sim.stream_server.wait_for_connections(1, WAIT)
        (conn_id,) = sim.stream_server.connection_ids
        sim.stall("streams")
        for request_id in range(1, 6):
            transport.send(_LISTING % request_id)
        reader = _Reader(transport)  # answers the ping while the venue holds the five
        assert sim.stream_server.ping(conn_id, b"are you there").wait(WAIT)
        sim.resume("streams")
        error = reader.ended()
    finally:
        transport.close()
    assert error is not None and "1008" in str(error) and "Too many messages" in str(error)
    assert sim.streams.pongs == [b"are you there"]
    assert sim.streams.frames_received == 5 and sim.streams.rate_limit_disconnects == 1
