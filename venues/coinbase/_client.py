"""What the public and private Coinbase clients share: channel-shaped subscribe and
recovery from ``sequence_num`` gaps.

Recovery from a gap:

1. The codec sees the gap on the reader thread and posts it to the resync worker
   (a thread of this client); the reader never waits.
2. The worker waits until the connection is ready. If a reconnect happened since the
   gap, the restore has brought fresh snapshots already: nothing to do.
3. Every confirmed key but ``heartbeats`` is reported stale (``subscription_stale``).
4. ``level2`` and ``user`` keys are re-subscribed through the subscription manager's
   ``resubscribe`` (an unsubscribe then a subscribe, paced by the message-rate limit),
   so recovery never interleaves with the user's subscribes and keeps the handlers.
5. If that fails, the connection is dropped: the reconnect restores every key with a
   fresh snapshot.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from actors import ConnectionOptions, Cost, ManagedClient, SessionHooks, WebSocketRateLimiter
from actors.signals import emit, subscription_stale
from protocol.errors import InvalidParameters, RateLimitError, VenueClientError
from venues.coinbase._resync import ResyncWorker
from venues.coinbase.codec import CoinbaseCodec
from venues.coinbase.errors import SubscriptionRejected
from venues.coinbase.keys import keys_for, split_key, validate_product_ids
from venues.coinbase.sequence import SequenceGap
from venues.coinbase.subscriptions import CoinbaseSubscriptions

__all__ = ["RESYNC_CHANNELS", "CoinbaseClientBase", "MessageHandler"]

logger = logging.getLogger(__name__)

MessageHandler = Callable[[str, Any], None]
"""Called as ``handler(key, ChannelMessage)`` on the dispatcher thread."""

RESYNC_CHANNELS = frozenset({"level2", "user"})
"""Channels whose state needs a fresh snapshot after a gap (re-subscribed)."""

_RATE_ATTEMPTS = 3


class CoinbaseClientBase(ManagedClient):
    """Shared behaviour of :class:`CoinbasePublicClient` and :class:`CoinbasePrivateClient`."""

    _channels: frozenset[str]
    _codec: CoinbaseCodec
    _protocol: CoinbaseSubscriptions

    def _setup(
        self,
        url: str,
        limiter: WebSocketRateLimiter,
        *,
        channels: frozenset[str],
        heartbeats: bool,
        subscribe_timeout: float,
        options: ConnectionOptions,
        jwt: Callable[[], str] | None = None,
        hooks: Sequence[SessionHooks] = (),
    ) -> None:
        self._channels = channels
        self._closing = False
        self._stale: set[str] = set()
        self._stale_lock = threading.Lock()
        self._codec = CoinbaseCodec()
        self._protocol = CoinbaseSubscriptions(
            self._codec,
            sender=self,
            jwt=jwt,
            timeout=subscribe_timeout,
            has_subscriptions=lambda: bool(self._require_subscriptions().desired),
            on_reset=self._forget_stale,
        )
        self._resync = ResyncWorker(f"venue-actors:coinbase-resync:{url}", self._recover)
        self._codec.on_gap = self._on_gap
        self._start_runtime(
            url,
            self._codec,
            limiter,
            hooks=[*hooks, self._protocol],
            protocol=self._protocol,
            options=options,
        )
        self._resync.start()
        if heartbeats:
            self._require_subscriptions().subscribe(["heartbeats"])

    def close(self) -> None:
        """Close the connection and stop every actor and thread; idempotent.

        Example:
            >>> # client.close()
        """
        self._closing = True
        self._protocol.cancel()
        super().close()
        self._resync.stop()

    # -- subscriptions ----------------------------------------------------------------

    def subscribe(  # type: ignore[override]  # Coinbase subscribes by channel + products
        self,
        channel: str,
        product_ids: Sequence[str] | None = None,
        handler: MessageHandler | None = None,
        *,
        timeout: float | None = None,
    ) -> list[str]:
        """Subscribe ``channel`` for ``product_ids``; return the confirmed keys.

        Keys are ``"<channel>:<product>"`` (``"<channel>"`` without products). The
        handler is called as ``handler(key, ChannelMessage)`` on the dispatcher thread.
        A ``-USDC`` product on a market-data channel is served the venue's ``-USD``
        data; it arrives under the ``-USDC`` key all the same (``"level2:BTC-USDC"``).

        Raises:
            InvalidParameters: an unknown channel or bad product ids (nothing sent).
            SubscriptionLimitExceeded: more than 100 keys.
            MessageRateExceeded: the message rate is used up.
            CoinbaseError: the venue answered with an error.
            SubscriptionRejected: the venue's state does not list some keys.
            RequestTimeout: the venue did not answer in time.

        Example:
            >>> # client.subscribe("level2", ["BTC-USD"], on_book)
            >>> # ['level2:BTC-USD']
        """
        keys = self._keys(channel, product_ids)
        confirmed = super().subscribe(keys, handler, timeout=timeout)
        missing = [key for key in keys if key not in confirmed]
        if missing and self.state.is_ready:
            raise SubscriptionRejected(missing)
        return confirmed

    def unsubscribe(  # type: ignore[override]
        self,
        channel: str,
        product_ids: Sequence[str] | None = None,
        *,
        timeout: float | None = None,
    ) -> None:
        """Unsubscribe ``channel`` for ``product_ids`` (its handlers are forgotten).

        Example:
            >>> # client.unsubscribe("level2", ["BTC-USD"])
        """
        super().unsubscribe(self._keys(channel, product_ids), timeout=timeout)

    def _keys(self, channel: str, product_ids: Sequence[str] | None) -> list[str]:
        if channel not in self._channels:
            served = ", ".join(sorted(self._channels))
            raise InvalidParameters("channel", f"{channel!r} is not one of: {served}")
        return keys_for(channel, validate_product_ids(channel, product_ids))

    @property
    def subscriptions(self) -> frozenset[str]:
        """The keys the venue confirmed on the current connection.

        Example:
            >>> # "level2:BTC-USD" in client.subscriptions
        """
        return self._require_subscriptions().confirmed

    @property
    def stale_channels(self) -> frozenset[str]:
        """Keys whose data is incomplete since a sequence gap, until re-subscribed
        (or until a reconnect restores them).

        Example:
            >>> # client.stale_channels
            >>> # frozenset()
        """
        with self._stale_lock:
            return frozenset(self._stale)

    @property
    def sequence_gaps(self) -> int:
        """How many ``sequence_num`` gaps this client has seen.

        Example:
            >>> # client.sequence_gaps
        """
        return self._codec.sequence.gaps

    @property
    def heartbeat_gaps(self) -> int:
        """How many jumps of ``heartbeat_counter`` (missed heartbeats) this client has
        seen; each one was signalled as ``subscription_stale`` for ``heartbeats``.

        Example:
            >>> # client.heartbeat_gaps
        """
        return self._codec.heartbeats.gaps

    @property
    def missed_heartbeats(self) -> int:
        """How many heartbeats never arrived, over every jump of ``heartbeat_counter``.

        Example:
            >>> # client.missed_heartbeats
        """
        return self._codec.heartbeats.missed

    # -- gap recovery (see the module docstring) ---------------------------------------

    def _on_gap(self, gap: SequenceGap) -> None:
        # The reader thread: hand over and return at once.
        self._resync.post(self._codec.epoch, gap)

    def _recover(self, epoch: int, gap: SequenceGap) -> None:
        try:
            self._recover_gap(epoch, gap)
        except Exception:
            if not self._closing:  # closing ends every wait with an error: not a failure
                raise

    def _recover_gap(self, epoch: int, gap: SequenceGap) -> None:
        subscriptions = self._require_subscriptions()
        if not self._connection.wait_ready() or self._codec.epoch != epoch:
            return
        confirmed = subscriptions.confirmed
        affected = sorted(k for k in confirmed if split_key(k)[0] != "heartbeats")
        if not affected:
            return
        with self._stale_lock:
            self._stale.update(affected)
        logger.warning("sequence gap: %d message(s) lost; re-subscribing", gap.missed)
        emit(subscription_stale, self, channels=affected, reason="sequence gap")
        resync = [k for k in affected if split_key(k)[0] in RESYNC_CHANNELS]
        if resync and not self._resubscribe(resync, epoch):
            return
        with self._stale_lock:
            self._stale.difference_update(affected)

    def _resubscribe(self, keys: list[str], epoch: int) -> bool:
        subscriptions = self._require_subscriptions()
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
        subscriptions = self._require_subscriptions()
        attempt = 1
        while True:
            # One unsubscribe and one subscribe: the library's own traffic waits for
            # the message-rate limit rather than fail on it.
            wait = self._rate.wait_time(Cost(messages=2))
            if wait > 0 and not self._resync.pause(wait):
                return []
            try:
                return subscriptions.resubscribe(keys)
            except RateLimitError:
                # The user's own messages took the room meanwhile.
                if attempt == _RATE_ATTEMPTS:
                    raise
                attempt += 1

    def _give_up(self, epoch: int, why: str) -> bool:
        # On a connection that has been replaced since, the restore did the work.
        if not self._closing and self._codec.epoch == epoch:
            logger.warning("re-subscribing after a sequence gap failed (%s); reconnecting", why)
            self._connection.drop("re-subscribing after a sequence gap failed")
        return False

    def _forget_stale(self) -> None:
        with self._stale_lock:
            self._stale.clear()
