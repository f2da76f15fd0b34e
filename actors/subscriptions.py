"""The subscription manager: desired vs confirmed channels, caps, handlers, restore.

The manager is an actor, so subscribe, unsubscribe and restore never interleave.
What it knows of a venue is a :class:`SubscriptionProtocol`: how to subscribe and
unsubscribe a list of channels over a :class:`~actors.hooks.Requester`.

- ``desired``: every channel the user asked for and has not given up.
- ``confirmed``: the channels the venue confirmed on the current connection.
- Before anything is sent, the cap is checked (``SubscriptionLimitExceeded``).
- Subscribing while disconnected records the wish; the next connect subscribes.
- After every reconnect the manager (a connection hook) restores every desired
  channel, paced by the message-rate limit; once the connection reports ready it
  emits ``subscriptions_restored``, so a receiver can use the client at once.

Example:
    >>> # subs = SubscriptionManager(protocol, limiter=limiter, sender=client)
    >>> # conn = ManagedConnection(url, codec, sender=client, limiter=limiter, hooks=[subs])
    >>> # subs.attach(conn)
    >>> # subs.subscribe(["trades.BTC-PERPETUAL.100ms"], handler=print)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import pykka

from actors._stopping import stop_actor
from actors.dispatch import Handler, Router
from actors.hooks import Requester, Session, SessionHooks
from actors.rate_limiter import Cost, RateLimiter
from actors.signals import emit, subscriptions_restored
from actors.transport.base import Frame
from protocol.errors import InvalidParameters

if TYPE_CHECKING:
    from actors.connection import ManagedConnection

__all__ = ["SubscriptionManager", "SubscriptionProtocol"]

logger = logging.getLogger(__name__)


class SubscriptionProtocol(Protocol):
    """How one venue subscribes: implemented in ``venues/<venue>/``.

    Example:
        >>> class Subscribe:
        ...     max_per_message = 100
        ...     def subscribe(self, requester, channels, timeout):
        ...         return requester.call("public/subscribe", {"channels": channels})
        ...     def unsubscribe(self, requester, channels, timeout):
        ...         requester.call("public/unsubscribe", {"channels": channels})
    """

    max_per_message: int

    def subscribe(
        self, requester: Requester, channels: list[str], timeout: float | None
    ) -> list[str]:
        """Subscribe ``channels``; return those the venue confirmed."""
        ...

    def unsubscribe(self, requester: Requester, channels: list[str], timeout: float | None) -> None:
        """Unsubscribe ``channels``."""
        ...


class _Subscribe(NamedTuple):
    channels: tuple[str, ...]
    handler: Handler | None
    timeout: float | None


class _Unsubscribe(NamedTuple):
    channels: tuple[str, ...] | None  # None: every channel
    timeout: float | None


class _Resubscribe(NamedTuple):
    channels: tuple[str, ...]
    timeout: float | None


class _Restore(NamedTuple):
    session: Session


class _Lost(NamedTuple):
    pass


class _Reconcile(NamedTuple):
    pass


class _Snapshot(NamedTuple):
    pass


class SubscriptionManager(SessionHooks):
    """The client-facing handle of the subscription actor; also a connection hook.

    Example:
        >>> # subs.subscribe(["book.BTC-PERPETUAL.100ms"]); sorted(subs.confirmed)
    """

    def __init__(
        self, protocol: SubscriptionProtocol, *, limiter: RateLimiter, sender: Any
    ) -> None:
        self._protocol = protocol
        self._limiter = limiter
        self._sender = sender
        self._router = Router()
        self._actor: pykka.ActorRef[Any] | None = None
        self._restored: list[str] | None = None  # set by on_open, announced by on_ready

    def attach(self, connection: ManagedConnection) -> None:
        """Bind to the connection whose hooks include this manager, and start."""
        self._router = connection.router
        self._actor = _SubscriptionActor.start(
            protocol=self._protocol,
            limiter=self._limiter,
            sender=self._sender,
            router=self._router,
            connection=connection,
        )

    def subscribe(
        self,
        channels: Iterable[str],
        handler: Handler | None = None,
        *,
        timeout: float | None = None,
    ) -> list[str]:
        """Subscribe ``channels`` (handler called as ``handler(channel, data)``).

        Returns the channels the venue confirmed now (empty while disconnected: they
        are subscribed on the next connect).

        Raises:
            SubscriptionLimitExceeded: the cap would be passed (nothing was sent).
            InvalidParameters: ``channels`` is empty or not a list of names.
        """
        names = _channel_list(channels)
        return list(self._ask(_Subscribe(names, handler, timeout)))

    def unsubscribe(self, channels: Iterable[str], *, timeout: float | None = None) -> None:
        """Unsubscribe ``channels`` and forget their handlers."""
        self._ask(_Unsubscribe(_channel_list(channels), timeout))

    def unsubscribe_all(self, *, timeout: float | None = None) -> None:
        """Unsubscribe every channel."""
        self._ask(_Unsubscribe(None, timeout))

    def resubscribe(self, channels: Iterable[str], *, timeout: float | None = None) -> list[str]:
        """Unsubscribe and subscribe ``channels`` again, keeping their handlers.

        For data known to be incomplete (a sequence gap): the venue sends a fresh
        snapshot. Channels not desired are ignored. Returns those confirmed again.

        Example:
            >>> # subs.resubscribe(["level2:BTC-USD"])
        """
        return list(self._ask(_Resubscribe(_channel_list(channels), timeout)))

    @property
    def desired(self) -> frozenset[str]:
        """Channels the user asked for."""
        return self._snapshot()[0]

    @property
    def confirmed(self) -> frozenset[str]:
        """Channels the venue confirmed on the current connection."""
        return self._snapshot()[1]

    def on_open(self, session: Session) -> None:
        """Restore every desired channel on a fresh connection (a connection hook)."""
        if self._actor is not None:
            self._restored = self._ask(_Restore(session))

    def on_ready(self) -> None:
        """Announce the restore once the connection is usable (a connection hook)."""
        restored = self._restored
        self._restored = None
        if restored is not None:
            emit(subscriptions_restored, self._sender, channels=restored)
        if self._actor is not None:
            # A subscribe that arrived between the restore and now was only recorded.
            self._actor.tell(_Reconcile())

    def on_lost(self, reason: str) -> None:
        """Forget what was confirmed: the venue forgot it with the connection."""
        if self._actor is not None:
            self._actor.tell(_Lost())

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the actor (idempotent), waiting at most ``timeout`` seconds.

        Example:
            >>> # subs.stop()
        """
        actor, self._actor = self._actor, None
        if actor is not None:
            # A subscribe in progress ends quickly: closing the connection fails its
            # requests. The bound only guards against a hung venue protocol.
            stop_actor(actor, timeout)

    def _snapshot(self) -> tuple[frozenset[str], frozenset[str]]:
        if self._actor is None:
            return frozenset(), frozenset()
        return self._ask(_Snapshot())

    def _ask(self, message: Any) -> Any:
        if self._actor is None:
            raise RuntimeError("the subscription manager is not attached to a connection")
        return self._actor.ask(message)


