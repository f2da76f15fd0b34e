"""LoopbackServer: serving an engine over ws:// and memory://, faults, clean stops."""

from __future__ import annotations

import logging
import socket
import threading

import pytest

from actors.transport import listen
from protocol.errors import ConnectionFailed, ConnectionLost, InvalidParameters
from venues.simulator import EchoEngine, LoopbackServer


def _sim_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("venue-sim")}


def test_the_addresses_are_known_once_started(engine):
    server = LoopbackServer(engine, tick_interval=None, memory_name="sim-addresses")
    with pytest.raises(RuntimeError):
        server.url  # noqa: B018
    with server:
        assert server.url == f"ws://127.0.0.1:{server.port}"
        assert server.memory_url == "memory://sim-addresses"


def test_the_engine_learns_of_connects_paths_and_disconnects(url, connect, server, engine):
    client = connect(url + "/ws/api/v2?v=1")
    assert server.wait_for_connections(1, 5)
    (conn_id,) = server.connection_ids
    assert engine.connected == {conn_id: "/ws/api/v2?v=1"}
    assert server.connections_accepted == 1
    client.close()
    assert server.wait_for_connections(0, 5)
    assert engine.wait(lambda: engine.disconnected == [conn_id])


def test_replies_go_to_the_connection_that_asked(url, connect):
    first, second = connect(url), connect(url)
    first.send("one")
    second.send("two")
    assert first.receive_batch() == ["one"]
    assert second.receive_batch() == ["two"]


def test_an_engine_may_address_every_connection(url, connect, server):
    clients = [connect(url) for _ in range(3)]
    assert server.wait_for_connections(3, 5)
    clients[0].send("broadcast")
    assert [c.receive_batch() for c in clients] == [["broadcast"]] * 3


def test_the_ticker_calls_tick_with_a_monotonic_now(engine):
    with LoopbackServer(engine, tick_interval=0.001):
        assert engine.wait(lambda: len(engine.ticks) >= 3)
    assert engine.ticks == sorted(engine.ticks)


def test_a_failing_tick_is_logged_and_ticks_go_on(engine, caplog):
    engine.fail_ticks = 2
    with LoopbackServer(engine, tick_interval=0.001):
        assert engine.wait(lambda: len(engine.ticks) >= 4)
    assert "failed" in caplog.text


def test_an_engine_failure_closes_that_connection_with_1011(url, connect, server, caplog):
    victim, bystander = connect(url), connect(url)
    victim.send("boom")
    with pytest.raises(ConnectionLost, match="1011"):
        victim.receive_batch()
    bystander.send("still here")
    assert bystander.receive_batch() == ["still here"]
    assert connect(url).is_open
    assert "the engine broke" in caplog.text


def test_an_engine_answering_with_a_non_action_is_a_failure(url, connect):
    client = connect(url)
    client.send("junk")
    with pytest.raises(ConnectionLost, match="1011"):
        client.receive_batch()


def test_actions_for_ended_connections_are_ignored(url, connect, server, engine):
    client = connect(url)
    client.send("stranger")
    assert client.receive_batch() == ["stranger"]
    client.close()
    assert engine.wait(lambda: len(engine.disconnected) == 1)  # answered with a Send to it
    assert server.wait_for_connections(0, 5)


def test_an_engine_ping_leaves_the_connection_working(url, connect):
    client = connect(url)
    client.send("ping")
    assert client.receive_batch() == ["pinged"]
    client.send("after")
    assert client.receive_batch() == ["after"]


def test_an_engine_close_carries_its_code(url, connect):
    client = connect(url)
    client.send("close")
    with pytest.raises(ConnectionLost, match="4000"):
        client.receive_batch()


