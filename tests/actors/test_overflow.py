"""Each overflow policy under a slow consumer, over a real loopback socket."""

from __future__ import annotations

import threading

from actors import ConnectionState
from actors.signals import message_dropped, state_changed
from tests.actors.rpc_server import Recorder, RpcClient, notification

BURST = 200


def _slow_handler(gate: threading.Event, seen: list[int]):
    def handler(channel: str, data: int) -> None:
        gate.wait(5)  # the consumer is stuck until the test lets it go
        seen.append(data)

    return handler


def _burst(server, count: int = BURST) -> None:
    for i in range(count):
        server.send_raw(notification("ticks", i))


def test_block_policy_loses_nothing_under_a_slow_consumer(server):
    gate, seen, all_seen = threading.Event(), [], threading.Event()
    slow = _slow_handler(gate, seen)

    def handler(channel: str, data: int) -> None:
        slow(channel, data)
        if len(seen) == BURST:
            all_seen.set()

    with RpcClient(server.url, queue_size=8, overflow="block") as client:
        client.subscribe(["ticks"], handler)
        dropped = Recorder(message_dropped, client)
        _burst(server)
        gate.set()
        assert all_seen.wait(10)
        assert client.connection_stats().dropped == 0
    assert seen == list(range(BURST))
    assert dropped.calls == []


def test_drop_oldest_policy_counts_and_signals_what_it_dropped(server):
    gate, seen, newest_seen = threading.Event(), [], threading.Event()
    slow = _slow_handler(gate, seen)

    def handler(channel: str, data: int) -> None:
        slow(channel, data)
        if data == BURST - 1:  # the newest event is never the one dropped
            newest_seen.set()

    with RpcClient(server.url, queue_size=8, overflow="drop_oldest") as client:
        client.subscribe(["ticks"], handler)
        dropped = Recorder(message_dropped, client)
        _burst(server)
        assert dropped.wait_for(lambda calls: sum(c["count"] for c in calls) > 0)
        assert client.call("echo", {"sync": 1}) == {"sync": 1}  # reads the whole burst
        gate.set()
        assert newest_seen.wait(5)
    # After close every thread has finished: the signals and the counter agree.
    total_dropped = sum(dropped.values("count"))
    assert client.connection_stats().dropped == total_dropped
    assert set(dropped.values("reason")) == {"overflow"}
    # What was delivered is in order, ends with the newest, and nothing is duplicated.
    assert seen == sorted(set(seen))
    assert seen[-1] == BURST - 1
    assert len(seen) + total_dropped == BURST


def test_disconnect_policy_drops_the_slow_consumer_and_reconnects(server):
    gate, seen = threading.Event(), []
    with RpcClient(server.url, queue_size=8, overflow="disconnect") as client:
        client.subscribe(["ticks"], _slow_handler(gate, seen))
        states = Recorder(state_changed, client)
        dropped = Recorder(message_dropped, client)
        _burst(server)
        assert states.wait_for(
            lambda calls: any(c["new"] is ConnectionState.RECONNECTING for c in calls)
        )
        assert "slow consumer" in states.calls[0]["reason"]
        assert dropped.wait_for(lambda calls: "slow_consumer" in [c["reason"] for c in calls])
        gate.set()
        assert client.wait_ready(5)
        assert "ticks" in client._subscriptions.confirmed
