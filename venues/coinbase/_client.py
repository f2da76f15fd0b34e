"""What the public and private Coinbase clients share: channel-shaped subscribe,
recovery from ``sequence_num`` gaps (:mod:`venues.coinbase._recovery`) and the counters
of what the venue sent out of line.

Example:
    >>> # class CoinbasePublicClient(CoinbaseClientBase):
    >>> #     def __init__(self, url):
    >>> #         self._setup(url, public_limiter(), channels=PUBLIC_CHANNELS, ...)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from actors import ConnectionOptions, ManagedClient, SessionHooks, WebSocketRateLimiter
from actors.background import BackgroundWorker
from protocol.errors import InvalidParameters
from venues.coinbase._reconcile import StateReconciler
from venues.coinbase._recovery import GapRecovery
from venues.coinbase.codec import CoinbaseCodec, SubscriptionState
from venues.coinbase.errors import CoinbaseError, SubscriptionRejected
from venues.coinbase.keys import keys_for, validate_product_ids
from venues.coinbase.sequence import SequenceGap
from venues.coinbase.subscriptions import CoinbaseSubscriptions

__all__ = ["CoinbaseClientBase", "MessageHandler"]

MessageHandler = Callable[[str, Any], None]
"""Called as ``handler(key, ChannelMessage)`` on the dispatcher thread."""


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
        self._codec = CoinbaseCodec()
        worker = BackgroundWorker(f"venue-actors:coinbase-resync:{url}", self._in_background)
        self._recovery = GapRecovery(self, self._codec, worker)
        self._protocol = CoinbaseSubscriptions(
            self._codec,
            sender=self,
            jwt=jwt,
            timeout=subscribe_timeout,
            has_subscriptions=lambda: bool(self._require_subscriptions().desired),
            on_reset=self._recovery.forget_stale,
            on_state=self._post_state,
        )
        self._reconciler = StateReconciler(self._codec, self._protocol, worker)
        self._codec.on_gap = self._recovery.post
        self._start_runtime(
            url,
            self._codec,
            limiter,
            hooks=[*hooks, self._protocol],
            protocol=self._protocol,
            options=options,
        )
        self._recovery.attach(self._connection, self._require_subscriptions(), self._rate)
        self._reconciler.attach(self._connection, self._require_subscriptions(), self._rate)
        self._recovery.start()
        if heartbeats:
            self._require_subscriptions().subscribe(["heartbeats"])

    def _post_state(self, state: SubscriptionState) -> None:
        # Runs once the runtime exists; the worker starts only after everything is bound.
        self._reconciler.post(state)

    def _in_background(self, epoch: int, item: SequenceGap | SubscriptionState) -> None:
        if isinstance(item, SequenceGap):
            self._recovery.recover(epoch, item)
        else:
            self._reconciler.reconcile(epoch)

    def close(self) -> None:
        """Close the connection and stop every actor and thread; idempotent.

        Example:
            >>> # client.close()
        """
        self._recovery.mark_closing()
        self._protocol.cancel()
        super().close()
        self._recovery.stop()

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
        return self._recovery.stale

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

    @property
    def dropped_out_of_order(self) -> int:
        """How many duplicate or out-of-order messages (``sequence_num`` not above the
        last one) were dropped; each one was also signalled as ``message_dropped``.

        Example:
            >>> # client.dropped_out_of_order
        """
        return self._codec.sequence.duplicates

    @property
    def venue_errors(self) -> tuple[CoinbaseError, ...]:
        """The venue's most recent ``error`` messages that answered no subscribe or
        unsubscribe (oldest first, at most 100); each one was also signalled as
        ``venue_error``.

        Example:
            >>> # client.venue_errors
            >>> # (CoinbaseError('failure to subscribe'),)
        """
        return tuple(self._protocol.venue_errors)
