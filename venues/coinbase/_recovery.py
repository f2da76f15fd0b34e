"""Recovery from a ``sequence_num`` gap: mark stale, signal, re-subscribe for snapshots.

1. The codec sees the gap on the reader thread and posts it to the resync worker
   (:mod:`actors.background`); the reader never waits.
2. The worker waits until the connection is ready. If a reconnect happened since the
   gap, the restore has brought fresh snapshots already: nothing to do.
3. Every confirmed key but ``heartbeats`` is reported stale (``subscription_stale``).
4. ``level2`` and ``user`` keys are re-subscribed through the subscription manager's
   ``resubscribe`` (an unsubscribe then a subscribe, paced by the message-rate limit),
   so recovery never interleaves with the user's subscribes and keeps the handlers.
5. If that fails, the connection is dropped: the reconnect restores every key with a
   fresh snapshot.

Example:
    >>> sorted(RESYNC_CHANNELS)
    ['level2', 'user']
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from actors import Cost, ManagedConnection, RateLimiter, SubscriptionManager
from actors.background import BackgroundWorker
from actors.signals import emit, subscription_stale
from protocol.errors import RateLimitError, VenueClientError
from venues.coinbase.codec import CoinbaseCodec
from venues.coinbase.keys import split_key
from venues.coinbase.sequence import SequenceGap

__all__ = ["RESYNC_CHANNELS", "GapRecovery"]

logger = logging.getLogger(__name__)

RESYNC_CHANNELS = frozenset({"level2", "user"})
"""Channels whose state needs a fresh snapshot after a gap (re-subscribed)."""

_RATE_ATTEMPTS = 3


class GapRecovery:
    """Recovers one client from sequence gaps on a thread of its own.

    Args:
        sender: the user-facing client (``subscription_stale`` comes from it).
        codec: the client's codec (its ``epoch`` names the current connection).
        worker: the thread gaps are recovered on (shared with the client's other
            background work; it calls :meth:`recover`).

    Example:
        >>> # recovery = GapRecovery(client, codec, worker)
        >>> # recovery.attach(connection, subscriptions, rate); recovery.start()
        >>> # codec.on_gap = recovery.post
    """

    def __init__(self, sender: Any, codec: CoinbaseCodec, worker: BackgroundWorker) -> None:
        self._sender = sender
        self._codec = codec
        self._closing = False
        self._stale: set[str] = set()
        self._stale_lock = threading.Lock()
        self._worker = worker
        self._connection: ManagedConnection | None = None
        self._subscriptions: SubscriptionManager | None = None
        self._rate: RateLimiter | None = None

    def attach(
        self, connection: ManagedConnection, subscriptions: SubscriptionManager, rate: RateLimiter
    ) -> None:
        """Bind to the runtime parts recovery drives (before :meth:`start`).

        Example:
            >>> # recovery.attach(client._connection, subscriptions, client._rate)
        """
        self._connection, self._subscriptions, self._rate = connection, subscriptions, rate

    def start(self) -> None:
        """Start the worker thread.

        Example:
            >>> # recovery.start()
        """
        self._worker.start()

    def mark_closing(self) -> None:
        """From now on a failing recovery is the close ending its waits: not reported,
        and no reconnect is forced.

        Example:
            >>> GapRecovery(None, CoinbaseCodec(), BackgroundWorker("t", print)).mark_closing()
        """
        self._closing = True

    def stop(self) -> None:
        """End recovery for good and join the thread (after the connection closed, so
        no wait of a recovery in progress outlives it).

        Example:
            >>> # recovery.stop()
        """
        self._closing = True
        self._worker.stop()

    def post(self, gap: SequenceGap) -> None:
        """Queue a gap seen on the current connection (never blocks: reader thread).

        Example:
            >>> # codec.on_gap = recovery.post
        """
        self._worker.post(self._codec.epoch, gap)

    @property
    def stale(self) -> frozenset[str]:
        """Keys whose data is incomplete since a gap, until re-subscribed.

        Example:
            >>> GapRecovery(None, CoinbaseCodec(), BackgroundWorker("t", print)).stale
            frozenset()
        """
        with self._stale_lock:
            return frozenset(self._stale)

    def forget_stale(self) -> None:
        """A new connection brings fresh snapshots of every key.

        Example:
            >>> GapRecovery(None, CoinbaseCodec(), BackgroundWorker("t", print)).forget_stale()
        """
        with self._stale_lock:
            self._stale.clear()

    # -- on the worker thread ---------------------------------------------------------

    def _parts(self) -> tuple[ManagedConnection, SubscriptionManager, RateLimiter]:
        if self._connection is None or self._subscriptions is None or self._rate is None:
            raise RuntimeError("GapRecovery.attach() was not called")
        return self._connection, self._subscriptions, self._rate

    def recover(self, epoch: int, gap: SequenceGap) -> None:
        """Recover from ``gap``, seen on connection ``epoch`` (on the worker thread).

        Example:
            >>> # worker = BackgroundWorker(name, lambda epoch, gap: recovery.recover(epoch, gap))
        """
        try:
            self._recover_gap(epoch, gap)
        except Exception:
            if not self._closing:  # closing ends every wait with an error: not a failure
                raise

    def _recover_gap(self, epoch: int, gap: SequenceGap) -> None:
        connection, subscriptions, _ = self._parts()
        if not connection.wait_ready() or self._codec.epoch != epoch:
            return
        affected = sorted(k for k in subscriptions.confirmed if split_key(k)[0] != "heartbeats")
        if not affected:
            return
        with self._stale_lock:
            self._stale.update(affected)
        logger.warning("sequence gap: %d message(s) lost; re-subscribing", gap.missed)
        emit(subscription_stale, self._sender, channels=affected, reason="sequence gap")
        resync = [k for k in affected if split_key(k)[0] in RESYNC_CHANNELS]
        if resync and not self._resubscribe(resync, epoch):
            return
        with self._stale_lock:
            self._stale.difference_update(affected)

    def _resubscribe(self, keys: list[str], epoch: int) -> bool:
        _, subscriptions, _ = self._parts()
        by_channel: dict[str, list[str]] = {}
        for key in keys:
            by_channel.setdefault(split_key(key)[0], []).append(key)
        for group in by_channel.values():
            try:
                confirmed = self._resubscribe_paced(group)
            except VenueClientError as exc:
                return self._give_up(epoch, str(exc))
            # A key the user gave up meanwhile is not expected back.
            missing = [k for k in group if k not in confirmed and k in subscriptions.desired]
            if missing:
                return self._give_up(epoch, f"the venue did not confirm {', '.join(missing)}")
        return True

    def _resubscribe_paced(self, keys: list[str]) -> list[str]:
        _, subscriptions, rate = self._parts()
        for attempt in range(1, _RATE_ATTEMPTS + 1):
            # One unsubscribe and one subscribe: the library's own traffic waits for
            # the message-rate limit rather than fail on it.
            wait = rate.wait_time(Cost(messages=2))
            if wait > 0 and not self._worker.pause(wait):
                return []
            try:
                return subscriptions.resubscribe(keys)
            except RateLimitError:
                # The user's own messages took the room meanwhile.
                if attempt == _RATE_ATTEMPTS:
                    raise
        return []

    def _give_up(self, epoch: int, why: str) -> bool:
        connection, _, _ = self._parts()
        # On a connection that has been replaced since, the restore did the work.
        if not self._closing and self._codec.epoch == epoch:
            logger.warning("re-subscribing after a sequence gap failed (%s); reconnecting", why)
            connection.drop("re-subscribing after a sequence gap failed")
        return False
