"""The read-ahead buffer: whole-frame detection and never more than asked."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from actors.transport._buffered_socket import BufferedSocket


@pytest.fixture
def pair() -> Iterator[tuple[BufferedSocket, socket.socket]]:
    left, right = socket.socketpair()
    yield BufferedSocket(left, 262_144), right
    left.close()
    right.close()


def frame(payload: bytes, *, masked: bool = False) -> bytes:
    """An unfragmented binary frame header + payload (mask key 0, so unmasked bytes)."""
    mask_bit = 0x80 if masked else 0
    size = len(payload)
    if size < 126:
        header = bytes([0x82, mask_bit | size])
    elif size < 65536:
        header = bytes([0x82, mask_bit | 126]) + size.to_bytes(2, "big")
    else:
        header = bytes([0x82, mask_bit | 127]) + size.to_bytes(8, "big")
    return header + (b"\x00\x00\x00\x00" if masked else b"") + payload


def test_recv_serves_small_reads_from_one_socket_read(pair):
    buffered, peer = pair
    peer.sendall(frame(b"abc") + frame(b"de"))
    assert buffered.recv(2) == frame(b"abc")[:2]
    peer.close()  # everything is already buffered
    assert buffered.recv(3) == b"abc"
    assert buffered.frame_ready()
    assert [buffered.recv(2), buffered.recv(2)] == [frame(b"de")[:2], b"de"]


def test_recv_never_returns_more_than_asked(pair):
    buffered, peer = pair
    peer.sendall(b"0123456789")
    assert [buffered.recv(4), buffered.recv(4), buffered.recv(4)] == [b"0123", b"4567", b"89"]


def test_no_frame_is_ready_on_an_idle_socket(pair):
    buffered, _ = pair
    assert not buffered.frame_ready()


def test_a_frame_that_arrived_whole_is_ready_before_any_read(pair):
    buffered, peer = pair
    peer.sendall(frame(b"x" * 10))
    assert buffered.frame_ready()


def read_frame(buffered: BufferedSocket, whole: bytes) -> bytes:
    received = b""
    while len(received) < len(whole):
        received += buffered.recv(len(whole) - len(received))
    return received


@pytest.mark.parametrize("size", [0, 125, 126, 65535, 65536, 70_000])
def test_frame_lengths_of_every_encoding_are_recognised(pair, size):
    buffered, peer = pair
    whole = frame(b"y" * size)
    peer.sendall(whole[:-1])
    assert not buffered.frame_ready()
    peer.sendall(whole[-1:])
    assert buffered.frame_ready()
    assert read_frame(buffered, whole) == whole
    assert not buffered.frame_ready()


def test_a_frame_larger_than_the_buffer_is_read_whole_by_blocking_reads():
    left, right = socket.socketpair()
    with left, right:
        buffered = BufferedSocket(left, 1024)
        whole = frame(b"w" * 5000)
        right.sendall(whole)
        assert not buffered.frame_ready()  # it cannot fit: the next blocking read gets it
        assert read_frame(buffered, whole) == whole


def test_a_masked_header_counts_its_mask_key(pair):
    buffered, peer = pair
    whole = frame(b"zz", masked=True)
    peer.sendall(whole[:-1])
    assert not buffered.frame_ready()
    peer.sendall(whole[-1:])
    assert buffered.frame_ready()


def test_a_partial_header_is_not_a_frame(pair):
    buffered, peer = pair
    peer.sendall(bytes([0x82, 127, 0, 0]))
    assert not buffered.frame_ready()


def test_the_end_of_stream_comes_after_the_buffered_bytes(pair):
    buffered, peer = pair
    peer.sendall(frame(b"last"))
    peer.close()
    assert buffered.recv(2) == frame(b"last")[:2]
    assert not buffered.frame_ready()  # sees the end of stream while topping up
    assert buffered.recv(10) == b"last"
    assert buffered.recv(10) == b""


def test_the_wrapper_reports_a_zero_timeout_but_keeps_the_sockets(pair):
    buffered, _ = pair
    buffered.settimeout(2.5)
    assert buffered.gettimeout() == 0.0
    assert buffered._sock.gettimeout() == 2.5


def test_a_plain_data_frame_is_taken_straight_from_the_buffer(pair):
    buffered, peer = pair
    text = bytes([0x81, 2]) + b"hi"
    peer.sendall(text + frame(b"\x00\x01"))
    assert buffered.recv(1) == b"\x81"  # fill the buffer, then step back onto the frame
    buffered._pos = 0
    assert buffered.take_data_frame(1024) == (0x1, b"hi")
    assert buffered.take_data_frame(1024) == (0x2, b"\x00\x01")
    assert buffered.take_data_frame(1024) is None


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (bytes([0x89, 0]), "a ping is websocket-client's to answer"),
        (bytes([0x88, 2, 3, 232]), "a close frame"),
        (bytes([0x01, 1]) + b"a", "the first fragment of a message"),
        (bytes([0x80, 1]) + b"a", "a continuation frame"),
        (bytes([0xC1, 1]) + b"a", "a reserved bit set"),
        (bytes([0x81, 0x81, 0, 0, 0, 0]) + b"a", "a masked frame"),
        (bytes([0x81, 126, 0x04, 0x00]) + b"a" * 1024, "over the size limit"),
        (bytes([0x81, 5]) + b"abc", "not wholly received yet"),
    ],
)
def test_anything_but_a_plain_whole_frame_is_left_in_the_buffer(pair, raw, why):
    buffered, peer = pair
    peer.sendall(raw)
    buffered.recv(1)
    buffered._pos = 0
    assert buffered.take_data_frame(1000) is None, why
    assert buffered.recv(len(raw)) == raw
