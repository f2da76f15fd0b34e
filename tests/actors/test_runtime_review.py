"""The runtime under concurrency: re-entrant calls, failed attempts, ordering, bounded close.

Every test runs over real loopback sockets. A test marked ``xfail(strict=True)`` shows a
defect of the runtime as it stands; its reason names the defect.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from typing import Any

import pytest

from actors import (
    Backoff,
    ConnectionOptions,
    ConnectionState,
    ManagedClient,
    ManagedConnection,
    RateLimiter,
    Session,
    SessionHooks,
    SubscriptionManager,
    WebSocketRateLimiter,
)
from actors.signals import authenticated, reconnect_scheduled, state_changed
from protocol.errors import (
    ConnectionClosed,
    ConnectionFailed,
    NotConnected,
    VenueClientError,
)
from protocol.jsonrpc import JsonRpcCodec
from protocol.messages import Event
from tests.actors.rpc_server import Recorder, RpcClient, RpcSubscriptions, notification

S = ConnectionState


class BatchCodec(JsonRpcCodec):
    """Splits a ``batch`` notification into one event per item (one frame, many events)."""

    def notification(self, method: str, params: Any) -> Any:
        if method == "batch":
            return [Event(item["channel"], item["data"]) for item in params]
        return super().notification(method, params)


def batch_frame(channel: str, values: range) -> str:
    items = [{"channel": channel, "data": value} for value in values]
    return json.dumps({"jsonrpc": "2.0", "method": "batch", "params": items})


class HookedClient(ManagedClient):
    """A client of the test server with the hooks, codec and protocol a test gives it."""

    def __init__(
        self,
        url: str,
        *,
        hooks: list[SessionHooks] | None = None,
        codec: JsonRpcCodec | None = None,
        protocol: Any = None,
        **options: Any,
    ) -> None:
        options.setdefault("backoff", Backoff(base=0.01, factor=2.0, cap=0.05))
        options.setdefault("request_timeout", 5.0)
        options.setdefault("tick_interval", 0.01)
        self._start_runtime(
            url,
            codec or JsonRpcCodec(),
            WebSocketRateLimiter(max_messages_per_second=1000),
            hooks=hooks or [],
            protocol=protocol or RpcSubscriptions(),
            options=ConnectionOptions.from_keywords(options),
        )

    def call(self, method: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self._connection.call(method, params, **kw)

    def request(self, method: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self._connection.request(method, params, **kw)


class Gate(SessionHooks):
    """Holds ``on_open`` number ``hold_on`` until the test opens the gate."""

    def __init__(self, hold_on: int) -> None:
        self.hold_on = hold_on
        self.opened = 0
        self.entered = threading.Event()
        self.gate = threading.Event()

    def on_open(self, session: Session) -> None:
        self.opened += 1
        if self.opened == self.hold_on:
            self.entered.set()
            self.gate.wait(5)


class FailingOpen(SessionHooks):
    """Refuses the ``on_open`` calls whose numbers are in ``fail_on`` (None: all but the first)."""

    def __init__(self, fail_on: set[int] | None = None) -> None:
        self.fail_on = fail_on
        self.opened = 0

    def on_open(self, session: Session) -> None:
        self.opened += 1
        failing = self.opened > 1 if self.fail_on is None else self.opened in self.fail_on
        if failing:
            raise RuntimeError(f"hook refused open number {self.opened}")


def shut(client: ManagedClient) -> None:
    """Best-effort cleanup for tests whose client may be left half-closed by a defect."""
    with contextlib.suppress(Exception):
        client.close()
    with contextlib.suppress(Exception):
        client._connection._actor.stop(block=True, timeout=5)
    with contextlib.suppress(Exception):
        client.close()


def wait_subscribed(engine: Any, channel: str, timeout: float) -> bool:
    def seen() -> bool:
        return any(
            r["method"] == "subscribe" and channel in r["params"]["channels"]
            for r in engine.received
        )

    with engine.received_event:
        return engine.received_event.wait_for(seen, timeout)


# -- failed attempts --------------------------------------------------------------------


def test_a_connect_a_hook_refused_does_not_start_reconnecting_in_the_background(server):
    client = HookedClient(server.url, hooks=[FailingOpen(fail_on={1})])
    states = Recorder(state_changed, client)
    try:
        with pytest.raises(ConnectionFailed):
            client.connect()
        reconnecting = states.wait_for(
            lambda calls: any(c["new"] is S.RECONNECTING for c in calls), timeout=1.0
        )
        assert not reconnecting
        assert client.state is S.DISCONNECTED
    finally:
        client.close()


def test_connect_reports_a_failing_hook_as_connection_failed(server):
    client = HookedClient(server.url, hooks=[FailingOpen(fail_on={1})])
    try:
        with pytest.raises(ConnectionFailed):
            client.connect()
    finally:
        client.close()


def test_attempts_keep_counting_when_every_reconnect_fails_in_a_hook(server):
    client = HookedClient(
        server.url, hooks=[FailingOpen()], max_reconnect_attempts=3, tick_interval=0.05
    )
    with client:
        scheduled = Recorder(reconnect_scheduled, client)
        states = Recorder(state_changed, client)
        server.drop_connections()
        assert scheduled.wait_for(lambda calls: len(calls) >= 3)
        assert scheduled.values("attempt")[:3] == [1, 2, 3]
        assert states.wait_for(lambda calls: any(c["new"] is S.FAILED for c in calls))


# -- re-entrant calls from library threads ----------------------------------------------


def test_close_from_a_subscription_handler_closes_everything(server):
    client = RpcClient(server.url)
    errors: list[BaseException] = []
    done = threading.Event()

    def handler(channel: str, data: Any) -> None:
        try:
            client.close()
        except Exception as exc:
            errors.append(exc)
        finally:
            done.set()

    try:
        client.connect()
        client.subscribe(["ticks"], handler)
        server.send_raw(notification("ticks", 1))
        assert done.wait(5)
        assert errors == []
        assert client.state is S.CLOSED
    finally:
        shut(client)


def test_close_from_a_state_receiver_on_failed_returns_and_closes_everything(server):
    client = RpcClient(server.url, max_reconnect_attempts=0, close_timeout=0.5)
    errors: list[BaseException] = []
    done = threading.Event()

    def on_state(sender: Any, old: Any, new: Any, reason: str) -> None:
        if new is S.FAILED:
            try:
                client.close()
            except Exception as exc:
                errors.append(exc)
            finally:
                done.set()

    state_changed.connect(on_state, sender=client, weak=False)
    try:
        client.connect()
        server.drop_connections()
        assert done.wait(5)
        assert errors == []
        assert client.state is S.CLOSED
    finally:
        state_changed.disconnect(on_state, sender=client)
        shut(client)


def test_connect_from_a_state_receiver_does_not_wait_for_its_own_thread(server):
    client = RpcClient(server.url, max_reconnect_attempts=0)
    errors: list[BaseException] = []
    done = threading.Event()

    def on_state(sender: Any, old: Any, new: Any, reason: str) -> None:
        if new is S.FAILED and not done.is_set():
            try:
                client.connect(timeout=1.0)  # bounded here only so the test ends
            except Exception as exc:
                errors.append(exc)
            finally:
                done.set()

    state_changed.connect(on_state, sender=client, weak=False)
    try:
        client.connect()
        server.drop_connections()
        assert done.wait(5)
        assert errors == []
        assert client.wait_ready(5)
    finally:
        state_changed.disconnect(on_state, sender=client)
        shut(client)


# -- close() bounds ---------------------------------------------------------------------


def test_close_during_a_connect_in_progress_returns_and_ends_the_connect():
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    tcp_accepted = threading.Event()

    def accept() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            accepted.append(conn)
            tcp_accepted.set()

    acceptor = threading.Thread(target=accept, name="test:silent-acceptor", daemon=True)
    acceptor.start()
    client = RpcClient(f"ws://127.0.0.1:{port}", connect_timeout=10.0, close_timeout=0.2)
    outcome: list[BaseException] = []

    def connecting() -> None:
        try:
            client.connect()
        except BaseException as exc:
            outcome.append(exc)

    connector = threading.Thread(target=connecting, name="test:connector", daemon=True)
    connector.start()
    try:
        assert tcp_accepted.wait(5)  # the handshake is now waiting for an answer
        client.close()
        connector.join(5)
        assert not connector.is_alive()  # ended by close(), not by the server
        assert isinstance(outcome[0], VenueClientError)
    finally:
        for conn in accepted:
            conn.close()
        listener.close()
        connector.join(10)
        acceptor.join(5)
        shut(client)


# -- requests that must not hang --------------------------------------------------------


class BrokenErrorTable(JsonRpcCodec):
    """A venue codec whose error table fails on some reply."""

    def error(self, failure: Any, method: str) -> Any:
        raise RuntimeError("error table bug")


def test_an_error_reply_the_codec_cannot_map_still_fails_its_request(server, engine):
    with HookedClient(server.url, codec=BrokenErrorTable()) as client:
        future = client.request("hold")
        assert engine.wait_for_method("hold")
        request_id = next(r["id"] for r in engine.received if r["method"] == "hold")
        error = {"code": -1, "message": "refused"}
        server.send_raw(json.dumps({"jsonrpc": "2.0", "id": request_id, "error": error}))
        assert future.exception(timeout=3) is not None
        assert client.connection_stats().reconnects == 0


def test_a_request_while_reconnecting_is_refused_and_never_reaches_the_server(server, engine):
    with RpcClient(server.url) as client:
        states = Recorder(state_changed, client)
        server.refuse_connections(None)
        server.drop_connections()
        assert states.wait_for(lambda calls: any(c["new"] is S.RECONNECTING for c in calls))
        with pytest.raises(NotConnected):
            client.call("echo", {"while": "down"})
        server.refuse_connections(0)
        assert client.wait_ready(5)
    assert {"while": "down"} not in [r.get("params") for r in engine.received]


def test_close_releases_a_hook_waiting_for_a_reply(server, engine):
    class Waits(SessionHooks):
        def __init__(self) -> None:
            self.error: list[BaseException] = []

        def on_open(self, session: Session) -> None:
            try:
                session.call("hold")
            except BaseException as exc:
                self.error.append(exc)
                raise

    hook = Waits()
    client = HookedClient(server.url, hooks=[hook])
    outcome: list[BaseException] = []

    def connecting() -> None:
        try:
            client.connect()
        except BaseException as exc:
            outcome.append(exc)

    connector = threading.Thread(target=connecting, name="test:connector", daemon=True)
    connector.start()
    try:
        assert engine.wait_for_method("hold")
        client.close()
        connector.join(5)
        assert not connector.is_alive()
        assert isinstance(hook.error[0], ConnectionClosed)
        assert outcome and isinstance(outcome[0], ConnectionClosed)
    finally:
        shut(client)


# -- what receivers and subscribers see -------------------------------------------------


class Login(SessionHooks):
    def on_open(self, session: Session) -> None:
        session.set_authenticating()
        session.call("auth", {"grant_type": "client_credentials"})
        session.set_authenticated("connection")


def test_an_authenticated_receiver_can_use_the_session_at_once(server):
    client = HookedClient(server.url, hooks=[Login()])
    outcomes: list[Any] = []
    done = threading.Event()

    def on_authenticated(sender: Any, scope: str) -> None:
        try:
            outcomes.append(client.call("echo", {"after": "auth"}))
        except Exception as exc:
            outcomes.append(exc)
        done.set()

    authenticated.connect(on_authenticated, sender=client, weak=False)
    try:
        with client:
            assert done.wait(5)
            assert client.state is S.AUTHENTICATED
    finally:
        authenticated.disconnect(on_authenticated, sender=client)
    assert outcomes == [{"after": "auth"}]


def test_a_subscribe_between_restore_and_ready_reaches_the_venue(server, engine):
    owner = object()
    rate = RateLimiter(WebSocketRateLimiter(max_messages_per_second=1000), sender=owner)
    subs = SubscriptionManager(RpcSubscriptions(), limiter=rate, sender=owner)
    hold = Gate(hold_on=2)
    options = ConnectionOptions(backoff=Backoff(base=0.01, cap=0.05), tick_interval=0.01)
    conn = ManagedConnection(
        server.url, JsonRpcCodec(), sender=owner, limiter=rate, hooks=[subs, hold], options=options
    )
    subs.attach(conn)
    try:
        conn.connect()
        assert subs.subscribe(["early"]) == ["early"]
        conn.drop("venue asked for a fresh session")
        assert hold.entered.wait(5)  # restored, not ready yet
        assert subs.subscribe(["late"]) == []  # recorded for now
        hold.gate.set()
        assert conn.wait_ready(5)
        assert wait_subscribed(engine, "late", timeout=3)
    finally:
        hold.gate.set()
        conn.close()
        subs.stop()
        rate.stop()


class RefusesChannelC(RpcSubscriptions):
    def subscribe(self, requester: Any, channels: list[str], timeout: float | None) -> list[str]:
        if "c" in channels:
            raise RuntimeError("the venue refused channel c")
        return super().subscribe(requester, channels, timeout)


def test_a_partly_failed_subscribe_leaves_the_venue_and_the_manager_agreeing(server, engine):
    with HookedClient(server.url, protocol=RefusesChannelC()) as client:
        with pytest.raises(RuntimeError):
            client.subscribe(["a", "b", "c"])  # two per message: [a, b] then [c]
        (conn_id,) = server.connection_ids
        at_venue = set(engine.subscriptions[conn_id])
        assert set(client._subscriptions.confirmed) == at_venue
        assert client.rate_limit_stats().active_subscriptions == len(at_venue)


# -- ordering of announcements ----------------------------------------------------------


def test_state_announcements_keep_the_order_of_the_changes(server):
    client = RpcClient(server.url)
    seen: list[ConnectionState] = []
    cond = threading.Condition()
    holding, gate = threading.Event(), threading.Event()

    def on_state(sender: Any, old: Any, new: Any, reason: str) -> None:
        if new is S.RECONNECTING:
            # Stands for the actor thread being descheduled between the change and its
            # announcement.
            holding.set()
            gate.wait(5)
        with cond:
            seen.append(new)
            cond.notify_all()

    state_changed.connect(on_state, sender=client, weak=False)
    closer = threading.Thread(target=client.close, name="test:closer", daemon=True)
    try:
        client.connect()
        server.drop_connections()
        assert holding.wait(5)
        closer.start()
        with cond:
            cond.wait_for(lambda: S.CLOSED in seen, 1.0)
        gate.set()
        closer.join(10)
        with cond:
            assert cond.wait_for(lambda: S.CLOSED in seen and S.RECONNECTING in seen, 5)
        assert seen[-2:] == [S.RECONNECTING, S.CLOSED]
    finally:
        gate.set()
        state_changed.disconnect(on_state, sender=client)
        shut(client)


# -- connect() while the connection has a life of its own -------------------------------


def test_a_failed_connect_during_a_reconnect_does_not_end_reconnecting(server):
    with RpcClient(server.url) as client:
        states = Recorder(state_changed, client)
        server.refuse_connections(None)
        server.drop_connections()
        assert states.wait_for(lambda calls: any(c["new"] is S.RECONNECTING for c in calls))
        with pytest.raises(ConnectionFailed):
            client.connect()
        server.refuse_connections(0)
        assert client.wait_ready(3)


def test_a_connect_that_timed_out_does_not_later_drop_the_connection_it_made(server):
    hold = Gate(hold_on=1)
    client = HookedClient(server.url, hooks=[hold])
    states = Recorder(state_changed, client)
    try:
        with pytest.raises(ConnectionFailed):
            client.connect(timeout=0.2)  # the hook is held until after this returns
        hold.gate.set()
        assert states.wait_for(
            lambda calls: any(c["new"] in (S.RECONNECTING, S.DISCONNECTED) for c in calls)
        )
        assert S.RECONNECTING not in [c["new"] for c in states.calls]
    finally:
        hold.gate.set()
        client.close()


class HeldHandler:
    """A handler that says it was entered, then holds the dispatcher until let go."""

    def __init__(self) -> None:
        self.entered, self.gate = threading.Event(), threading.Event()

    def __call__(self, channel: str, data: Any) -> None:
        self.entered.set()
        self.gate.wait(5)


# -- backpressure (overflow="block") ----------------------------------------------------


def test_stale_detection_does_not_fire_while_the_reader_waits_for_a_slow_handler(server):
    held = HeldHandler()
    handler, entered, gate = held, held.entered, held.gate

    with HookedClient(
        server.url, codec=BatchCodec(), stale_after=0.2, queue_size=2, overflow="block"
    ) as client:
        client.subscribe(["ticks"], handler)
        states = Recorder(state_changed, client)
        try:
            server.send_raw(batch_frame("ticks", range(20)))  # more than the queue holds
            assert entered.wait(5)
            stale = states.wait_for(
                lambda calls: any(c["new"] is S.RECONNECTING for c in calls), timeout=1.0
            )
        finally:
            gate.set()
        assert not stale


def test_a_handler_can_call_the_venue_while_the_hand_off_is_full(server):
    results: list[Any] = []
    done = threading.Event()

    def handler(channel: str, data: Any) -> None:
        if data == 0:
            try:
                results.append(client.call("echo", {"from": "handler"}, timeout=2.0))
            except Exception as exc:
                results.append(exc)
            done.set()

    with HookedClient(server.url, codec=BatchCodec(), queue_size=16, overflow="block") as client:
        client.subscribe(["ticks"], handler)
        # 16 events reach the handler, 16 more fill the queue, 8 more stand before the
        # reply: the reader must queue them beyond the capacity to read it.
        server.send_raw(batch_frame("ticks", range(40)))
        assert done.wait(10)
        assert client._connection.wait_delivered(40, 5)
    assert results == [{"from": "handler"}]


def test_under_drop_oldest_replies_still_resolve_while_a_handler_is_stuck(server):
    held = HeldHandler()
    handler, entered, gate = held, held.entered, held.gate

    with HookedClient(
        server.url, codec=BatchCodec(), queue_size=2, overflow="drop_oldest"
    ) as client:
        client.subscribe(["ticks"], handler)
        try:
            server.send_raw(batch_frame("ticks", range(20)))
            assert entered.wait(5)
            assert client.call("echo", {"still": "reading"}) == {"still": "reading"}
            assert client.connection_stats().dropped > 0
        finally:
            gate.set()


def test_a_dropped_connections_reader_is_retired_before_the_next_one_reads(server):
    held = HeldHandler()
    handler, entered, gate = held, held.entered, held.gate

    def readers() -> list[threading.Thread]:
        name = f"venue-actors:reader:{server.url}"
        return [t for t in threading.enumerate() if t.name == name and t.is_alive()]

    with HookedClient(server.url, codec=BatchCodec(), queue_size=2, overflow="block") as client:
        client.subscribe(["ticks"], handler)
        states = Recorder(state_changed, client)
        try:
            server.send_raw(batch_frame("ticks", range(20)))
            assert entered.wait(5)  # the reader now waits for room with most of the batch
            client._connection.drop("venue asked for a fresh session")
            assert states.wait_for(lambda calls: bool(calls) and calls[-1]["new"] is S.CONNECTED)
            assert len(readers()) == 1
        finally:
            gate.set()
