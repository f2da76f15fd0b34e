"""How Coinbase subscribes: one message per channel, confirmed by ``subscriptions`` state.

:class:`CoinbaseSubscriptions` is both the venue's ``SubscriptionProtocol`` (used by
the runtime's ``SubscriptionManager`` for subscribe, unsubscribe and restore) and a
connection hook:

- ``on_open`` resets the codec's sequence rules for the new connection and, when the
  client has nothing to subscribe, subscribes ``heartbeats``: the venue closes a
  connection that sends no subscribe within 5 s. That stand-in subscription is the
  library's, not the user's: the first subscribe the user makes on the connection
  removes it (unless the user subscribed ``heartbeats`` itself).
- ``on_control`` takes the venue's ``subscriptions`` state and ``error`` messages and
  offers them to the one exchange waiting (:mod:`venues.coinbase._answers`), then
  passes every state to ``on_state`` (the client reconciles it with what it desires,
  :mod:`venues.coinbase._reconcile`); an ``error`` no exchange waits for
  becomes a ``venue_error`` signal (``error`` a ``CoinbaseError`` with the
  venue's text) and is kept in ``venue_errors``; dropped frames become
  ``message_dropped`` signals; a jump of ``heartbeat_counter`` becomes a
  ``subscription_stale`` signal for ``heartbeats``.
- Every key subscribed is entered in the codec's routes first, so data the venue sends
  as ``-USD`` for a ``-USDC`` subscription reaches that key (and its handler).

Coinbase has no request ids, so exchanges are serialised, and a state message answers
an exchange by what it lists, not by when it arrives: a subscribe by the first state
listing all its keys, an unsubscribe by the first listing none of them. A key is
confirmed when the answering state lists it. JWTs (private clients) are built per message, at
send time, so restores after a reconnect carry fresh ones.

Example:
    >>> # subs = CoinbaseSubscriptions(CoinbaseCodec(), sender=client)
    >>> # client._start_runtime(url, codec, limiter, hooks=[subs], protocol=subs)
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from actors import Requester, Session, SessionHooks
from actors.signals import emit, message_dropped, subscription_stale, venue_error
from protocol.errors import ConnectionLost, VenueClientError
from protocol.messages import Control
from venues.coinbase._answers import Answers
from venues.coinbase.codec import CoinbaseCodec, DroppedFrame, ErrorNotice, SubscriptionState
from venues.coinbase.errors import CoinbaseError
from venues.coinbase.keys import keys_for, split_key
from venues.coinbase.sequence import SequenceGap
from venues.coinbase.subscribe import encode_subscription

__all__ = ["CoinbaseSubscriptions"]

logger = logging.getLogger(__name__)

_HEARTBEATS = "heartbeats"


def group_keys(keys: Sequence[str]) -> dict[str, list[str]]:
    """Subscription keys grouped into channel -> products, in first-seen order.

    Example:
        >>> group_keys(["level2:BTC-USD", "heartbeats", "level2:ETH-USD"])
        {'level2': ['BTC-USD', 'ETH-USD'], 'heartbeats': []}
    """
    groups: dict[str, list[str]] = {}
    for key in keys:
        channel, product = split_key(key)
        products = groups.setdefault(channel, [])
        if product is not None and product not in products:
            products.append(product)
    return groups


class CoinbaseSubscriptions(SessionHooks):
    """The Coinbase subscription protocol and session hook (see the module docstring).

    Args:
        codec: the client's codec (reset on every new connection).
        sender: the user-facing client (signals are sent from it).
        jwt: builds a fresh JWT per message (private clients); ``None`` sends none.
        timeout: default wait for the venue's answer to one message, seconds.
        has_subscriptions: tells ``on_open`` whether the client will subscribe
            anything itself (otherwise it subscribes ``heartbeats``).
        on_reset: called by ``on_open``: a new connection brings fresh snapshots.
        on_state: called with every ``subscriptions`` state (on the reader thread;
            must not block).

    Example:
        >>> CoinbaseSubscriptions(CoinbaseCodec(), sender=None).max_per_message
        100
    """

    max_per_message = 100

    def __init__(
        self,
        codec: CoinbaseCodec,
        *,
        sender: Any,
        jwt: Callable[[], str] | None = None,
        timeout: float = 10.0,
        has_subscriptions: Callable[[], bool] | None = None,
        on_reset: Callable[[], None] | None = None,
        on_state: Callable[[SubscriptionState], None] | None = None,
    ) -> None:
        self._codec = codec
        self._sender = sender
        self._jwt = jwt
        self._timeout = timeout
        self._has_subscriptions = has_subscriptions
        self._on_reset = on_reset
        self._on_state = on_state
        # Reentrant: ``drop`` decides what to send and sends it under one hold.
        self._exchange_lock = threading.RLock()
        self._answers = Answers()
        self._marks_lock = threading.Lock()
        self._serial = 0
        self._subscribed_at: dict[str, int] = {}
        self._stand_in = False  # heartbeats subscribed only to keep the connection
        self.state: SubscriptionState | None = None
        self.venue_errors: deque[CoinbaseError] = deque(maxlen=100)

    # -- SubscriptionProtocol ---------------------------------------------------------

    def subscribe(
        self, requester: Requester, channels: list[str], timeout: float | None
    ) -> list[str]:
        """Send one subscribe per channel; return the keys the venue's state confirms.

        Example:
            >>> # subs.subscribe(connection, ["level2:BTC-USD"], timeout=5.0)
        """
        routes = self._codec.routes
        # Routed before sending: the venue's snapshot follows its answer at once.
        routes.add(channels)
        confirmed: list[str] = []
        try:
            for channel, products in group_keys(channels).items():
                keys = keys_for(channel, products)
                state = self._exchange(requester, "subscribe", channel, products, timeout)
                confirmed += self._mark([k for k in keys if state.confirms(k)])
        except BaseException:
            # The manager forgets every key of a failed subscribe: none is to be spared.
            self._unmark(channels)
            raise
        finally:
            routes.discard([k for k in channels if k not in confirmed])
        if confirmed:
            self._retire_stand_in(requester, channels, timeout)
        return confirmed

    def unsubscribe(self, requester: Requester, channels: list[str], timeout: float | None) -> None:
        """Send one unsubscribe per channel and wait for the venue's new state.

        Example:
            >>> # subs.unsubscribe(connection, ["level2:BTC-USD"], timeout=5.0)
        """
        try:
            for channel, products in group_keys(channels).items():
                self._exchange(requester, "unsubscribe", channel, products, timeout)
        finally:
            self._codec.routes.discard(channels)

    def _retire_stand_in(
        self, requester: Requester, keys: list[str], timeout: float | None
    ) -> None:
        if not self._stand_in:
            return
        if _HEARTBEATS not in keys:
            try:
                self._exchange(requester, "unsubscribe", _HEARTBEATS, [], timeout)
            except VenueClientError as exc:
                # The user's subscription stands; the next one tries again.
                logger.warning("could not remove the stand-in heartbeats subscription: %s", exc)
                return
        self._stand_in = False

    def _exchange(
        self,
        requester: Requester,
        kind: str,
        channel: str,
        products: list[str],
        timeout: float | None,
    ) -> SubscriptionState:
        limit = self._timeout if timeout is None else timeout
        with self._exchange_lock, self._answers.expect(kind, keys_for(channel, products)) as wait:
            if kind == "subscribe" and channel == _HEARTBEATS:
                # The venue's counter may have moved on meanwhile: not a jump.
                self._codec.restart_heartbeats()
            token = self._jwt() if self._jwt is not None else None
            requester.send(encode_subscription(kind, channel, products, token))
            answer = wait(limit, f"{kind} {channel}")
        if isinstance(answer, ErrorNotice):
            raise answer.error(kind)
        if isinstance(answer, Exception):
            raise answer
        return answer

    # -- reconciling with the venue's state ---------------------------------------------

    @property
    def serial(self) -> int:
        """A counter of subscribes confirmed; :meth:`drop` spares keys confirmed after it.

        Example:
            >>> CoinbaseSubscriptions(CoinbaseCodec(), sender=None).serial
            0
        """
        with self._marks_lock:
            return self._serial

    def keeps(self, key: str) -> bool:
        """True for a key the client keeps without the user asking: the stand-in
        ``heartbeats`` subscription.

        Example:
            >>> CoinbaseSubscriptions(CoinbaseCodec(), sender=None).keeps("heartbeats")
            False
        """
        return self._stand_in and key == _HEARTBEATS

    def drop(
        self, requester: Requester, keys: list[str], *, since: int, timeout: float | None
    ) -> list[str]:
        """Unsubscribe keys the venue lists but the client does not keep.

        Decided under the exchange lock, against the newest state: keys that state no
        longer lists, the stand-in, and keys confirmed after ``since`` (a
        :attr:`serial` read before the client's desired and confirmed keys were: the
        user wants them again) are spared. Returns the keys unsubscribed.

        Example:
            >>> # subs.drop(connection, ["ticker:BTC-USD"], since=mark, timeout=None)
        """
        with self._exchange_lock:
            state = self.state
            with self._marks_lock:
                marks = dict(self._subscribed_at)
            stale = [
                k
                for k in keys
                if marks.get(k, 0) <= since
                and not self.keeps(k)
                and state is not None
                and state.confirms(k)
            ]
            if stale:
                self.unsubscribe(requester, stale, timeout)
            return stale

    def _mark(self, keys: list[str]) -> list[str]:
        with self._marks_lock:
            self._serial += 1
            for key in keys:
                self._subscribed_at[key] = self._serial
        return keys

    def _unmark(self, keys: list[str]) -> None:
        with self._marks_lock:
            for key in keys:
                self._subscribed_at.pop(key, None)

    # -- SessionHooks -----------------------------------------------------------------

    def on_open(self, session: Session) -> None:
        """New connection: reset sequence rules; subscribe heartbeats if nothing else.

        Example:
            >>> # called by the connection after every (re)connect
        """
        self._codec.reset()
        self._stand_in = False
        if self._on_reset is not None:
            self._on_reset()
        if self._has_subscriptions is not None and not self._has_subscriptions():
            self._exchange(session, "subscribe", _HEARTBEATS, [], None)
            self._stand_in = True

    def on_control(self, control: Control, session: Session) -> None:
        """Route the venue's state and errors to the waiting exchange; count drops.

        Example:
            >>> # called by the reader for every Control the codec returns
        """
        kind, payload = control.kind, control.payload
        if kind == "subscriptions" and isinstance(payload, SubscriptionState):
            self.state = payload
            self._answers.offer_state(payload)
            if self._on_state is not None:
                self._on_state(payload)
        elif kind == "error" and isinstance(payload, ErrorNotice):
            if not self._answers.offer(payload):
                self._unanswered_error(payload)
        elif kind == "message_dropped" and isinstance(payload, DroppedFrame):
            emit(message_dropped, self._sender, reason=payload.reason, count=1)
        elif kind == "heartbeats_missed" and isinstance(payload, SequenceGap):
            self._missed_heartbeats(payload)

    def _unanswered_error(self, notice: ErrorNotice) -> None:
        # No exchange waits for it (a late answer, or the venue's own complaint): the
        # user learns of it through the signal rather than an exception.
        error = notice.error()
        self.venue_errors.append(error)
        logger.warning("venue error outside any subscription: %s", notice.message)
        emit(venue_error, self._sender, error=error)

    def _missed_heartbeats(self, gap: SequenceGap) -> None:
        reason = (
            f"missed heartbeats: heartbeat_counter went to {gap.received}, "
            f"expected {gap.expected} ({gap.missed} missed)"
        )
        logger.warning("%s", reason)
        emit(subscription_stale, self._sender, channels=[_HEARTBEATS], reason=reason)

    def on_lost(self, reason: str) -> None:
        """The answer will never come on a dropped connection: end the wait.

        Example:
            >>> CoinbaseSubscriptions(CoinbaseCodec(), sender=None).on_lost("dropped")
        """
        self._answers.offer(ConnectionLost(reason))

    def cancel(self) -> None:
        """End any wait for good (the client is closing).

        Example:
            >>> CoinbaseSubscriptions(CoinbaseCodec(), sender=None).cancel()
        """
        self._answers.close()
