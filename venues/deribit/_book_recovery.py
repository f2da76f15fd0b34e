"""Recovery from a broken ``book.*`` chain: signal stale, re-subscribe for a snapshot.

1. The codec sees the gap on the reader thread and posts its channel here; the reader
   never waits. Changes of that channel are held back until the next snapshot.
2. On the client's background thread: wait until the connection is ready. If a
   reconnect happened since, the restore brought fresh snapshots already: done.
3. Report the channel stale (``subscription_stale(channels, reason="book gap")``).
4. Re-subscribe it through the subscription manager (an unsubscribe then a subscribe;
   the handler stays), waiting for the credit limit rather than failing on it.
5. If that fails, drop the connection: the reconnect restores every channel with a
   fresh snapshot.

Held-back changes are counted and signalled as ``message_dropped`` (reasons
``"book gap"`` and ``"awaiting book snapshot"``).

Example:
    >>> # recovery = BookGapRecovery(client, codec); codec.on_book_gap = recovery.post
"""

from __future__ import annotations

import logging
from typing import Any

from actors import (
    BackgroundWorker,
    ManagedConnection,
    RateLimiter,
    Session,
    SessionHooks,
    SubscriptionManager,
)
from actors.signals import emit, message_dropped, subscription_stale
from protocol.errors import RateLimitError, VenueClientError
from protocol.messages import Control
from venues.deribit._session import cost_of
from venues.deribit.codec import BookDropped, DeribitCodec

__all__ = ["BookGapRecovery"]

logger = logging.getLogger(__name__)

_RATE_ATTEMPTS = 3


class BookGapRecovery(SessionHooks):
    """A connection hook (new chains per connection, drop signals) and the recovery
    that runs on a background thread of the client's own.

    Args:
        sender: the user-facing client (the signals' sender).
        codec: the client's codec; its ``on_book_gap`` should be :meth:`post`.
        name: the background thread's name.

    Example:
        >>> recovery = BookGapRecovery(None, DeribitCodec(), "venue-actors:doc")
        >>> recovery.recovered
        0
    """

    def __init__(self, sender: Any, codec: DeribitCodec, name: str) -> None:
        self._sender = sender
        self._codec = codec
        self._worker = BackgroundWorker(name, self._recover)
        self._closing = False
        self._parts: tuple[ManagedConnection, SubscriptionManager, RateLimiter] | None = None
        self.recovered = 0  # channels re-subscribed after a gap (monitoring, tests)

    def start(
        self, connection: ManagedConnection, subscriptions: SubscriptionManager, rate: RateLimiter
    ) -> None:
        """Bind the runtime parts recovery drives and start the thread."""
        self._parts = (connection, subscriptions, rate)
        self._worker.start()

    def stop(self) -> None:
        """End recovery for good (its waits end too) and join the thread."""
        self._closing = True
        self._worker.stop()

    def mark_closing(self) -> None:
        """The client is closing: a recovery failing from now on is not a failure."""
        self._closing = True

    # -- on the reader thread -----------------------------------------------------------

    def post(self, channel: str) -> None:
        """Queue the recovery of ``channel`` (never blocks)."""
        self._worker.post(self._codec.books.epoch, channel)

    def on_open(self, session: Session) -> None:
        """A new connection: every book starts again from its snapshot."""
        self._codec.books.reset()

    def on_control(self, control: Control, session: Session) -> None:
        """Count and signal each held-back book change."""
        payload = control.payload
        if control.kind == "message_dropped" and isinstance(payload, BookDropped):
            emit(message_dropped, self._sender, reason=payload.reason, count=1)

    # -- on the background thread ------------------------------------------------------

    def _recover(self, epoch: int, channel: str) -> None:
        if self._parts is None:
            return
        connection, subscriptions, _ = self._parts
        if not connection.wait_ready() or self._codec.books.epoch != epoch:
            return
        if channel not in subscriptions.desired:
            return  # the user let it go meanwhile
        logger.warning("book gap on %s: re-subscribing for a fresh snapshot", channel)
        emit(subscription_stale, self._sender, channels=[channel], reason="book gap")
        try:
            self._resubscribe(channel)
        except VenueClientError as exc:
            if not self._closing and self._codec.books.epoch == epoch:
                logger.warning("re-subscribing %s failed (%s); reconnecting", channel, exc)
                connection.drop(f"re-subscribing {channel} after a book gap failed")
            return
        self.recovered += 1

    def _resubscribe(self, channel: str) -> None:
        assert self._parts is not None
        _, subscriptions, rate = self._parts
        for attempt in range(1, _RATE_ATTEMPTS + 1):
            # The library's own traffic waits for credits rather than fail on them.
            wait = rate.wait_time(cost_of("public/subscribe"))
            if wait > 0 and not self._worker.pause(wait):
                return
            try:
                subscriptions.resubscribe([channel])
                return
            except RateLimitError:
                if attempt == _RATE_ATTEMPTS:
                    raise
