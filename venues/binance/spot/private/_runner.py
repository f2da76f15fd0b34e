"""Running one :class:`ApiCall`: authorise, send with its cost, learn the venue's counts,
parse the result. Shared by the client, its session hooks and its user data protocol."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future
from typing import Any, TypeVar

from marshmallow import ValidationError

from actors import RateLimiter, Requester
from protocol.errors import MalformedMessage
from venues.binance.spot.api_codec import ApiResponse
from venues.binance.spot.errors import BinanceError
from venues.binance.spot.private._auth import Authorizer
from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._usage import apply_refusal, apply_usage, call_cost

__all__ = ["CallRunner"]

T = TypeVar("T")


class CallRunner:
    """Sends calls through any :class:`~actors.Requester` (connection or session).

    ``rate`` is set once the client's runtime exists (before the first connect);
    ``caps`` are the client's own limits, kept when the venue reports looser ones.
    """

    def __init__(self, authorizer: Authorizer, caps: Mapping[str, int] | None = None) -> None:
        self.authorizer = authorizer
        self.caps = dict(caps or {})
        self.rate: RateLimiter | None = None

    def call(self, requester: Requester, call: ApiCall[T], timeout: float | None = None) -> T:
        """Send ``call`` and wait for its typed result (raises the venue's error)."""
        params = self.authorizer.params(call)
        try:
            response = requester.call(call.method, params, timeout=timeout, cost=call_cost(call))
        except BinanceError as exc:
            self._refused(exc)
            raise
        return self.finish(call, response)

    def submit(
        self, requester: Requester, call: ApiCall[T], timeout: float | None = None
    ) -> Future[T]:
        """Send ``call`` now; the future completes with the typed result or the error."""
        params = self.authorizer.params(call)
        raw = requester.request(call.method, params, timeout=timeout, cost=call_cost(call))
        typed: Future[T] = Future()
        raw.add_done_callback(lambda done: self._complete(call, done, typed))
        return typed

    def finish(self, call: ApiCall[T], response: Any) -> T:
        """Learn the reply's rate limits, then parse its result."""
        if not isinstance(response, ApiResponse):
            raise MalformedMessage(f"{call.method}: not a WebSocket API reply")
        if self.rate is not None:
            apply_usage(self.rate, response.rate_limits, self.caps)
        try:
            return call.parse(response.result)
        except (ValidationError, TypeError, ValueError, AttributeError) as exc:
            raise MalformedMessage(f"{call.method} result: {exc}") from exc

    def _refused(self, error: BinanceError) -> None:
        if self.rate is not None:
            apply_refusal(self.rate, error, self.caps)

    def _complete(self, call: ApiCall[T], done: Future[Any], typed: Future[T]) -> None:
        error = done.exception()
        if error is not None:
            if isinstance(error, BinanceError):
                self._refused(error)
            typed.set_exception(error)
            return
        try:
            typed.set_result(self.finish(call, done.result()))
        except Exception as exc:
            typed.set_exception(exc)
