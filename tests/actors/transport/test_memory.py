"""memory://: listeners, handshakes, the server's endpoint, bounded queues."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest

from actors.transport import MemoryListener, MemoryWebSocketConnection, listen
from protocol.errors import ConnectionClosed, ConnectionFailed, ConnectionLost, InvalidParameters


@pytest.fixture
def listener() -> Iterator[MemoryListener]:
    with listen(f"test-{uuid.uuid4().hex[:8]}") as owned:
        yield owned


@pytest.fixture
def pair(listener: MemoryListener):
    """A connected (client, server endpoint) pair; the client is closed afterwards."""
    client = MemoryWebSocketConnection(listener.url + "/ws?x=1", headers={"X-Token": "t"})
    accepting = threading.Thread(target=lambda: served.append(listener.accept(timeout=5)))
    served: list = []
    accepting.start()
    client.connect()
    accepting.join(5)
    yield client, served[0]
    client.close()


def test_a_name_can_be_listened_on_once(listener):
    with pytest.raises(InvalidParameters) as caught:
        listen(listener.name)
    assert caught.value.field == "name"


def test_a_closed_listener_frees_its_name(listener):
    listener.close()
    listen(listener.name).close()


@pytest.mark.parametrize("name", ["", "a/b", "a?b", 7])
def test_listener_names_must_be_plain(name):
    with pytest.raises(InvalidParameters):
        listen(name)


def test_connecting_to_an_unknown_name_is_connection_failed():
    client = MemoryWebSocketConnection(f"memory://nobody-{uuid.uuid4().hex}")
    with pytest.raises(ConnectionFailed, match="nothing listens"):
        client.connect()
    assert not client.is_open


def test_the_server_sees_the_path_and_headers(pair):
    _, endpoint = pair
    assert endpoint.path == "/ws?x=1"
    assert endpoint.headers == {"X-Token": "t"}
    assert endpoint.is_open


def test_the_server_receives_frames_with_their_types(pair):
    client, endpoint = pair
    client.send("text")
    client.send(bytearray(b"\x00"))
    assert [endpoint.recv(timeout=5), endpoint.recv(timeout=5)] == ["text", b"\x00"]


def test_recv_on_the_server_times_out_without_ending_the_connection(pair):
    _, endpoint = pair
    with pytest.raises(TimeoutError):
        endpoint.recv(timeout=0.01)
    assert endpoint.is_open


def test_the_client_close_code_reaches_the_server(pair):
    client, endpoint = pair
    client.send("last words")
    client.close(4000, "bye")
    assert endpoint.recv(timeout=5) == "last words"
    with pytest.raises(ConnectionLost, match="4000"):
        endpoint.recv(timeout=5)
    assert (endpoint.close_code, endpoint.close_reason) == (4000, "bye")


def test_after_the_server_closes_its_endpoint_raises_connection_closed(pair):
    client, endpoint = pair
    endpoint.close(1001, "restart")
    with pytest.raises(ConnectionClosed):
        endpoint.send("x")
    with pytest.raises(ConnectionLost, match="1001"):
        client.receive_batch()


def test_an_abort_is_seen_as_1006(pair):
    client, endpoint = pair
    endpoint.abort()
    with pytest.raises(ConnectionLost, match="1006"):
        client.receive_batch()
    assert client.close_code == 1006


def test_a_server_ping_is_answered_by_the_reading_client(pair):
    client, endpoint = pair
    answered = endpoint.ping(b"hi")
    endpoint.send("after the ping")
    assert not answered.is_set()
    assert client.receive_batch() == ["after the ping"]
    assert answered.is_set()


def test_a_refused_handshake_fails_the_connect_with_the_status(listener):
    client = MemoryWebSocketConnection(listener.url)
    refusing = threading.Thread(target=lambda: listener.pending(timeout=5).refuse(429))
    refusing.start()
    with pytest.raises(ConnectionFailed, match="HTTP 429"):
        client.connect()
    refusing.join(5)


def test_a_client_nobody_accepts_times_out_and_a_late_accept_fails(listener):
    client = MemoryWebSocketConnection(listener.url, connect_timeout=0.01)
    with pytest.raises(ConnectionFailed, match="timed out"):
        client.connect()
    with pytest.raises(ConnectionLost, match="left before"):
        listener.accept(timeout=1)


def test_closing_the_listener_refuses_waiting_clients_and_ends_pending(listener):
    client = MemoryWebSocketConnection(listener.url, connect_timeout=5)
    failure: list[BaseException] = []

    def attempt() -> None:
        try:
            client.connect()
        except ConnectionFailed as exc:
            failure.append(exc)

    attempt_thread = threading.Thread(target=attempt)
    attempt_thread.start()
    with listener._cond:  # notified when a client queues up for a decision
        assert listener._cond.wait_for(lambda: len(listener._queue) == 1, 5)
    listener.close()
    attempt_thread.join(5)
    assert len(failure) == 1
    with pytest.raises(ConnectionClosed):
        listener.pending(timeout=1)


def test_close_during_connect_makes_connect_raise_connection_closed(listener):
    client = MemoryWebSocketConnection(listener.url, connect_timeout=30)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            client.connect()
        except Exception as exc:
            outcome.append(exc)

    attempt_thread = threading.Thread(target=attempt)
    attempt_thread.start()
    handshake = listener.pending(timeout=5)
    client.close()
    attempt_thread.join(5)
    assert [type(e) for e in outcome] == [ConnectionClosed]
    with pytest.raises(ConnectionLost):
        handshake.accept()


def test_a_full_queue_holds_the_sender_until_the_reader_catches_up(listener):
    client = MemoryWebSocketConnection(listener.url, max_queued_frames=2)
    accepted: list = []
    accepting = threading.Thread(target=lambda: accepted.append(listener.accept(timeout=5)))
    accepting.start()
    client.connect()
    accepting.join(5)
    endpoint = accepted[0]
    sent = threading.Event()

    def send_three() -> None:
        for i in range(3):
            endpoint.send(f"f{i}")
        sent.set()

    sender = threading.Thread(target=send_three)
    sender.start()
    assert not sent.wait(0.05)
    assert client.receive_batch() == ["f0", "f1"]
    assert sent.wait(5)
    assert client.receive_batch() == ["f2"]
    sender.join(5)
    client.close()


def test_close_wakes_a_sender_held_by_a_full_queue(listener):
    client = MemoryWebSocketConnection(listener.url, max_queued_frames=1)
    accepting = threading.Thread(target=lambda: listener.accept(timeout=5))
    accepting.start()
    client.connect()
    accepting.join(5)
    client.send("fills the queue")
    outcome: list[BaseException] = []

    def send_one_more() -> None:
        try:
            client.send("waits")
        except ConnectionClosed as exc:
            outcome.append(exc)

    sender = threading.Thread(target=send_one_more)
    sender.start()
    client.close()
    sender.join(5)
    assert [type(e) for e in outcome] == [ConnectionClosed]


@pytest.mark.parametrize("url", ["memory://", "ws://host", "memory:name", None])
def test_memory_urls_need_a_name(url):
    with pytest.raises(InvalidParameters) as caught:
        MemoryWebSocketConnection(url)
    assert caught.value.field == "url"