def test_engine_calls_never_overlap(engine, connect):
    with LoopbackServer(engine, tick_interval=0.001) as server:
        clients = [connect(server.url) for _ in range(2)] + [connect(server.memory_url)]

        def chatter(client) -> None:
            for i in range(50):
                client.send(f"m{i}")
            for _ in range(50):
                client.receive()

        threads = [threading.Thread(target=chatter, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert engine.wait(lambda: len(engine.frames) == 150)
        for client in clients:
            client.close()
    assert not engine.overlapped


def test_drop_connections_ends_every_connection_without_a_close_frame(url, connect, server, engine):
    clients = [connect(url), connect(url)]
    assert server.wait_for_connections(2, 5)
    assert server.drop_connections() == 2
    assert server.connection_count == 0
    assert len(engine.disconnected) == 2
    for client in clients:
        with pytest.raises(ConnectionLost, match="1006"):
            client.receive_batch()
    assert connect(url).is_open
    assert server.wait_for_accepted(3, 5)
    assert server.wait_for_connections(1, 5)
    assert len(engine.disconnected) == 2


def test_while_stalled_nothing_is_answered_until_resumed(
    url, connect, server, engine, receive_in_background
):
    client = connect(url)
    server.stall()
    client.send("are you there")
    waiter = receive_in_background(client)
    assert not waiter.done.wait(0.2)
    assert not engine.seen("are you there")
    server.resume()
    assert waiter.done.wait(5)
    assert waiter.frames == ["are you there"]


def test_delayed_replies_are_held_and_released_when_the_delay_ends(
    url, connect, server, engine, receive_in_background
):
    client = connect(url)
    server.delay_replies(60)
    client.send("slow")
    assert engine.wait(lambda: engine.seen("slow"))
    server.send_raw("queued behind the reply")
    waiter = receive_in_background(client)
    assert not waiter.done.wait(0.2)
    server.delay_replies(0)
    assert waiter.done.wait(5)
    frames = waiter.frames + ([] if len(waiter.frames) == 2 else client.receive_batch())
    assert frames == ["slow", "queued behind the reply"]


def test_a_short_reply_delay_still_delivers_the_reply(url, connect, server):
    client = connect(url)
    server.delay_replies(0.02)
    client.send("eventually")
    assert client.receive_batch() == ["eventually"]
    server.delay_replies(0)


def test_send_raw_reaches_one_or_every_connection(url, connect, server):
    first, second = connect(url), connect(url)
    assert server.wait_for_connections(2, 5)
    first_id, _ = server.connection_ids
    assert server.send_raw('{"broken json', conn_id=first_id) == 1
    assert first.receive_batch() == ['{"broken json']
    assert server.send_raw(b"\xff\x00") == 2
    assert first.receive_batch() == [b"\xff\x00"]
    assert second.receive_batch() == [b"\xff\x00"]


def test_send_raw_refuses_unknown_connections_and_non_frames(server):
    with pytest.raises(InvalidParameters) as caught:
        server.send_raw("x", conn_id=424242)
    assert caught.value.field == "conn_id"
    with pytest.raises(InvalidParameters) as caught:
        server.send_raw(123)
    assert caught.value.field == "frame"


def test_refused_handshakes_are_counted(url, connect, server):
    server.refuse_connections(2)
    for _ in range(2):
        with pytest.raises(ConnectionFailed, match="503"):
            connect(url)
    assert connect(url).is_open
    assert server.connections_refused == 2
    assert server.wait_for_accepted(1, 5)
    assert server.connections_accepted == 1


def test_a_ping_from_the_server_is_answered_by_a_reading_client(url, connect, server, keep_reading):
    client = connect(url)
    keep_reading(client)
    assert server.wait_for_connections(1, 5)
    assert server.ping(server.connection_ids[0], b"hello?").wait(5)
    client.close()


def test_frames_over_the_servers_limit_end_the_connection_with_1009(engine, connect):
    with LoopbackServer(engine, tick_interval=None, max_frame_bytes=100) as server:
        for url in (server.url, server.memory_url):
            client = connect(url)
            client.send("x" * 101)
            with pytest.raises(ConnectionLost, match="1009"):
                client.receive_batch()


def test_garbage_instead_of_a_handshake_does_not_hurt_the_server(server, connect, caplog):
    caplog.set_level(logging.CRITICAL, logger="venues.simulator.websockets")
    for garbage in (b"\x16\x03\x01 not http at all\r\n\r\n", b"GET / HTTP/1.1\r\n\r\n"):
        with socket.create_connection(("127.0.0.1", server.port)) as raw:
            raw.sendall(garbage)
            answer = raw.recv(1024)  # the server answered or hung up: it is done with it
            assert answer == b"" or answer.startswith(b"HTTP/1.1 4")
    client = connect(server.url)
    client.send("fine")
    assert client.receive_batch() == ["fine"]


def test_stop_closes_clients_with_1001_and_joins_every_thread(engine, connect):
    before = _sim_threads()
    server = LoopbackServer(engine, tick_interval=0.01, close_timeout=0.1).start()
    clients = [connect(server.url), connect(server.memory_url)]
    assert server.wait_for_connections(2, 5)
    server.stop()
    for client in clients:
        with pytest.raises(ConnectionLost, match="1001"):
            client.receive_batch()
    assert _sim_threads() <= before
    server.stop()  # idempotent


def test_stop_does_not_wait_on_a_client_that_reads_nothing(engine, connect):
    before = _sim_threads()
    server = LoopbackServer(engine, tick_interval=None, close_timeout=0.1).start()
    client = connect(server.url)
    assert server.wait_for_connections(1, 5)
    for _ in range(200):  # far more than the socket buffers hold: the writer gets stuck
        server.send_raw("y" * 65536)
    server.stop()
    assert _sim_threads() <= before
    client.close()


def test_a_server_starts_once_and_frees_its_memory_name_on_stop(engine):
    server = LoopbackServer(engine, tick_interval=None, memory_name="sim-once")
    with server:
        with pytest.raises(RuntimeError):
            server.start()
        with pytest.raises(InvalidParameters):
            listen("sim-once")
    listen("sim-once").close()


def test_wait_for_connections_waits_for_exactly_that_many(url, connect, server):
    assert server.wait_for_connections(0, 1)
    connect(url)
    assert server.wait_for_connections(1, 5)
    assert not server.wait_for_connections(2, 0.05)


def test_the_echo_engine_is_a_working_server():
    with LoopbackServer(EchoEngine(), tick_interval=None) as server:
        assert server.connection_count == 0
        assert "EchoEngine" in repr(server)


@pytest.mark.parametrize("interval", [0, -1])
def test_a_tick_interval_must_be_positive(engine, interval):
    with pytest.raises(InvalidParameters) as caught:
        LoopbackServer(engine, tick_interval=interval)
    assert caught.value.field == "tick_interval"


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "example.com"])
def test_the_server_listens_on_loopback_only(engine, host):
    with pytest.raises(InvalidParameters) as caught:
        LoopbackServer(engine, host=host)
    assert caught.value.field == "host"


