"""What the public and private Coinbase clients share: channel-shaped subscribe,
batch fan-out, and recovery from ``sequence_num`` gaps.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from actors import ConnectionOptions, Cost, ManagedClient, SessionHooks, WebSocketRateLimiter
from actors.signals import emit, handler_failed, message_received, subscription_stale
from protocol.errors import InvalidParameters, VenueClientError
from protocol.messages import Event
from venues.coinbase._resync import ResyncWorker
from venues.coinbase.codec import BATCH_CHANNEL, CoinbaseCodec
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
        self._codec.on_gap = self._resync.post
        self._start_runtime(
            url,
            self._codec,
            limiter,
            hooks=[*hooks, self._protocol],
            protocol=self._protocol,
            options=options,
        )
        # Frames that split into several keys arrive as one batch event; fan it out.
        self._connection.router.set([BATCH_CHANNEL], self._fan_out)
        self._resync.start()
        if heartbeats:
            self._require_subscriptions().subscribe(["heartbeats"])

    def close(self) -> None:
        """Close the connection and stop every actor and thread; idempotent.

        Example:
            >>> # client.close()
        """
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

    # -- batch fan-out ----------------------------------------------------------------

    def _fan_out(self, channel: str, events: tuple[Event, ...]) -> None:
        router = self._connection.router
        for event in events:
            handler = router.get(event.channel)
            if handler is not None:
                try:
                    handler(event.channel, event.data)
                except Exception as exc:
                    logger.exception("handler for %r raised; the stream goes on", event.channel)
                    emit(handler_failed, self, channel=event.channel, error=exc)
            emit(message_received, self, channel=event.channel, data=event.data)

    # -- gap recovery -----------------------------------------------------------------

    def _recover(self, gap: SequenceGap) -> None:
        confirmed = self._require_subscriptions().confirmed
        affected = sorted(k for k in confirmed if split_key(k)[0] != "heartbeats")
        if not affected:
            return
        with self._stale_lock:
            self._stale.update(affected)
        logger.warning("sequence gap: %d message(s) lost; re-subscribing", gap.missed)
        emit(subscription_stale, self, channels=affected, reason="sequence gap")
        resync = [k for k in affected if split_key(k)[0] in RESYNC_CHANNELS]
        try:
            if resync:
                self._pace()
                self._protocol.unsubscribe(self._connection, resync, None)
                self._pace()
                self._protocol.subscribe(self._connection, resync, None)
        except VenueClientError as exc:
            # Without a fresh snapshot the books stay held: start over on a new
            # connection, whose restore brings every snapshot again.
            logger.warning("re-subscribing after a gap failed (%s); reconnecting", exc)
            self._connection.drop("re-subscribing after a sequence gap failed")
            return
        with self._stale_lock:
            self._stale.difference_update(affected)

    def _forget_stale(self) -> None:
        with self._stale_lock:
            self._stale.clear()

    def _pace(self) -> None:
        # Recovery is the library's own traffic: wait for the message-rate limit rather
        # than fail on it.
        wait = self._rate.wait_time(Cost())
        if wait > 0:
            self._connection.wait(wait)
