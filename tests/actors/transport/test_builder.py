"""The builder picks the transport from the URL and refuses what it does not know."""

from __future__ import annotations

import pytest

from actors.transport import (
    MemoryWebSocketConnection,
    NativeWebSocketConnection,
    WebSocketClientBuilder,
    is_loopback,
)
from protocol.errors import InvalidParameters


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("ws://127.0.0.1:8080/ws", NativeWebSocketConnection),
        ("wss://www.deribit.com/ws/api/v2", NativeWebSocketConnection),
        ("memory://deribit/ws/api/v2", MemoryWebSocketConnection),
    ],
)
def test_the_url_scheme_chooses_the_transport(url, kind):
    transport = WebSocketClientBuilder(url).build()
    assert type(transport) is kind
    assert transport.url == url
    assert not transport.is_open


def test_each_build_is_a_new_transport():
    builder = WebSocketClientBuilder("memory://x")
    assert builder.build() is not builder.build()


@pytest.mark.parametrize("url", ["http://example.com", "tcp://1.2.3.4:5", "example.com", "", 3])
def test_other_schemes_are_refused_as_url(url):
    with pytest.raises(InvalidParameters) as caught:
        WebSocketClientBuilder(url)
    assert caught.value.field == "url"


def test_an_unknown_option_is_refused_by_its_name():
    with pytest.raises(InvalidParameters) as caught:
        WebSocketClientBuilder("ws://127.0.0.1:9", connect_timeout=1.0, retries=3)
    assert (caught.value.field, caught.value.problem) == ("retries", "unknown option")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("connect_timeout", -1),
        ("connect_timeout", None),
        ("read_timeout", 0),
        ("max_frame_bytes", 1.5),
        ("read_buffer_size", 10),
        ("headers", ["X-Key: v"]),
        ("proxy", "ftp://proxy:21"),
        ("ssl_options", {"verify": False}),
        ("verify_tls", 0),
    ],
)
def test_invalid_option_values_are_refused_before_building(option, value):
    for url in ("ws://127.0.0.1:9", "memory://sim"):
        with pytest.raises(InvalidParameters) as caught:
            WebSocketClientBuilder(url, **{option: value})
        assert caught.value.field == option


def test_network_options_are_accepted_and_ignored_for_memory():
    builder = WebSocketClientBuilder(
        "memory://sim",
        proxy="http://127.0.0.1:3128",
        ssl_options={"cafile": "/nonexistent.pem"},
        verify_tls=True,
        read_buffer_size=65536,
        read_timeout=5,
        headers={"X-Key": "v"},
    )
    assert isinstance(builder.build(), MemoryWebSocketConnection)


def test_the_builder_repr_names_options_but_not_their_values():
    builder = WebSocketClientBuilder("ws://127.0.0.1:9", headers={"X-Key": "hunter2"})
    assert "headers" in repr(builder)
    assert "hunter2" not in repr(builder)


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("ws://127.0.0.1:8080/ws", True),
        ("ws://127.1.2.3/ws", True),
        ("ws://localhost:9000", True),
        ("ws://LOCALHOST:9000", True),
        ("wss://[::1]:443/ws", True),
        ("memory://deribit", True),
        ("memory://anything/at/all", True),
        ("wss://www.deribit.com/ws/api/v2", False),
        ("ws://10.0.0.1:80", False),
        ("ws://128.0.0.1", False),
        ("ws://localhost.evil.com", False),
        ("ws://127.0.0.1.nip.io", False),
        ("ws://[::2]", False),
        ("ws://", False),
        ("not a url", False),
        (None, False),
    ],
)
def test_is_loopback(url, loopback):
    assert is_loopback(url) is loopback
