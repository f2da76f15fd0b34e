"""A small JSON-RPC 2.0 server engine, a client built on the runtime, and a signal recorder."""

from __future__ import annotations

import json
import threading
from typing import Any

from actors import (
    Backoff,
    ConnectionOptions,
    ManagedClient,
    Requester,
    Session,
    SessionHooks,
    WebSocketRateLimiter,
)
from protocol.jsonrpc import JsonRpcCodec
from venues.simulator import Send


class RpcEngine:
    """Answers ``echo``, ``subscribe``, ``unsubscribe``; never answers ``hold``."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.received_event = threading.Condition()
        self.subscriptions: dict[int, set[str]] = {}

    def on_connect(self, conn_id: int, path: str, now: float) -> list[Any]:
        self.subscriptions[conn_id] = set()
        return []

    def on_disconnect(self, conn_id: int, now: float) -> list[Any]:
        self.subscriptions.pop(conn_id, None)
        return []

    def tick(self, now: float) -> list[Any]:
        return []

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> list[Any]:
        request = json.loads(frame)
        with self.received_event:
            self.received.append(request)
            self.received_event.notify_all()
        method, params = request["method"], request.get("params") or {}
        if method == "hold":
            return []
        if method == "subscribe":
            self.subscriptions[conn_id].update(params["channels"])
            result: Any = params["channels"]
        elif method == "unsubscribe":
            self.subscriptions[conn_id].difference_update(params["channels"])
            result = params["channels"]
        else:
            result = params
        reply = {"jsonrpc": "2.0", "id": request["id"], "result": result}
        return [Send(conn_id, json.dumps(reply))]

    def methods(self) -> list[str]:
        with self.received_event:
            return [r["method"] for r in self.received]

    def wait_for_method(self, method: str, count: int = 1, timeout: float = 5.0) -> bool:
        with self.received_event:
            return self.received_event.wait_for(
                lambda: [r["method"] for r in self.received].count(method) >= count, timeout
            )


def notification(channel: str, data: Any) -> str:
    """A subscription notification frame, as a JSON-RPC server pushes it."""
    params = {"channel": channel, "data": data}
    return json.dumps({"jsonrpc": "2.0", "method": "subscription", "params": params})


class RpcSubscriptions:
    """The subscription protocol of the test server."""

    max_per_message = 2

    def subscribe(
        self, requester: Requester, channels: list[str], timeout: float | None
    ) -> list[str]:
        return list(requester.call("subscribe", {"channels": channels}, timeout=timeout))

    def unsubscribe(self, requester: Requester, channels: list[str], timeout: float | None) -> None:
        requester.call("unsubscribe", {"channels": channels}, timeout=timeout)


class Greeting(SessionHooks):
    """A hook that says hello on every connect and counts how often it ran."""

    def __init__(self) -> None:
        self.opened = 0

    def on_open(self, session: Session) -> None:
        session.call("hello", {"client": "tests"})
        self.opened += 1


class RpcClient(ManagedClient):
    """A client of the test server, built the way venue clients are."""

    def __init__(
        self,
        url: str,
        *,
        limiter: WebSocketRateLimiter | None = None,
        codec: JsonRpcCodec | None = None,
        hooks: tuple[SessionHooks, ...] = (),
        **options: Any,
    ):
        self.greeting = Greeting()
        options.setdefault("backoff", Backoff(base=0.01, factor=2.0, cap=0.05))
        options.setdefault("request_timeout", 5.0)
        options.setdefault("tick_interval", 0.01)
        self._start_runtime(
            url,
            codec or JsonRpcCodec(),
            limiter or WebSocketRateLimiter(max_messages_per_second=1000),
            hooks=[self.greeting, *hooks],
            protocol=RpcSubscriptions(),
            options=ConnectionOptions.from_keywords(options),
        )

    def call(self, method: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self._connection.call(method, params, **kw)

    def request(self, method: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self._connection.request(method, params, **kw)


class Recorder:
    """Records a signal's calls from one sender; tests wait on it instead of sleeping."""

    def __init__(self, signal: Any, sender: Any) -> None:
        self.calls: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._signal = signal
        signal.connect(self._record, sender=sender, weak=False)
        self._sender = sender

    def _record(self, sender: Any, **kwargs: Any) -> None:
        with self._cond:
            self.calls.append(kwargs)
            self._cond.notify_all()

    def wait_for(self, predicate: Any, timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self.calls), timeout)

    def values(self, key: str) -> list[Any]:
        with self._cond:
            return [call[key] for call in self.calls]

    def disconnect(self) -> None:
        self._signal.disconnect(self._record, sender=self._sender)
