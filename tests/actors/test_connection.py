"""The managed connection over real loopback sockets: correlation, deadlines, reconnects."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from actors import Backoff, ConnectionState, SessionHooks, WebSocketRateLimiter
from actors.signals import (
    message_dropped,
    message_received,
    message_rejected,
    reconnect_scheduled,
    state_changed,
    subscriptions_restored,
)
from protocol.errors import (
    ConnectionClosed,
    ConnectionFailed,
    ConnectionLost,
    MessageRateExceeded,
    NotConnected,
    RequestTimeout,
)
from protocol.jsonrpc import JsonRpcCodec
from protocol.messages import Event
from tests.actors.rpc_server import Recorder, RpcClient, RpcEngine, notification
from venues.simulator import Close, LoopbackServer

S = ConnectionState


def test_replies_reach_their_own_callers_with_eight_threads_at_once(server):
    with RpcClient(server.url) as client:

        def caller(n: int) -> list[bool]:
            return [client.call("echo", {"n": n, "i": i}) == {"n": n, "i": i} for i in range(100)]

        with ThreadPoolExecutor(8) as pool:
            outcomes = [ok for batch in pool.map(caller, range(8)) for ok in batch]
    assert len(outcomes) == 800
    assert all(outcomes)


def test_request_ids_are_sequential_on_the_wire(server, engine):
    with RpcClient(server.url) as client:
        for i in range(5):
            client.call("echo", {"i": i})
    ids = [r["id"] for r in engine.received]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_request_fails_with_request_timeout_at_its_deadline(server):
    with RpcClient(server.url) as client, pytest.raises(RequestTimeout) as caught:
        client.call("hold", timeout=0.1)
    assert caught.value.method == "hold"


def test_late_reply_is_dropped_and_never_reaches_the_next_caller(server):
    with RpcClient(server.url) as client:
        dropped = Recorder(message_dropped, client)
        server.delay_replies(0.3)
        with pytest.raises(RequestTimeout):
            client.call("echo", {"first": True}, timeout=0.05)
        assert dropped.wait_for(lambda calls: any(c["reason"] == "late_reply" for c in calls))
        server.delay_replies(0)
        assert client.call("echo", {"second": True}) == {"second": True}
        assert client.connection_stats().late_replies == 1


def test_request_before_connect_is_refused_with_not_connected(server, engine):
    client = RpcClient(server.url)
    try:
        with pytest.raises(NotConnected) as caught:
            client.call("echo")
        assert caught.value.state == "disconnected"
    finally:
        client.close()
    assert engine.received == []


def test_rate_limited_request_is_refused_before_sending(server, engine):
    limiter = WebSocketRateLimiter(max_messages_per_second=2)
    with RpcClient(server.url, limiter=limiter) as client:  # the hello hook used one
        client.call("echo", {"n": 1})
        with pytest.raises(MessageRateExceeded):
            client.call("echo", {"n": 2})
    assert engine.methods() == ["hello", "echo"]


def test_drop_reconnects_reruns_hooks_restores_subscriptions_and_fails_in_flight(server, engine):
    with RpcClient(server.url) as client:
        client.subscribe(["a", "b", "c"])
        states = Recorder(state_changed, client)
        restored = Recorder(subscriptions_restored, client)
        in_flight = client.request("hold")
        assert engine.wait_for_method("hold")
        server.drop_connections()

        with pytest.raises(ConnectionLost) as caught:
            in_flight.result(timeout=5)
        assert caught.value.outcome_unknown is True
        assert restored.wait_for(lambda calls: len(calls) == 1)
        assert restored.calls[0]["channels"] == ["a", "b", "c"]
        assert client.wait_ready(5)
        assert client.greeting.opened == 2
        assert [c["new"] for c in states.calls] == [S.RECONNECTING, S.CONNECTING, S.CONNECTED]
        assert client.call("echo", {"after": 1}) == {"after": 1}
    assert engine.methods().count("hold") == 1  # never re-sent


def test_subscription_data_reaches_handler_and_signal_in_order(server):
    with RpcClient(server.url) as client:
        got: list[tuple[str, int]] = []
        done = threading.Event()

        def handler(channel: str, data: int) -> None:
            got.append((channel, data))
            if len(got) == 50:
                done.set()

        client.subscribe(["ticks"], handler)
        received = Recorder(message_received, client)
        for i in range(50):
            server.send_raw(notification("ticks", i))
        assert done.wait(5)
        assert received.wait_for(lambda calls: len(calls) == 50)
    assert got == [("ticks", i) for i in range(50)]
    assert received.values("data") == list(range(50))


def test_silent_server_is_detected_as_stale_and_reconnected(server):
    with RpcClient(server.url, stale_after=0.2) as client:
        states = Recorder(state_changed, client)
        server.stall()
        assert states.wait_for(lambda calls: any(c["new"] is S.RECONNECTING for c in calls))
        assert "stale" in next(c["reason"] for c in states.calls if c["new"] is S.RECONNECTING)
        server.resume()
        assert states.wait_for(lambda calls: calls[-1]["new"] is S.CONNECTED, timeout=10)


def test_refused_connections_back_off_with_growing_delays_then_succeed(server):
    with RpcClient(server.url) as client:
        scheduled = Recorder(reconnect_scheduled, client)
        server.refuse_connections(3)
        server.drop_connections()
        assert scheduled.wait_for(lambda calls: len(calls) >= 4)
        assert client.wait_ready(5)
    attempts = scheduled.values("attempt")
    assert attempts[:4] == [1, 2, 3, 4]
    # full jitter: each delay lies within its exponential ceiling (base 0.01, cap 0.05)
    ceilings = [0.01, 0.02, 0.04, 0.05]
    assert all(0 <= d <= c for d, c in zip(scheduled.values("delay"), ceilings, strict=False))


def test_reconnecting_gives_up_after_max_attempts_and_reports_failed(server):
    with RpcClient(server.url, max_reconnect_attempts=2) as client:
        states = Recorder(state_changed, client)
        server.refuse_connections(None)
        server.drop_connections()
        assert states.wait_for(lambda calls: calls and calls[-1]["new"] is S.FAILED)
        with pytest.raises(NotConnected):
            client.call("echo")


def test_malformed_frames_are_counted_and_signalled_and_the_session_goes_on(server):
    with RpcClient(server.url) as client:
        rejected = Recorder(message_rejected, client)
        server.send_raw("{not json")
        server.send_raw(b"\xff\xfe binary garbage")
        server.send_raw('{"jsonrpc": "2.0", "id": [1], "result": 1}')
        assert rejected.wait_for(lambda calls: len(calls) == 3)
        assert client.call("echo", {"still": "alive"}) == {"still": "alive"}
        assert client.connection_stats().malformed == 3
        assert client.state is S.CONNECTED


def test_connect_to_a_closed_port_fails_with_connection_failed():
    client = RpcClient("ws://127.0.0.1:9")
    try:
        with pytest.raises(ConnectionFailed):
            client.connect()
        assert client.state is S.DISCONNECTED
    finally:
        client.close()


def test_close_fails_in_flight_requests_and_is_idempotent(server, engine):
    client = RpcClient(server.url)
    client.connect()
    pending = client.request("hold")
    assert engine.wait_for_method("hold")
    client.close()
    client.close()
    with pytest.raises(ConnectionClosed):
        pending.result(timeout=5)
    assert client.state is S.CLOSED


def test_close_leaves_no_thread_and_no_actor_behind(server):
    import pykka

    before = {t.name for t in threading.enumerate()}
    with RpcClient(server.url) as client:
        client.subscribe(["x"])
        server.drop_connections()
        assert client.wait_ready(5)
    after = {t.name for t in threading.enumerate() if t.name.startswith("venue-actors")}
    assert after <= before
    assert pykka.ActorRegistry.get_all() == []


def test_reconnect_waits_for_the_connection_rate_window_instead_of_failing(server):
    # Two attempts per 0.3 s: the first connect uses one, the first reconnect the other;
    # the third connection must wait for the window rather than be refused.
    limiter = WebSocketRateLimiter(max_connections_per_window=2, connection_window=0.3)
    with RpcClient(server.url, limiter=limiter) as client:
        states = Recorder(state_changed, client)
        server.drop_connections()
        assert states.wait_for(
            lambda calls: len([c for c in calls if c["new"] is S.CONNECTED]) == 1
        )
        server.drop_connections()
        assert states.wait_for(
            lambda calls: len([c for c in calls if c["new"] is S.CONNECTED]) == 2
        )
        stats = client.rate_limit_stats()
        assert stats.connections_in_window <= 2
        assert stats.refused == 0  # it waited for the window; no attempt was refused
    assert server.connections_accepted == 3
    failures = [c for c in states.calls if "failed" in c["reason"]]
    assert failures == []


def test_resubscribe_sends_unsubscribe_then_subscribe_and_keeps_the_handler(server, engine):
    got = []
    arrived = threading.Event()

    def handler(channel: str, data: int) -> None:
        got.append(data)
        arrived.set()

    with RpcClient(server.url) as client:
        client.subscribe(["book"], handler)
        assert client._subscriptions.resubscribe(["book", "unknown"]) == ["book"]
        server.send_raw(notification("book", 7))
        assert arrived.wait(5)
    assert engine.methods()[-2:] == ["unsubscribe", "subscribe"]
    assert got == [7]


class _BatchCodec(JsonRpcCodec):
    """Splits a ``batch`` notification into one event per item, like per-product frames."""

    def notification(self, method, params):
        if method == "batch":
            return [Event(item["channel"], item["data"]) for item in params]
        return super().notification(method, params)


def test_a_frame_decoded_into_several_messages_delivers_each_in_order(server):
    got = []
    done = threading.Event()

    def handler(channel: str, data: int) -> None:
        got.append((channel, data))
        if len(got) == 3:
            done.set()

    with RpcClient(server.url, codec=_BatchCodec()) as client:
        client.subscribe(["a", "b"], handler)
        items = [{"channel": "a", "data": 1}, {"channel": "b", "data": 2}]
        server.send_raw(json.dumps({"jsonrpc": "2.0", "method": "batch", "params": items}))
        server.send_raw(notification("a", 3))
        assert done.wait(5)
    assert got == [("a", 1), ("b", 2), ("a", 3)]


def test_reconnects_are_counted_before_ready_is_announced(server):
    with RpcClient(server.url) as client:
        counted_when_ready = []
        states = Recorder(state_changed, client)

        def on_state(sender, old, new, reason):
            if new is S.CONNECTED:
                counted_when_ready.append(client.connection_stats().reconnects)

        state_changed.connect(on_state, sender=client)
        try:
            server.drop_connections()
            assert states.wait_for(lambda calls: any(c["new"] is S.CONNECTED for c in calls))
        finally:
            state_changed.disconnect(on_state, sender=client)
    assert counted_when_ready == [1]


def test_a_subscription_without_handler_is_consumed_through_the_signal_alone(server):
    with RpcClient(server.url) as client:
        received = Recorder(message_received, client)
        other = RpcClient(server.url)
        try:
            ignored = Recorder(message_received, other)  # same signal, another sender
            assert client.subscribe(["quotes"]) == ["quotes"]
            server.send_raw(notification("quotes", {"bid": 1}))
            assert received.wait_for(lambda calls: len(calls) == 1)
        finally:
            other.close()
    assert received.calls == [{"channel": "quotes", "data": {"bid": 1}}]
    assert ignored.calls == []


def test_wait_delivered_returns_once_handlers_had_every_event_read(server):
    gate = threading.Event()
    with RpcClient(server.url) as client:
        client.subscribe(["ticks"], lambda channel, data: gate.wait(5))
        for i in range(5):
            server.send_raw(notification("ticks", i))
        assert client.call("echo", {"sync": 1}) == {"sync": 1}  # all five were read
        connection = client._connection
        assert not connection.wait_delivered(5, timeout=0.05)  # the handler is held
        gate.set()
        assert connection.wait_delivered(5, timeout=5)
        assert client.connection_stats().events_delivered == 5


def test_a_receiver_that_raises_is_isolated_and_stops_nothing(server, caplog):
    def broken(sender, **kwargs):
        raise RuntimeError("receiver bug")

    with RpcClient(server.url) as client:
        state_changed.connect(broken, sender=client)
        message_received.connect(broken, sender=client)
        states = Recorder(state_changed, client)
        try:
            client.subscribe(["ticks"])
            server.send_raw(notification("ticks", 1))
            server.drop_connections()
            assert states.wait_for(lambda calls: calls and calls[-1]["new"] is S.CONNECTED)
            assert client.call("echo", {"ok": 1}) == {"ok": 1}
        finally:
            state_changed.disconnect(broken, sender=client)
            message_received.disconnect(broken, sender=client)
    assert any("receiver raised" in r.getMessage() for r in caplog.records)


class _DropsAfterHello(RpcEngine):
    """After the first connection, lets each one become ready, then drops it at once."""

    def __init__(self, flaps: int) -> None:
        super().__init__()
        self.flaps = flaps
        self.connections = 0
        self.doomed: list[int] = []

    def on_connect(self, conn_id, path, now):
        self.connections += 1
        return super().on_connect(conn_id, path, now)

    def on_frame(self, conn_id, frame, now):
        actions = super().on_frame(conn_id, frame, now)
        flapping = self.connections > 1 and self.flaps > 0
        if flapping and json.loads(frame)["method"] == "hello":
            self.flaps -= 1
            self.doomed.append(conn_id)  # dropped on the next tick, once it is ready
        return actions

    def tick(self, now):
        doomed, self.doomed = self.doomed, []
        return [Close(conn_id, 1011, "flap") for conn_id in doomed]


def test_a_server_that_drops_every_fresh_connection_makes_backoff_grow():
    engine = _DropsAfterHello(flaps=3)
    backoff = Backoff(base=0.01, factor=2.0, cap=5.0)
    with (
        LoopbackServer(engine, tick_interval=0.01) as flapping,
        RpcClient(flapping.url, backoff=backoff) as client,
    ):
        scheduled = Recorder(reconnect_scheduled, client)
        flapping.drop_connections()
        assert scheduled.wait_for(lambda calls: len(calls) >= 4, timeout=10)
        assert engine.flaps == 0
    # No connection lasted: attempts keep counting up instead of starting over at 1.
    assert scheduled.values("attempt")[:4] == [1, 2, 3, 4]


class _WaitsInControl(SessionHooks):
    """A faulty hook: waits for a reply while handling a control message."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.seen = threading.Event()

    def on_control(self, control, session):
        try:
            session.call("echo", {"from": "control"})
        except BaseException as exc:
            self.errors.append(exc)
            raise
        finally:
            self.seen.set()