def _ipv6_loopback() -> bool:
    try:
        socket.create_server(("::1", 0), family=socket.AF_INET6).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback on this machine")
def test_the_server_can_listen_on_ipv6_loopback(engine, connect):
    with LoopbackServer(engine, host="::1", tick_interval=None) as server:
        assert server.url.startswith("ws://[::1]:")
        client = connect(server.url)
        client.send("over v6")
        assert client.receive_batch() == ["over v6"]
        client.close()


def test_an_engine_may_ping_with_the_same_payload_again(url, connect):
    client = connect(url)
    for _ in range(3):
        client.send("ping")
        assert client.receive_batch() == ["pinged"]


def _read_until(client, last: str) -> list[str | bytes]:
    frames: list[str | bytes] = []
    while last not in frames:
        frames += client.receive_batch()
    return frames


def _pong_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("venue-sim:pong:")]


def test_an_engine_with_on_pong_hears_the_pong_to_its_ping(pong_url, connect, pong_engine):
    client = connect(pong_url)
    client.send("ping")
    # Reading answers the ping; the engine's answer to the pong comes back as a frame.
    assert _read_until(client, "pong engine") == ["pinged", "pong engine"]
    (conn_id,) = pong_engine.connected
    assert pong_engine.pongs == [(conn_id, b"engine")]


def test_the_engine_hears_of_pongs_to_the_servers_own_pings(
    pong_url, connect, pong_server, pong_engine, keep_reading
):
    client = connect(pong_url)
    keep_reading(client)
    assert pong_server.wait_for_connections(1, 5)
    (conn_id,) = pong_server.connection_ids
    assert pong_server.ping(conn_id, b"probe").wait(5)
    assert pong_engine.wait(lambda: pong_engine.pongs == [(conn_id, b"probe")])
    client.close()


def test_an_engine_without_on_pong_starts_no_pong_waiters(url, connect, server, keep_reading):
    client = connect(url)
    keep_reading(client)
    assert server.wait_for_connections(1, 5)
    assert server.ping(server.connection_ids[0], b"hello?").wait(5)
    assert _pong_threads() == []
    client.close()


def test_an_unanswered_ping_ends_its_waiter_unreported_when_the_client_leaves(
    pong_url, connect, pong_server, pong_engine
):
    client = connect(pong_url)  # never reads, so never answers
    assert pong_server.wait_for_connections(1, 5)
    (conn_id,) = pong_server.connection_ids
    answered = pong_server.ping(conn_id, b"unanswered")
    assert [t.name for t in _pong_threads()] == [f"venue-sim:pong:{conn_id}"]
    waiters = _pong_threads()
    client.close()
    assert pong_engine.wait(lambda: pong_engine.disconnected == [conn_id])
    for waiter in waiters:
        waiter.join(5)
        assert not waiter.is_alive()
    assert answered.is_set() and pong_engine.pongs == []


def test_stop_joins_the_waiters_of_unanswered_pings(pong_engine, connect):
    before = _sim_threads()
    server = LoopbackServer(pong_engine, tick_interval=None, close_timeout=0.1).start()
    connect(server.url)
    connect(server.memory_url)
    assert server.wait_for_connections(2, 5)
    for conn_id in server.connection_ids:
        server.ping(conn_id, b"never answered")
    assert len(_pong_threads()) == 2
    server.stop()
    assert _sim_threads() <= before
    assert pong_engine.pongs == []


def test_a_pong_during_a_stall_is_reported_after_resume(
    pong_url, connect, pong_server, pong_engine, keep_reading
):
    client = connect(pong_url)
    keep_reading(client)
    assert pong_server.wait_for_connections(1, 5)
    (conn_id,) = pong_server.connection_ids
    pong_server.stall()
    assert pong_server.ping(conn_id, b"stalled").wait(5)
    assert pong_engine.pongs == []
    pong_server.resume()
    assert pong_engine.wait(lambda: pong_engine.pongs == [(conn_id, b"stalled")])
    client.close()


def test_a_failing_on_pong_closes_that_connection_with_1011(pong_url, connect, pong_engine, caplog):
    caplog.set_level(logging.CRITICAL, logger="venues.simulator.server")
    pong_engine.fail_pongs = True
    client = connect(pong_url)
    client.send("ping")
    with pytest.raises(ConnectionLost, match="1011"):
        _read_until(client, "never sent")
    assert len(pong_engine.pongs) == 1
