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
  hands them to the one exchange waiting for them; an ``error`` no exchange waits for
  becomes a ``message_rejected`` signal (``error`` a ``CoinbaseError`` with the
  venue's text) and is kept in ``venue_errors``; dropped frames become
  ``message_dropped`` signals; a jump of ``heartbeat_counter`` becomes a
  ``subscription_stale`` signal for ``heartbeats``.
- Every key subscribed is entered in the codec's routes first, so data the venue sends
  as ``-USD`` for a ``-USDC`` subscription reaches that key (and its handler).

Coinbase has no request ids, so exchanges are serialised: one message is sent, then
the next ``subscriptions`` (or ``error``) message is its answer. A key is confirmed
when the returned state lists it. JWTs (private clients) are built per message, at
send time, so restores after a reconnect carry fresh ones.

Example:
    >>> # subs = CoinbaseSubscriptions(CoinbaseCodec(), sender=client)
    >>> # client._start_runtime(url, codec, limiter, hooks=[subs], protocol=subs)
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from actors import Requester, Session, SessionHooks
from actors.signals import emit, message_dropped, message_rejected, subscription_stale
from protocol.errors import (
    ConnectionClosed,
    ConnectionLost,
    RequestTimeout,
    VenueClientError,
)
from protocol.messages import Control
from venues.coinbase.codec import CoinbaseCodec, DroppedFrame, ErrorNotice, SubscriptionState
from venues.coinbase.errors import CoinbaseError
from venues.coinbase.keys import keys_for, split_key
from venues.coinbase.sequence import SequenceGap
from venues.coinbase.subscribe import encode_subscription

__all__ = ["CoinbaseSubscriptions"]

logger = logging.getLogger(__name__)

_Answer = SubscriptionState | ErrorNotice | Exception
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
    ) -> None:
        self._codec = codec
        self._sender = sender
        self._jwt = jwt
        self._timeout = timeout
        self._has_subscriptions = has_subscriptions
        self._on_reset = on_reset
        self._exchange_lock = threading.Lock()
        self._answered = threading.Condition()
        self._waiting = False
        self._answer: _Answer | None = None
        self._closed = False
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
                state = self._exchange(requester, "subscribe", channel, products, timeout)
                confirmed += [k for k in keys_for(channel, products) if state.confirms(k)]
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
        with self._exchange_lock:
            with self._answered:
                self._answer, self._waiting = None, True
            try:
                if kind == "subscribe" and channel == _HEARTBEATS:
                    # The venue's counter may have moved on meanwhile: not a jump.
                    self._codec.restart_heartbeats()
                token = self._jwt() if self._jwt is not None else None
                requester.send(encode_subscription(kind, channel, products, token))
                answer = self._wait(limit, f"{kind} {channel}")
            finally:
                with self._answered:
                    self._waiting = False
        if isinstance(answer, ErrorNotice):
            raise answer.error(kind)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def _wait(self, limit: float, what: str) -> _Answer:
        deadline = time.monotonic() + limit
        with self._answered:
            while self._answer is None:
                if self._closed:
                    raise ConnectionClosed()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RequestTimeout(what, limit)
                self._answered.wait(left)
            return self._answer

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
            self._deliver(payload)
        elif kind == "error" and isinstance(payload, ErrorNotice):
            if not self._deliver(payload):
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
        raw = json.dumps({"type": "error", "message": notice.message, "reason": notice.reason})
        emit(message_rejected, self._sender, raw=raw, error=error)

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
        self._deliver(ConnectionLost(reason))

    def cancel(self) -> None:
        """End any wait for good (the client is closing).

        Example:
            >>> CoinbaseSubscriptions(CoinbaseCodec(), sender=None).cancel()
        """
        with self._answered:
            self._closed = True
            self._answered.notify_all()

    def _deliver(self, answer: _Answer) -> bool:
        with self._answered:
            if not self._waiting or self._answer is not None:
                return False
            self._answer = answer
            self._answered.notify_all()
            return True