def test_a_control_hook_that_waits_for_a_reply_is_refused_instead_of_blocking_the_reader(server):
    hook = _WaitsInControl()
    with RpcClient(server.url, hooks=(hook,)) as client:
        server.send_raw(json.dumps({"jsonrpc": "2.0", "method": "heartbeat", "params": {}}))
        assert hook.seen.wait(5)
        assert client.call("echo", {"still": "reading"}, timeout=2) == {"still": "reading"}
    assert [type(e) for e in hook.errors] == [RuntimeError]


def test_restore_is_paced_by_the_message_rate_limit_instead_of_refused(server, engine):
    # Three messages per second; connecting needs hello + three subscribe messages (two
    # channels per message) for what was subscribed while disconnected: the restore
    # must wait for the window, not fail.
    limiter = WebSocketRateLimiter(max_messages_per_second=3)
    client = RpcClient(server.url, limiter=limiter)
    try:
        channels = ["a", "b", "c", "d", "e", "f"]
        assert client.subscribe(channels) == []  # recorded; nothing to send yet
        restored = Recorder(subscriptions_restored, client)
        client.connect()
        assert restored.wait_for(lambda calls: len(calls) == 1)
        assert restored.calls[0]["channels"] == channels
        assert client.rate_limit_stats().refused == 0
        assert client._subscriptions.confirmed == frozenset(channels)
    finally:
        client.close()
    assert engine.methods() == ["hello", "subscribe", "subscribe", "subscribe"]
