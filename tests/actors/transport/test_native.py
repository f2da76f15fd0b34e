"""The websocket-client transport: connect failures, proxies, buffering, secrecy."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import socket
import threading
from collections.abc import Iterator

import pytest

from actors.transport import NativeWebSocketConnection
from protocol.errors import ConnectionClosed, ConnectionFailed, ConnectionLost, InvalidParameters


class ConnectProxy:
    """A one-connection HTTP CONNECT proxy on loopback that records what it tunnels."""

    def __init__(self, answer: bytes = b"HTTP/1.1 200 Connection established\r\n\r\n") -> None:
        self.answer = answer
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.request_head = b""
        self.upstream_bytes = bytearray()
        self.thread = threading.Thread(target=self._serve, name="test-proxy", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        client, _ = self.listener.accept()
        with client:
            while not self.request_head.endswith(b"\r\n\r\n"):
                chunk = client.recv(1)
                if not chunk:
                    return
                self.request_head += chunk
            client.sendall(self.answer)
            if not self.answer.startswith(b"HTTP/1.1 200"):
                return
            target = self.request_head.split(b" ")[1].decode()
            host, port = target.rsplit(":", 1)
            with socket.create_connection((host, int(port))) as upstream:
                back = threading.Thread(target=self._pipe, args=(upstream, client, None))
                back.start()
                self._pipe(client, upstream, self.upstream_bytes)
                back.join(5)

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket, record: bytearray | None) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if record is not None:
                    record += data
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self.listener.close()
        self.thread.join(5)


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    running = ConnectProxy()
    yield running
    running.close()


@pytest.fixture
def silent_listener() -> Iterator[socket.socket]:
    """Accepts TCP (the kernel does) but never answers a handshake."""
    listener = socket.create_server(("127.0.0.1", 0))
    yield listener
    listener.close()


def test_connecting_to_a_closed_port_is_connection_failed():
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    transport = NativeWebSocketConnection(f"ws://127.0.0.1:{port}/ws", connect_timeout=2)
    with pytest.raises(ConnectionFailed, match="connection refused") as caught:
        transport.connect()
    assert caught.value.url == f"ws://127.0.0.1:{port}/ws"
    assert not transport.is_open


def test_a_server_that_never_answers_the_handshake_times_out(silent_listener):
    port = silent_listener.getsockname()[1]
    transport = NativeWebSocketConnection(f"ws://127.0.0.1:{port}", connect_timeout=0.1)
    with pytest.raises(ConnectionFailed, match="timed out"):
        transport.connect()


def test_close_during_the_handshake_makes_connect_raise_connection_closed(silent_listener):
    port = silent_listener.getsockname()[1]
    transport = NativeWebSocketConnection(f"ws://127.0.0.1:{port}", connect_timeout=30)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            transport.connect()
        except Exception as exc:
            outcome.append(exc)

    attempt_thread = threading.Thread(target=attempt)
    attempt_thread.start()
    accepted, _ = silent_listener.accept()
    with accepted:
        transport.close()
        attempt_thread.join(5)
    assert not attempt_thread.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], ConnectionClosed)


def test_frames_larger_than_the_read_buffer_arrive_whole(server, connect):
    transport = connect(server.url, read_buffer_size=1024)
    transport.send("big:300000")
    assert transport.receive_batch() == ["x" * 300_000]
    transport.send("after")
    assert transport.receive_batch() == ["after"]


def test_a_connection_through_an_http_proxy_tunnels_the_handshake(server, connect, proxy):
    transport = connect(
        server.url + "/ws",
        proxy=f"http://trader:pa%3Ass@127.0.0.1:{proxy.port}",
        headers={"X-Client": "tests"},
    )
    transport.send("through the tunnel")
    assert transport.receive_batch() == ["through the tunnel"]
    transport.close()
    proxy.thread.join(5)
    assert not proxy.thread.is_alive()
    expected_auth = base64.b64encode(b"trader:pa:ss").decode()
    assert proxy.request_head.startswith(f"CONNECT 127.0.0.1:{server.port} HTTP/1.1".encode())
    assert f"Proxy-Authorization: Basic {expected_auth}".encode() in proxy.request_head
    handshake = bytes(proxy.upstream_bytes).split(b"\r\n\r\n", 1)[0]
    assert handshake.startswith(b"GET /ws HTTP/1.1")
    assert b"X-Client: tests" in handshake


def test_a_proxy_that_refuses_the_tunnel_fails_the_connect(server):
    proxy = ConnectProxy(answer=b"HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")
    try:
        transport = NativeWebSocketConnection(
            server.url, proxy=f"http://127.0.0.1:{proxy.port}", connect_timeout=5
        )
        with pytest.raises(ConnectionFailed, match="407"):
            transport.connect()
    finally:
        proxy.close()


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"proxy": "socks5://127.0.0.1:1080"}, "proxy"),
        ({"proxy": "http://127.0.0.1"}, "proxy"),
        ({"headers": {"X-Key": "a\r\nInjected: 1"}}, "headers"),
        ({"headers": {"Bad:Name": "v"}}, "headers"),
        ({"connect_timeout": 0}, "connect_timeout"),
        ({"read_timeout": -1}, "read_timeout"),
        ({"read_buffer_size": 16}, "read_buffer_size"),
        ({"max_frame_bytes": 0}, "max_frame_bytes"),
        ({"verify_tls": "no"}, "verify_tls"),
        ({"ssl_options": {"ca": "x"}}, "ssl_options"),
    ],
)
def test_invalid_options_are_refused_naming_the_option(options, field):
    with pytest.raises(InvalidParameters) as caught:
        NativeWebSocketConnection("ws://127.0.0.1:9", **options)
    assert caught.value.field == field


@pytest.mark.parametrize("url", ["http://127.0.0.1:9", "ws://", "ws://host:notaport", 42])
def test_urls_other_than_ws_and_wss_are_refused(url):
    with pytest.raises(InvalidParameters) as caught:
        NativeWebSocketConnection(url)
    assert caught.value.field == "url"


def test_header_values_and_proxy_credentials_stay_out_of_repr_and_errors():
    transport = NativeWebSocketConnection(
        "ws://127.0.0.1:9", headers={"X-Key": "hunter2"}, proxy="http://u:hunter3@127.0.0.1:1"
    )
    assert "hunter2" not in repr(transport)
    assert "hunter3" not in repr(transport)
    with pytest.raises(InvalidParameters) as caught:
        NativeWebSocketConnection("ws://127.0.0.1:9", headers={"X-Key": "hunter2\n"})
    assert "hunter2" not in str(caught.value)
    with pytest.raises(ConnectionFailed) as failed:
        transport.connect()
    assert "hunter3" not in str(failed.value)


class RawServer:
    """A WebSocket server by hand: one handshake, then exactly the bytes a test writes."""

    GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"ws://127.0.0.1:{self.listener.getsockname()[1]}"

    def accept(self) -> socket.socket:
        peer, _ = self.listener.accept()
        peer.settimeout(5)
        head = b""
        while b"\r\n\r\n" not in head:
            head += peer.recv(4096)
        key = next(
            line.split(b":", 1)[1].strip()
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"sec-websocket-key")
        )
        accept = base64.b64encode(hashlib.sha1(key + self.GUID).digest())
        peer.sendall(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n"
        )
        return peer

    @staticmethod
    def read_frame(peer: socket.socket) -> tuple[int, bytes]:
        """One (masked) client frame: opcode and unmasked payload."""
        first, second = _read_exactly(peer, 2)
        length = second & 0x7F
        if length == 126:
            length = int.from_bytes(_read_exactly(peer, 2), "big")
        mask = _read_exactly(peer, 4)
        payload = _read_exactly(peer, length)
        return first & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def _read_exactly(peer: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = peer.recv(size - len(data))
        assert chunk, "the client hung up"
        data += chunk
    return data


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.listener.close()


@pytest.fixture
def raw_pair(raw_server):
    transport = NativeWebSocketConnection(raw_server.url, connect_timeout=5)
    accepting: list[socket.socket] = []
    accepter = threading.Thread(target=lambda: accepting.append(raw_server.accept()))
    accepter.start()
    transport.connect()
    accepter.join(5)
    with accepting[0] as peer:
        yield transport, peer
        transport.close()


def text(payload: bytes, *, fin: bool = True, opcode: int = 0x1) -> bytes:
    return bytes([(0x80 if fin else 0) | opcode, len(payload)]) + payload


def test_a_fragmented_message_arrives_as_one_frame(raw_pair):
    transport, peer = raw_pair
    peer.sendall(text(b"hel", fin=False) + text(b"lo", opcode=0x0) + text(b"next"))
    assert transport.receive_batch() == ["hello", "next"]


def test_a_ping_inside_a_burst_is_answered_and_the_burst_delivered(raw_pair):
    transport, peer = raw_pair
    peer.sendall(text(b"a") + bytes([0x89, 4]) + b"beat" + text(b"b"))
    assert transport.receive_batch() == ["a", "b"]
    assert RawServer.read_frame(peer) == (0xA, b"beat")


def test_a_ping_alone_is_answered_while_waiting_for_data(raw_pair):
    transport, peer = raw_pair
    received: list[list[str | bytes]] = []
    reader = threading.Thread(target=lambda: received.append(transport.receive_batch()))
    reader.start()
    peer.sendall(bytes([0x89, 2]) + b"hb")
    assert RawServer.read_frame(peer) == (0xA, b"hb")
    peer.sendall(text(b"data"))
    reader.join(5)
    assert received == [["data"]]


def test_invalid_utf8_in_a_text_frame_is_handed_on_as_bytes_and_the_session_goes_on(raw_pair):
    transport, peer = raw_pair
    peer.sendall(text(b"fine") + text(b"\xff\xfe") + text(b"after"))
    frames = []
    while len(frames) < 3:
        frames += transport.receive_batch()
    assert frames == ["fine", b"\xff\xfe", "after"]
    assert transport.is_open


def test_a_reserved_bit_is_a_protocol_error_closed_with_1002(raw_pair):
    transport, peer = raw_pair
    peer.sendall(bytes([0xC1, 1]) + b"x")
    with pytest.raises(ConnectionLost, match="protocol error"):
        transport.receive_batch()
    assert transport.close_code == 1002


def test_a_socket_closed_without_a_close_frame_is_lost_with_1006(raw_pair):
    transport, peer = raw_pair
    peer.sendall(text(b"last"))
    peer.shutdown(socket.SHUT_RDWR)
    assert transport.receive_batch() == ["last"]
    with pytest.raises(ConnectionLost, match="1006"):
        transport.receive_batch()


def test_an_oversized_fragmented_message_is_refused(raw_server):
    transport = NativeWebSocketConnection(raw_server.url, max_frame_bytes=8)
    accepting: list[socket.socket] = []
    accepter = threading.Thread(target=lambda: accepting.append(raw_server.accept()))
    accepter.start()
    transport.connect()
    accepter.join(5)
    with accepting[0] as peer:
        peer.sendall(text(b"12345", fin=False) + text(b"67890", opcode=0x0))
        with pytest.raises(ConnectionLost, match="max_frame_bytes"):
            transport.receive_batch()
        assert transport.close_code == 1009
