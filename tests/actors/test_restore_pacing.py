"""A reconnect's restore never trips the rate limit it enforces, and never hangs on it.

Regression: a protocol that sends one message per channel restored more channels than
the message rate allowed at once; the limiter refused, and the refused attempt was left
half open in CONNECTING for good.
"""

from __future__ import annotations

from typing import Any

from actors import (
    Backoff,
    ConnectionOptions,
    ConnectionState,
    ManagedClient,
    Requester,
    Session,
    SessionHooks,
    WebSocketRateLimiter,
)
from actors.signals import state_changed
from protocol.errors import MessageRateExceeded
from protocol.jsonrpc import JsonRpcCodec
from tests.actors.rpc_server import Recorder

FAST = {"backoff": Backoff(base=0.01, factor=2.0, cap=0.05), "request_timeout": 5.0}


class OneMessagePerChannel:
    """Subscribes like Coinbase: one message per channel, many channels per call."""

    max_per_message = 100

    def subscribe(
        self, requester: Requester, channels: list[str], timeout: float | None
    ) -> list[str]:
        confirmed: list[str] = []
        for channel in channels:
            confirmed += requester.call("subscribe", {"channels": [channel]}, timeout=timeout)
        return confirmed

    def unsubscribe(self, requester: Requester, channels: list[str], timeout: float | None) -> None:
        requester.call("unsubscribe", {"channels": channels}, timeout=timeout)


class Client(ManagedClient):
    def __init__(self, url: str, limiter: WebSocketRateLimiter, hooks: Any = (), **options: Any):
        self._start_runtime(
            url,
            JsonRpcCodec(),
            limiter,
            hooks=list(hooks),
            protocol=OneMessagePerChannel(),
            options=ConnectionOptions.from_keywords({**FAST, "tick_interval": 0.01, **options}),
        )


def test_a_restore_of_more_messages_than_the_rate_allows_waits_for_room_and_completes(
    server, engine
):
    channels = ["a", "b", "c"]
    limiter = WebSocketRateLimiter(max_messages_per_second=4)
    with Client(server.url, limiter) as client:
        states = Recorder(state_changed, client)
        # Three of the second's four messages; the restore needs three more at once.
        assert client.subscribe(channels) == channels
        server.drop_connections()
        assert states.wait_for(
            lambda calls: any(c["new"] is ConnectionState.RECONNECTING for c in calls)
        )
        assert client.wait_ready(10.0)
        assert sorted(engine.subscriptions[max(engine.subscriptions)]) == channels
        assert client.rate_limit_stats().refused == 0
    reasons = [c["reason"] for c in states.calls]
    assert not any("failed" in reason for reason in reasons), reasons


class RefusedOnce(SessionHooks):
    """A hook whose second open is refused by a rate limit (as a restore could be)."""

    def __init__(self) -> None:
        self.opens = 0

    def on_open(self, session: Session) -> None:
        self.opens += 1
        if self.opens == 2:
            raise MessageRateExceeded(limit=1, window=1.0, retry_after=0.05)


def test_an_attempt_refused_by_a_rate_limit_is_ended_and_retried_never_left_half_open(server):
    hook = RefusedOnce()
    limiter = WebSocketRateLimiter(max_messages_per_second=1000)
    with Client(server.url, limiter, hooks=[hook]) as client:
        states = Recorder(state_changed, client)
        server.drop_connections()
        assert states.wait_for(lambda calls: any("attempt 1 failed" in c["reason"] for c in calls))
        assert client.wait_ready(10.0)
        assert hook.opens == 3
        assert server.wait_for_connections(1, 5.0)
    news = [c["new"] for c in states.calls]
    assert news[:4] == [
        ConnectionState.RECONNECTING,
        ConnectionState.CONNECTING,
        ConnectionState.RECONNECTING,
        ConnectionState.CONNECTING,
    ]
