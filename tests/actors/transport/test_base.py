"""The WebSocketConnection contract, on every transport (ws:// and memory://)."""

from __future__ import annotations

import threading

import pytest

from actors.transport import WebSocketClientBuilder
from protocol.errors import (
    ConnectionClosed,
    ConnectionFailed,
    ConnectionLost,
    InvalidParameters,
    NotConnected,
)


def test_text_and_binary_frames_round_trip_with_their_types(url, connect, receive_all):
    transport = connect(url)
    transport.send("héllo")
    transport.send(b"\x00\x01\xff")
    frames = [f for batch in receive_all(transport, 2) for f in batch]
    assert frames == ["héllo", b"\x00\x01\xff"]
    assert transport.is_open


def test_empty_frames_keep_their_type(url, connect, receive_all):
    transport = connect(url)
    transport.send("")
    transport.send(b"")
    transport.send("end")
    frames = [f for batch in receive_all(transport, 3) for f in batch]
    assert frames == ["", b"", "end"]


def test_receive_batch_drains_a_burst_already_received(url, connect, server, engine, receive_all):
    transport = connect(url)
    engine.send_and_wait(transport, "burst:200")
    assert server.flush(5)
    batches = receive_all(transport, 200)
    assert [f for batch in batches for f in batch] == [f"b{i}" for i in range(200)]
    assert max(map(len, batches)) > 1
    assert all(len(batch) <= 64 for batch in batches)


def test_receive_batch_never_returns_more_than_max_frames(url, connect, server, engine):
    transport = connect(url)
    engine.send_and_wait(transport, "burst:10")
    assert server.flush(5)
    sizes = [len(transport.receive_batch(3)) for _ in range(4)]
    assert sizes == [3, 3, 3, 1]


def test_close_from_another_thread_unblocks_a_blocked_receive(url, connect, start_reader):
    transport = connect(url)
    reader = start_reader(transport)
    transport.close()
    assert isinstance(reader.wait_error(), ConnectionClosed)
    assert reader.join()


def test_a_close_from_the_server_is_connection_lost_with_its_code(url, connect):
    transport = connect(url)
    transport.send("close:4001:going for lunch")
    with pytest.raises(ConnectionLost) as caught:
        transport.receive_batch()
    assert "4001" in caught.value.reason
    assert "going for lunch" in caught.value.reason
    assert (transport.close_code, transport.close_reason) == (4001, "going for lunch")
    assert not transport.is_open
    with pytest.raises(ConnectionLost):
        transport.send("too late")
    with pytest.raises(ConnectionLost):
        transport.receive_batch()


def test_frames_sent_before_a_close_are_received_before_the_loss(url, connect, receive_all):
    transport = connect(url)
    transport.send("burst-close:5:1001")
    frames = [f for batch in receive_all(transport, 5) for f in batch]
    assert frames == [f"b{i}" for i in range(5)]
    with pytest.raises(ConnectionLost) as caught:
        transport.receive_batch()
    assert "1001" in caught.value.reason


def test_after_our_close_every_call_raises_connection_closed(url, connect):
    transport = connect(url)
    transport.close()
    transport.close()  # idempotent
    with pytest.raises(ConnectionClosed):
        transport.send("x")
    with pytest.raises(ConnectionClosed):
        transport.receive_batch()
    with pytest.raises(ConnectionClosed):
        transport.connect()


def test_close_after_a_loss_turns_the_loss_into_connection_closed(url, connect):
    transport = connect(url)
    transport.send("close:1000:bye")
    with pytest.raises(ConnectionLost):
        transport.receive_batch()
    transport.close()
    with pytest.raises(ConnectionClosed):
        transport.send("x")


def test_the_server_learns_of_our_close(url, connect, engine):
    transport = connect(url)
    conn_id = engine.send_and_wait(transport, "hello")
    transport.close(4002, "done")
    assert engine.wait(lambda: conn_id in engine.disconnected)


def test_use_before_connect_is_not_connected(url):
    transport = WebSocketClientBuilder(url).build()
    with pytest.raises(NotConnected):
        transport.send("x")
    with pytest.raises(NotConnected):
        transport.receive_batch()
    assert not transport.is_open
    transport.close()


