"""Bringing the venue's subscriptions in line with the client's, off the reader thread.

Coinbase's subscribe messages carry no ids, so a subscribe that timed out (and that
the client forgot) may still be applied by the venue: a later ``subscriptions`` state
then lists keys the client does not desire. Every state is posted here (the latest
one wins); on the worker thread, once the connection is ready:

- keys the state lists that the client does not desire (and that are not the
  stand-in ``heartbeats``) are unsubscribed, so the venue stops sending them;
- keys the client desires but has not confirmed, that the state lists, are adopted:
  unsubscribed, then subscribed again through the manager's ``resubscribe``, so they
  are confirmed and routed and start with a fresh snapshot.

A key the user subscribes meanwhile is spared (``CoinbaseSubscriptions.drop``).

Example:
    >>> stray_keys(SubscriptionState({"ticker": ("BTC-USD",), "heartbeats": ()}, 4),
    ...            desired={"heartbeats"})
    ['ticker:BTC-USD']
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection

from actors import Cost, ManagedConnection, RateLimiter, SubscriptionManager
from actors.background import BackgroundWorker
from protocol.errors import VenueClientError
from venues.coinbase.aliases import usd_twin
from venues.coinbase.codec import CoinbaseCodec, SubscriptionState
from venues.coinbase.keys import (
    PRIVATE_CHANNELS,
    PRODUCTLESS_CHANNELS,
    PUBLIC_CHANNELS,
    channel_key,
)
from venues.coinbase.subscriptions import CoinbaseSubscriptions, group_keys

__all__ = ["StateReconciler", "listed_keys", "stray_keys"]

logger = logging.getLogger(__name__)


def listed_keys(state: SubscriptionState) -> list[str]:
    """The subscription keys a state lists (channels this library knows only).

    Example:
        >>> listed_keys(SubscriptionState({"level2": ("BTC-USD",), "user": ()}, 0))
        ['level2:BTC-USD', 'user']
    """
    keys: list[str] = []
    for channel, products in state.subscriptions.items():
        if channel not in PUBLIC_CHANNELS | PRIVATE_CHANNELS:
            continue
        if channel in PRODUCTLESS_CHANNELS:
            keys.append(channel)
        else:
            keys += [channel_key(channel, product) for product in products]
    return keys


def stray_keys(state: SubscriptionState, desired: Collection[str]) -> list[str]:
    """Keys ``state`` lists that no desired key accounts for (a ``-USD`` listing
    accounts for a desired ``-USDC`` key: the venue may list either).

    Example:
        >>> stray_keys(SubscriptionState({"ticker": ("BTC-USD",)}, 0), {"ticker:BTC-USDC"})
        []
    """
    return [key for key in listed_keys(state) if not _accounted(key, desired)]


def _accounted(key: str, desired: Collection[str]) -> bool:
    if key in desired:
        return True
    channel, _, product = key.partition(":")
    alias = product + "C"
    return bool(product) and usd_twin(channel, alias) == product and f"{key}C" in desired


class StateReconciler:
    """Unsubscribes what the venue lists but the client gave up; adopts what it desires.

    Args:
        codec: the client's codec (its ``epoch`` names the current connection).
        protocol: the client's subscription protocol (sends the unsubscribes).
        worker: the thread reconciling runs on (it calls :meth:`reconcile`).

    Example:
        >>> # reconciler = StateReconciler(codec, protocol, worker)
        >>> # reconciler.attach(connection, subscriptions, rate); protocol on_state=post
    """

    def __init__(
        self, codec: CoinbaseCodec, protocol: CoinbaseSubscriptions, worker: BackgroundWorker
    ) -> None:
        self._codec = codec
        self._protocol = protocol
        self._worker = worker
        self._lock = threading.Lock()
        self._latest: tuple[int, SubscriptionState] | None = None
        self._connection: ManagedConnection | None = None
        self._subscriptions: SubscriptionManager | None = None
        self._rate: RateLimiter | None = None

    def attach(
        self, connection: ManagedConnection, subscriptions: SubscriptionManager, rate: RateLimiter
    ) -> None:
        """Bind to the runtime parts reconciling drives.

        Example:
            >>> # reconciler.attach(client._connection, subscriptions, client._rate)
        """
        self._connection, self._subscriptions, self._rate = connection, subscriptions, rate

    def post(self, state: SubscriptionState) -> None:
        """Queue ``state`` (never blocks: reader thread); states queued meanwhile are
        superseded by the newest one.

        Example:
            >>> # protocol = CoinbaseSubscriptions(codec, sender=client, on_state=r.post)
        """
        epoch = self._codec.epoch
        with self._lock:
            pending, self._latest = self._latest is not None, (epoch, state)
        if not pending:
            self._worker.post(epoch, state)

    def reconcile(self, epoch: int) -> None:
        """Reconcile the newest state posted (on the worker thread).

        Example:
            >>> # worker = BackgroundWorker(name, lambda epoch, state: r.reconcile(epoch))
        """
        connection, subscriptions, rate = self._parts()
        # Asked before the state is taken: the asks wait for a subscribe in progress,
        # whose answers are then part of the newest state. The two asks are not one
        # snapshot: a key confirmed after the mark may be in one and not the other, so
        # it is spared (it is the user's, confirmed anew).
        mark = self._protocol.serial
        try:
            confirmed = subscriptions.confirmed
            desired = subscriptions.desired
        finally:
            with self._lock:
                latest, self._latest = self._latest, None
        if latest is None or not connection.state.is_ready or latest[0] != self._codec.epoch:
            return  # a fresh connection restores what the client desires
        state = latest[1]
        stray = [k for k in stray_keys(state, desired) if not self._protocol.keeps(k)]
        adopt = sorted(k for k in desired - confirmed if state.confirms(k))
        if not stray and not adopt:
            return
        try:
            self._align(connection, subscriptions, rate, stray + adopt, mark)
        except VenueClientError as exc:
            # The next state message tries again.
            logger.warning("could not reconcile subscriptions with the venue: %s", exc)
        except Exception:
            if connection.state.is_ready:
                raise
            # Closing or reconnecting meanwhile: the restore sets things straight.

    def _align(
        self,
        connection: ManagedConnection,
        subscriptions: SubscriptionManager,
        rate: RateLimiter,
        keys: list[str],
        mark: int,
    ) -> None:
        self._pace(rate, keys)
        dropped = self._protocol.drop(connection, keys, since=mark, timeout=None)
        if not dropped:
            return
        logger.warning("the venue listed keys the client did not hold: %s", dropped)
        # Spared keys were subscribed meanwhile: they are the user's, confirmed anew.
        desired = subscriptions.desired
        adopt = [key for key in dropped if key in desired]
        if adopt:
            subscriptions.resubscribe(adopt)

    def _pace(self, rate: RateLimiter, keys: list[str]) -> None:
        # The library's own traffic waits for the message-rate limit rather than fail.
        wait = rate.wait_time(Cost(messages=len(group_keys(keys))))
        if wait > 0:
            self._worker.pause(wait)

    def _parts(self) -> tuple[ManagedConnection, SubscriptionManager, RateLimiter]:
        if self._connection is None or self._subscriptions is None or self._rate is None:
            raise RuntimeError("StateReconciler.attach() was not called")
        return self._connection, self._subscriptions, self._rate
