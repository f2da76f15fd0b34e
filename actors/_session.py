"""The session handed to hooks: requests pinned to the connection being opened."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from actors._wire import Wire
from actors.hooks import Session
from actors.rate_limiter import Cost
from actors.state import ConnectionState
from actors.transport.base import Frame
from protocol.errors import RequestTimeout


class HookSession(Session):
    """Sends on one connection generation, whether or not it is ready yet."""

    def __init__(
        self,
        wire: Wire,
        generation: int,
        set_state: Callable[[ConnectionState, str], None] | None,
        sender: Any = None,
        *,
        on_reader: bool = False,
    ) -> None:
        self._wire = wire
        self._generation = generation
        self._set_state = set_state
        self._sender = sender
        self.authenticated = False
        self.scope = ""
        self._on_reader = on_reader

    def request(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        cost: Cost | None = None,
    ) -> Future[Any]:
        return self._wire.send_request(
            method, params, timeout=timeout, cost=cost, generation=self._generation
        )

    def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        cost: Cost | None = None,
    ) -> Any:
        if self._on_reader:
            # The reply could only be read by the thread that would wait for it.
            raise RuntimeError(f"{method!r}: on_control must not wait for replies; use request()")
        return wait_for(
            self.request(method, params, timeout=timeout, cost=cost), method, self._wire, timeout
        )

    def send(self, frame: Frame, *, cost: Cost | None = None) -> None:
        self._wire.send_frame(frame, cost=cost, generation=self._generation)

    def wait(self, seconds: float) -> bool:
        return not self._wire.closing.wait(seconds)

    def set_authenticating(self) -> None:
        if self._set_state is not None:
            self._set_state(ConnectionState.AUTHENTICATING, "authenticating")

    def set_authenticated(self, scope: str = "") -> None:
        # Announced by the connection once it reports ready, not here.
        self.authenticated = True
        self.scope = scope


def wait_for(future: Future[Any], method: str, wire: Wire, timeout: float | None) -> Any:
    """Wait for a request's future; past its deadline, forget it and raise RequestTimeout."""
    limit = wire.request_timeout if timeout is None else timeout
    try:
        # The ticker fails the future at the deadline; the margin only covers a
        # ticker that is late, so a caller never waits for ever.
        return future.result(limit + 1.0)
    except FutureTimeout:
        # The ticker was late: forget the request so a late reply is dropped as such.
        wire.pending.pop(getattr(future, "request_id", None))
        raise RequestTimeout(method, limit) from None
