"""The send side of a connection: ids, pending futures, rate limits, the live transport.

Shared by the connection handle (ready requests), the sessions given to hooks
(requests during connect) and the actor (which swaps the transport). Sending happens
on the caller's thread: a thread hop per request would buy nothing, because the
transport's send is thread-safe and correlation is a locked table.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, InvalidStateError
from typing import Any, NamedTuple

from actors.rate_limiter import Cost, RateLimiter
from actors.transport.base import Frame, WebSocketConnection
from protocol.codec import Codec
from protocol.errors import ConnectionClosed, ConnectionLost, NotConnected, TransportError
from protocol.ids import RequestIds
from protocol.pending import PendingRequest, PendingRequests

logger = logging.getLogger(__name__)

ONE_MESSAGE = Cost()


class Link(NamedTuple):
    """The transport of one connection generation (swapped as a whole, atomically)."""

    generation: int
    transport: WebSocketConnection | None


class Wire:
    """Encodes, rate-limits, registers and sends requests on the current link."""

    def __init__(
        self,
        codec: Codec,
        limiter: RateLimiter,
        request_timeout: float,
        url: str,
        *,
        on_request: Callable[[], None] = lambda: None,
    ) -> None:
        self.codec = codec
        self._on_request = on_request
        self.limiter = limiter
        self.request_timeout = request_timeout
        self.url = url
        self.pending = PendingRequests(lock=threading.Lock())
        self.ids = RequestIds()
        self.link = Link(0, None)
        self.connecting: WebSocketConnection | None = None  # a transport mid-handshake
        self.closing = threading.Event()

    def send_request(
        self,
        method: str,
        params: Mapping[str, Any] | None,
        *,
        timeout: float | None,
        cost: Cost | None,
        generation: int,
    ) -> Future[Any]:
        """Check limits, register a future under a fresh id and send the request."""
        self.limiter.acquire(cost or ONE_MESSAGE)
        request_id = next(self.ids)
        frame = self.codec.encode_request(request_id, method, params)
        future: Future[Any] = Future()
        future.request_id = request_id  # type: ignore[attr-defined]  # for wait_for
        now = time.monotonic()
        deadline = now + (self.request_timeout if timeout is None else timeout)
        self.pending.add(request_id, future, method, deadline, generation, sent_at=now)
        self._on_request()
        try:
            self._transport_for(generation).send(frame)
        except (NotConnected, ConnectionClosed) as exc:
            self._fail(request_id, NotConnected("disconnected", f"{method!r} was not sent"), exc)
        except TransportError as exc:
            lost = ConnectionLost(str(exc), outcome_unknown=True, method=method)
            self._fail(request_id, lost, exc)
        if self.link.generation != generation:
            # The link changed while we sent: the actor may already have failed this
            # generation's requests, so fail ours here rather than let it hang.
            lost = ConnectionLost("connection replaced", outcome_unknown=True, method=method)
            self._fail(request_id, lost, None)
        return future

    def send_frame(self, frame: Frame, *, cost: Cost | None, generation: int) -> None:
        """Send a frame as it is, after the rate-limit check."""
        self.limiter.acquire(cost or ONE_MESSAGE)
        self._transport_for(generation).send(frame)

    def _transport_for(self, generation: int) -> WebSocketConnection:
        link = self.link
        if link.transport is None or link.generation != generation:
            raise NotConnected("disconnected", "the connection was replaced")
        return link.transport

    def _fail(self, request_id: Any, error: Exception, cause: Exception | None) -> None:
        entry = self.pending.pop(request_id)
        if entry is not None:
            error.__cause__ = cause
            settle(entry, error=error)


def settle(entry: PendingRequest, result: Any = None, error: BaseException | None = None) -> None:
    """Complete an entry's future; a future the caller already cancelled is left alone."""
    future = entry.future
    if future is None:
        return
    try:
        if error is None:
            future.set_result(result)
        else:
            future.set_exception(error)
    except InvalidStateError:
        logger.debug("the caller cancelled %r before its reply", entry.method)