def test_close_before_connect_makes_connect_raise_connection_closed(url):
    transport = WebSocketClientBuilder(url).build()
    transport.close()
    with pytest.raises(ConnectionClosed):
        transport.connect()


def test_a_transport_connects_once(url, connect):
    transport = connect(url)
    with pytest.raises(ConnectionFailed, match="connects once"):
        transport.connect()


def test_refused_handshakes_fail_to_connect_until_cleared(url, connect, server):
    server.refuse_connections(None)
    try:
        for _ in range(2):
            with pytest.raises(ConnectionFailed, match="503"):
                connect(url)
    finally:
        server.refuse_connections(0)
    assert connect(url).is_open


def test_refusing_a_count_refuses_exactly_that_many(url, connect, server):
    server.refuse_connections(1)
    with pytest.raises(ConnectionFailed, match="handshake refused: HTTP 503"):
        connect(url)
    assert connect(url).is_open


def test_a_server_ping_is_answered_while_reading(url, connect, server, engine, start_reader):
    transport = connect(url)
    start_reader(transport)
    conn_id = engine.send_and_wait(transport, "which connection am I")
    assert server.ping(conn_id, b"are you there").wait(5)


def test_send_is_safe_from_many_threads(url, connect, start_reader):
    transport = connect(url)
    reader = start_reader(transport)

    def send_many(name: str) -> None:
        for i in range(100):
            transport.send(f"{name}-{i}")

    senders = [threading.Thread(target=send_many, args=(f"t{n}",)) for n in range(4)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(10)
    assert reader.wait_frames(400)
    expected = {f"t{n}-{i}" for n in range(4) for i in range(100)}
    assert sorted(reader.frames) == sorted(expected)
    for n in range(4):
        mine = [f for f in reader.frames if isinstance(f, str) and f.startswith(f"t{n}-")]
        assert mine == [f"t{n}-{i}" for i in range(100)]


def test_only_str_and_bytes_are_frames(url, connect):
    transport = connect(url)
    with pytest.raises(InvalidParameters) as caught:
        transport.send({"id": 1})
    assert caught.value.field == "frame"


def test_max_frames_must_be_positive(url, connect):
    transport = connect(url)
    with pytest.raises(InvalidParameters) as caught:
        transport.receive_batch(0)
    assert caught.value.field == "max_frames"


def test_invalid_close_codes_are_refused_before_closing(url, connect):
    transport = connect(url)
    with pytest.raises(InvalidParameters) as caught:
        transport.close(1006)
    assert caught.value.field == "code"
    assert transport.is_open


def test_silence_longer_than_read_timeout_is_a_loss(url, connect):
    transport = connect(url, read_timeout=0.05)
    with pytest.raises(ConnectionLost, match="read_timeout"):
        transport.receive_batch()
    assert not transport.is_open


def test_a_frame_over_max_frame_bytes_ends_the_connection_with_1009(url, connect):
    transport = connect(url, max_frame_bytes=1000)
    transport.send("big:999")
    assert transport.receive_batch() == ["x" * 999]
    transport.send("big:5000")
    with pytest.raises(ConnectionLost, match="max_frame_bytes"):
        transport.receive_batch()
    assert transport.close_code == 1009


def test_the_server_drop_is_a_loss_with_code_1006(url, connect, server, engine):
    transport = connect(url)
    transport.send("hello")
    assert transport.receive_batch() == ["hello"]
    server.drop_connections()
    with pytest.raises(ConnectionLost, match="1006"):
        transport.receive_batch()
    assert transport.close_code == 1006


def test_the_path_and_query_reach_the_engine(url, connect, engine):
    transport = connect(url + "/stream?streams=btcusdt@trade/ethusdt@trade")
    conn_id = engine.send_and_wait(transport, "hello")
    assert engine.paths[conn_id] == "/stream?streams=btcusdt@trade/ethusdt@trade"


def test_receive_returns_exactly_one_frame(url, connect, server, engine):
    transport = connect(url)
    engine.send_and_wait(transport, "burst:2")
    assert server.flush(5)
    assert [transport.receive(), transport.receive()] == ["b0", "b1"]
