"""What both Deribit clients share: the runtime they build, and how they send calls.

Each client owns its connection, its own rate limiter (Deribit's credit buckets) and
its subscription manager. Every method builds a validated call in its method file and
sends it here, blocking (``timeout=``) or as a future (``*_async``). Both forms handle
``10028 too_many_requests`` the documented way: the session is terminated, so the local
buckets are emptied, sending pauses until they refill, and the connection is dropped
and re-established (restoring auth and subscriptions).

Example:
    >>> TESTNET_URL
    'wss://test.deribit.com/ws/api/v2'
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterable
from concurrent.futures import Future
from typing import Any, TypeVar

from actors import ConnectionOptions, ManagedClient, SessionHooks, TokenBucket, WebSocketRateLimiter
from venues.deribit._book_recovery import BookGapRecovery
from venues.deribit._call import Call
from venues.deribit._session import DeribitSubscriptions, HeartbeatHook, cost_of, send_call
from venues.deribit.codec import DeribitCodec
from venues.deribit.errors import TooManyRequests
from venues.deribit.limits import (
    MATCHING,
    MATCHING_ENGINE_METHODS,
    NON_MATCHING,
    DeribitLimits,
    from_account_limits,
)
from venues.deribit.models import AccountSummary
from venues.deribit.public import disable_heartbeat, set_heartbeat, unsubscribe_all

__all__ = ["MAINNET_URL", "TESTNET_URL", "DeribitClientBase"]

logger = logging.getLogger(__name__)

MAINNET_URL = "wss://www.deribit.com/ws/api/v2"
TESTNET_URL = "wss://test.deribit.com/ws/api/v2"

T = TypeVar("T")

_VENUE_OPTIONS = ("heartbeat_interval", "answer_heartbeats", "tier", "too_many_requests_pause")


def build_limiter(limits: DeribitLimits) -> WebSocketRateLimiter:
    """A fresh limiter holding Deribit's two credit buckets (one per client, never shared).

    Deribit documents no message window or connection-attempt rate (only 32
    simultaneous connections per IP, which one client's single socket cannot pass),
    so credits are the whole local rule.
    """
    buckets = {
        name: TokenBucket(capacity=spec.capacity, refill_per_second=spec.refill_per_second)
        for name, spec in limits.buckets().items()
    }
    return WebSocketRateLimiter(buckets=buckets)


class DeribitClientBase(ManagedClient):
    """The common machinery of :class:`DeribitPublicClient` and :class:`DeribitPrivateClient`."""

    def _start_deribit(
        self,
        url: str,
        options: dict[str, Any],
        *,
        authenticated: bool,
        hooks: Iterable[SessionHooks] = (),
    ) -> None:
        venue = {name: options.pop(name) for name in _VENUE_OPTIONS if name in options}
        interval = venue.get("heartbeat_interval", 30)
        self._heartbeat = HeartbeatHook(interval, answer=venue.get("answer_heartbeats", True))
        self._limits = DeribitLimits.for_tier(venue.get("tier", 4))
        self._pause = venue.get("too_many_requests_pause")
        if interval is not None and "stale_after" not in options:
            # Heartbeats arrive every interval: three silent intervals mean a dead link.
            options["stale_after"] = float(interval) * 3
        codec = DeribitCodec()
        self._books = BookGapRecovery(self, codec, f"venue-actors:deribit-books:{url}")
        codec.on_book_gap = self._books.post
        self._start_runtime(
            url,
            codec,
            build_limiter(self._limits),
            hooks=[*hooks, self._heartbeat, self._books],
            protocol=DeribitSubscriptions(authenticated=authenticated),
            options=ConnectionOptions.from_keywords(options),
        )
        self._books.start(self._connection, self._require_subscriptions(), self._rate)

    def close(self) -> None:
        """Close the connection and stop every actor and thread; idempotent.

        Example:
            >>> # client.close()
        """
        self._books.mark_closing()
        try:
            super().close()
        finally:
            self._books.stop()

    @property
    def books_recovered(self) -> int:
        """How many times a ``book.*`` channel was re-subscribed after a gap.

        A change that does not follow the last ``change_id`` is never delivered: the
        channel is signalled stale (``subscription_stale``), re-subscribed, and its
        handler gets a fresh snapshot before any further change.

        Example:
            >>> # client.books_recovered
            >>> # 0
        """
        return self._books.recovered

    # -- session calls ----------------------------------------------------------------

    def unsubscribe_all(self, *, timeout: float | None = None) -> None:
        """Unsubscribe every channel: one ``public/unsubscribe_all``, then forget them.

        The venue stops every channel of the connection at once (public and ``user.*``),
        so no notification of a forgotten channel can arrive after this returns. Not
        connected, the channels are only forgotten (nothing is restored later).

        Example:
            >>> # client.unsubscribe_all(timeout=5.0)
        """
        if self.state.is_ready:
            self.execute(unsubscribe_all.build(), timeout=timeout)
        super().unsubscribe_all(timeout=timeout)

    def set_heartbeat(self, *, interval: int, timeout: float | None = None) -> str:
        """Change the heartbeat interval (s, >= 10), now and after every reconnect.

        Stale detection keeps the ``stale_after`` the client was built with.

        Example:
            >>> # client.set_heartbeat(interval=15)
            >>> # 'ok'
        """
        result = self.execute(set_heartbeat.build(interval=interval), timeout=timeout)
        self._heartbeat.interval = interval
        return result

    def disable_heartbeat(self, *, timeout: float | None = None) -> str:
        """Stop the venue's heartbeats, now and after every reconnect.

        Without heartbeats an idle link stays silent: build the client with
        ``stale_after=None`` (or a value above your quietest period) before calling
        this, or stale detection will reconnect it. Deribit closes connections idle
        for 10 minutes.

        Example:
            >>> # client.disable_heartbeat()
            >>> # 'ok'
        """
        result = self.execute(disable_heartbeat.build(), timeout=timeout)
        self._heartbeat.interval = None
        return result

    # -- sending calls ----------------------------------------------------------------

    def execute(self, call: Call[T], *, timeout: float | None = None) -> T:
        """Send a built call and wait for its typed result (the uniform blocking form).

        Example:
            >>> # from venues.deribit.public import get_time
            >>> # client.execute(get_time.build(), timeout=5.0)
        """
        call = self._learning(call)
        try:
            return send_call(self._connection, call, timeout)
        except TooManyRequests:
            self._too_many_requests(call.method)
            raise

    def submit(self, call: Call[T], *, timeout: float | None = None) -> Future[T]:
        """Send a built call now; the future completes with its typed result or error.

        Refusals before sending (not connected, rate limit, bad params) raise at once.

        Example:
            >>> # future = client.submit(get_time.build()); future.result(5.0)
        """
        call = self._learning(call)
        cost = cost_of(call.method)
        raw = self._connection.request(call.method, call.params, timeout=timeout, cost=cost)
        typed: Future[T] = Future()
        raw.add_done_callback(lambda done: self._settle(done, typed, call))
        return typed

    def _settle(self, done: Future[Any], typed: Future[T], call: Call[T]) -> None:
        error = done.exception()
        if error is None:
            try:
                typed.set_result(call.result(done.result()))
            except Exception as exc:
                typed.set_exception(exc)
            return
        if isinstance(error, TooManyRequests):
            self._too_many_requests(call.method)
        typed.set_exception(error)

    def _learning(self, call: Call[T]) -> Call[T]:
        # An account summary reports the account's real limits: adopt them.
        parse = call.parse

        def learn(raw: Any) -> T:
            result = parse(raw)
            if isinstance(result, AccountSummary) and result.limits is not None:
                self._adopt(from_account_limits(result.limits, self._limits))
            return result

        return dataclasses.replace(call, parse=learn)

    def _adopt(self, limits: DeribitLimits) -> None:
        self._limits = limits
        for name, spec in limits.buckets().items():
            self._rate.set_bucket(
                name, capacity=spec.capacity, refill_per_second=spec.refill_per_second
            )

    def _too_many_requests(self, method: str) -> None:
        # Deribit terminates the session after 10028: empty the bucket that ran out,
        # pause until it has refilled, and reconnect (auth and subscriptions follow).
        name = MATCHING if method in MATCHING_ENGINE_METHODS else NON_MATCHING
        spec = self._limits.buckets()[name]
        pause = spec.capacity / spec.refill_per_second if self._pause is None else self._pause
        logger.warning("10028 too_many_requests on %s: pausing %.2f s, reconnecting", method, pause)
        self._rate.set_bucket(name, available=0)
        self._rate.block_until(time.monotonic() + pause, "10028 too_many_requests")
        self._connection.drop("10028 too_many_requests: the venue terminated the session")