def _channel_list(channels: Iterable[str]) -> tuple[str, ...]:
    if isinstance(channels, str):
        raise InvalidParameters("channels", "must be a list of channel names, not one string")
    names = tuple(channels)
    if not names:
        raise InvalidParameters("channels", "must not be empty")
    for name in names:
        if not isinstance(name, str) or not name:
            raise InvalidParameters("channels", f"not a channel name: {name!r}")
    return names


def _chunks(channels: Sequence[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(channels), max(1, size)):
        yield list(channels[start : start + size])


class _SubscriptionActor(pykka.ThreadingActor):
    # A client the program forgot to close must not hold the interpreter open at exit.
    use_daemon_thread = True

    def __init__(
        self,
        *,
        protocol: SubscriptionProtocol,
        limiter: RateLimiter,
        sender: Any,
        router: Router,
        connection: ManagedConnection,
    ) -> None:
        super().__init__()
        self._protocol = protocol
        self._limiter = limiter
        self._sender = sender
        self._router = router
        self._connection = connection
        self._desired: dict[str, None] = {}  # insertion-ordered set
        self._confirmed: set[str] = set()

    def on_receive(self, message: Any) -> Any:
        if isinstance(message, _Subscribe):
            return self._subscribe(message)
        if isinstance(message, _Unsubscribe):
            return self._unsubscribe(message)
        if isinstance(message, _Resubscribe):
            return self._resubscribe(message)
        if isinstance(message, _Restore):
            return self._restore(message.session)
        if isinstance(message, _Reconcile):
            self._reconcile()
        elif isinstance(message, _Lost):
            self._confirmed.clear()
        elif isinstance(message, _Snapshot):
            return frozenset(self._desired), frozenset(self._confirmed)
        return None

    def _subscribe(self, message: _Subscribe) -> list[str]:
        new = [c for c in dict.fromkeys(message.channels) if c not in self._desired]
        self._reserve(new)
        self._router.set(list(message.channels), message.handler)
        for channel in new:
            self._desired[channel] = None
        if not new or not self._connection.state.is_ready:
            return [c for c in message.channels if c in self._confirmed]
        try:
            confirmed = self._send(self._connection, new, message.timeout)
        except Exception:
            # Chunks the venue confirmed before the failure stay: it sends their data.
            self._forget([c for c in new if c not in self._confirmed])
            raise
        self._forget([c for c in new if c not in confirmed])
        return [c for c in message.channels if c in self._confirmed]

    def _reserve(self, channels: list[str]) -> None:
        reserved: list[str] = []
        try:
            for channel in channels:
                self._limiter.check_subscription_limit(channel)
                self._limiter.add_subscription(channel)
                reserved.append(channel)
        except Exception:
            for channel in reserved:
                self._limiter.remove_subscription(channel)
            raise

    def _forget(self, channels: list[str]) -> None:
        for channel in channels:
            self._desired.pop(channel, None)
            self._confirmed.discard(channel)
            self._limiter.remove_subscription(channel)
        self._router.remove(channels)

    def _send(self, requester: Requester, channels: list[str], timeout: float | None) -> set[str]:
        confirmed: set[str] = set()
        for chunk in _chunks(channels, self._protocol.max_per_message):
            done = set(self._protocol.subscribe(requester, chunk, timeout))
            confirmed |= done
            self._confirmed |= done  # chunk by chunk, so a later failure keeps these
        return confirmed

    def _reconcile(self) -> None:
        missing = [c for c in self._desired if c not in self._confirmed]
        if not missing or not self._connection.state.is_ready:
            return
        try:
            confirmed = self._send(self._connection, missing, None)
        except Exception:
            logger.exception("subscribing %d channels after the restore failed", len(missing))
            return
        unconfirmed = [c for c in missing if c not in confirmed]
        if unconfirmed:
            logger.warning("the venue did not confirm %d channels", len(unconfirmed))

    def _unsubscribe(self, message: _Unsubscribe) -> None:
        channels = list(self._desired) if message.channels is None else list(message.channels)
        live = [c for c in channels if c in self._confirmed]
        try:
            if live and self._connection.state.is_ready:
                for chunk in _chunks(live, self._protocol.max_per_message):
                    self._protocol.unsubscribe(self._connection, chunk, message.timeout)
        finally:
            self._forget([c for c in channels if c in self._desired])

    def _resubscribe(self, message: _Resubscribe) -> list[str]:
        channels = [c for c in dict.fromkeys(message.channels) if c in self._desired]
        if not channels or not self._connection.state.is_ready:
            return []
        live = [c for c in channels if c in self._confirmed]
        for chunk in _chunks(live, self._protocol.max_per_message):
            self._protocol.unsubscribe(self._connection, chunk, message.timeout)
        self._confirmed.difference_update(live)
        confirmed = self._send(self._connection, channels, message.timeout)
        return [c for c in channels if c in confirmed]

    def _restore(self, session: Session) -> list[str] | None:
        self._confirmed.clear()
        channels = list(self._desired)
        if not channels:
            return None
        restored: set[str] = set()
        paced = _PacedRequester(session, self._limiter)
        for chunk in _chunks(channels, self._protocol.max_per_message):
            restored.update(self._protocol.subscribe(paced, chunk, None))
        self._confirmed = restored
        missing = [c for c in channels if c not in restored]
        if missing:
            logger.warning("the venue did not confirm %d channels on restore", len(missing))
        return sorted(restored)


class _PacedRequester(Requester):
    """A session whose every message waits for the rate limiter instead of being refused.

    A restore sends as many messages as the venue's protocol needs (Coinbase: one per
    channel), and the library's own traffic must not trip the limit it enforces, so
    each message waits for room. Anything else sending meanwhile can still take the
    room first; the refusal then fails the attempt, which is retried.
    """

    def __init__(self, session: Session, limiter: RateLimiter) -> None:
        self._session = session
        self._limiter = limiter

    def _wait_for_room(self, cost: Cost | None) -> None:
        wait = self._limiter.wait_time(cost or Cost())
        if wait > 0:
            self._session.wait(wait)

    def request(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        cost: Cost | None = None,
    ) -> Future[Any]:
        self._wait_for_room(cost)
        return self._session.request(method, params, timeout=timeout, cost=cost)

    def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        cost: Cost | None = None,
    ) -> Any:
        self._wait_for_room(cost)
        return self._session.call(method, params, timeout=timeout, cost=cost)

    def send(self, frame: Frame, *, cost: Cost | None = None) -> None:
        self._wait_for_room(cost)
        self._session.send(frame, cost=cost)

    def wait(self, seconds: float) -> bool:
        return self._session.wait(seconds)
