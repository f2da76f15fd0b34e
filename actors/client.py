"""The common surface of every venue client, composed from the runtime's parts.

A venue client subclasses :class:`ManagedClient` (it is a client, not a transport),
validates its own arguments, then calls :meth:`ManagedClient._start_runtime` with its
codec, limits, hooks and subscription protocol. What every client then offers —
context manager, ``connect``, ``close``, ``state``, ``rate_limit_stats``,
``connection_stats``, ``subscribe``, ``unsubscribe``, ``unsubscribe_all`` — lives here
once.

Example:
    >>> # class MyClient(ManagedClient):
    >>> #     def __init__(self, url, **options):
    >>> #         super().__init__()
    >>> #         self._start_runtime(url, JsonRpcCodec(), WebSocketRateLimiter(...),
    >>> #                             protocol=MySubscriptions(), options=options)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from actors.connection import ManagedConnection
from actors.dispatch import Handler
from actors.hooks import SessionHooks
from actors.rate_limiter import RateLimiter, RateLimitStats, WebSocketRateLimiter
from actors.state import ConnectionOptions, ConnectionState, ConnectionStats
from actors.subscriptions import SubscriptionManager, SubscriptionProtocol
from protocol.codec import Codec
from protocol.errors import InvalidParameters

__all__ = ["ManagedClient"]


class ManagedClient:
    """Base of venue clients: one connection, one rate limiter, one subscription manager.

    Example:
        >>> # with DeribitPublicClient(url=sim.url) as client:
        >>> #     client.subscribe(["trades.BTC-PERPETUAL.100ms"], print)
    """

    _connection: ManagedConnection
    _rate: RateLimiter
    _subscriptions: SubscriptionManager | None

    def _start_runtime(
        self,
        url: str,
        codec: Codec,
        limiter: WebSocketRateLimiter,
        *,
        hooks: Sequence[SessionHooks] = (),
        protocol: SubscriptionProtocol | None = None,
        options: ConnectionOptions | Mapping[str, Any] | None = None,
    ) -> None:
        """Start this client's rate limiter, connection and subscription manager.

        Call it last in ``__init__``, after validating arguments, so a refused
        constructor starts nothing.
        """
        if not isinstance(options, ConnectionOptions):
            options = ConnectionOptions.from_keywords(options or {})
        self._rate = RateLimiter(limiter, sender=self)
        self._subscriptions = None
        all_hooks = list(hooks)
        if protocol is not None:
            self._subscriptions = SubscriptionManager(protocol, limiter=self._rate, sender=self)
            all_hooks.append(self._subscriptions)
        try:
            self._connection = ManagedConnection(
                url, codec, sender=self, limiter=self._rate, hooks=all_hooks, options=options
            )
        except BaseException:
            self._rate.stop()
            raise
        if self._subscriptions is not None:
            self._subscriptions.attach(self._connection)

    def connect(self, timeout: float | None = None) -> None:
        """Connect (and authenticate, for private clients); return once ready.

        Raises:
            ConnectionFailed: the venue could not be reached or a hook failed.
            AuthenticationError: credentials were refused (private clients).
        """
        self._connection.connect(timeout)

    def close(self) -> None:
        """Close the connection and stop every actor and thread; idempotent.

        Safe from a handler or a signal receiver of this client too.
        """
        try:
            self._connection.close()
        finally:
            try:
                if self._subscriptions is not None:
                    self._subscriptions.stop()
            finally:
                self._rate.stop()

    def __enter__(self) -> Any:
        try:
            self.connect()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def state(self) -> ConnectionState:
        """The connection's current state."""
        return self._connection.state

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the connection is ready again (after a reconnect, say)."""
        return self._connection.wait_ready(timeout)

    def rate_limit_stats(self) -> RateLimitStats:
        """This client's rate-limit usage (its limiter is its own)."""
        return self._rate.get_usage_stats()

    def connection_stats(self) -> ConnectionStats:
        """Counters of the connection: frames, drops, malformed, reconnects, ..."""
        return self._connection.stats()

    def subscribe(
        self,
        channels: Iterable[str],
        handler: Handler | None = None,
        *,
        timeout: float | None = None,
    ) -> list[str]:
        """Subscribe ``channels``; data goes to ``handler(channel, data)`` and the
        ``message_received`` signal. Returns the channels confirmed now."""
        return self._require_subscriptions().subscribe(channels, handler, timeout=timeout)

    def unsubscribe(self, channels: Iterable[str], *, timeout: float | None = None) -> None:
        """Unsubscribe ``channels``."""
        self._require_subscriptions().unsubscribe(channels, timeout=timeout)

    def unsubscribe_all(self, *, timeout: float | None = None) -> None:
        """Unsubscribe every channel."""
        self._require_subscriptions().unsubscribe_all(timeout=timeout)

    def _require_subscriptions(self) -> SubscriptionManager:
        if self._subscriptions is None:
            raise InvalidParameters("channels", f"{type(self).__name__} has no subscriptions")
        return self._subscriptions
