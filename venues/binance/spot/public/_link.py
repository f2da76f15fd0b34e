"""One live connection of the pool: its limiter, connection, subscriptions and hooks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from actors import (
    ConnectionOptions,
    ManagedConnection,
    RateLimiter,
    Requester,
    Session,
    SessionHooks,
    SubscriptionManager,
    WebSocketRateLimiter,
)
from actors.signals import emit, message_dropped
from protocol.messages import Control
from venues.binance.spot.limits import (
    STREAM_CLIENT_MESSAGE_WINDOW,
    STREAM_CLIENT_MESSAGES_PER_SECOND,
    STREAMS_PER_CONNECTION,
)
from venues.binance.spot.public._gate import DUPLICATE, LinkGate
from venues.binance.spot.public.subscribe import send_subscribe
from venues.binance.spot.public.unsubscribe import send_unsubscribe
from venues.binance.spot.stream_codec import SERVER_SHUTDOWN, BinanceStreamCodec

__all__ = ["Link", "LinkLimiter", "StreamSubscriptions"]


class LinkLimiter(RateLimiter):
    """A connection's own limits (messages, streams) plus the pool's connection window.

    The venue counts messages and streams per connection but connection attempts per
    IP, so attempts go to the limiter ``shared`` by every connection of the client.
    """

    def __init__(
        self, limiter: WebSocketRateLimiter, *, sender: object, shared: RateLimiter
    ) -> None:
        super().__init__(limiter, sender=sender)
        self._shared = shared

    def check_connection_rate(self) -> None:
        """Count a connection attempt against the client-wide window."""
        self._shared.check_connection_rate()

    def next_connection_in(self) -> float:
        """Seconds until the client-wide window admits another attempt."""
        return self._shared.next_connection_in()


class StreamSubscriptions:
    """The :class:`actors.SubscriptionProtocol` of Binance streams.

    One SUBSCRIBE may carry a whole connection's streams: the venue counts messages,
    not streams.
    """

    max_per_message = STREAMS_PER_CONNECTION

    def subscribe(
        self, requester: Requester, channels: list[str], timeout: float | None
    ) -> list[str]:
        """Send SUBSCRIBE; every stream is confirmed by the ``null`` result."""
        return send_subscribe(requester, channels, timeout)

    def unsubscribe(self, requester: Requester, channels: list[str], timeout: float | None) -> None:
        """Send UNSUBSCRIBE."""
        send_unsubscribe(requester, channels, timeout)


class _Hooks(SessionHooks):
    def __init__(self, link: Link) -> None:
        self._link = link

    def on_open(self, session: Session) -> None:
        self._link.opened_at = time.monotonic()

    def on_control(self, control: Control, session: Session) -> None:
        if control.kind == DUPLICATE:
            emit(message_dropped, self._link.sender, reason="duplicate", count=1)
        elif control.kind == SERVER_SHUTDOWN:
            self._link.on_shutdown(self._link)


class Link:
    """A connection with its own limiter and subscription manager, gated by ``gate``."""

    def __init__(
        self,
        url: str,
        *,
        sender: Any,
        shared: RateLimiter,
        gate: LinkGate,
        options: ConnectionOptions,
        on_shutdown: Callable[[Link], None],
    ) -> None:
        self.sender = sender
        self.gate = gate
        self.on_shutdown = on_shutdown
        self.opened_at = time.monotonic()
        own = WebSocketRateLimiter(
            max_messages_per_second=STREAM_CLIENT_MESSAGES_PER_SECOND,
            message_window=STREAM_CLIENT_MESSAGE_WINDOW,
            max_subscriptions=STREAMS_PER_CONNECTION,
        )
        self.limiter = LinkLimiter(own, sender=sender, shared=shared)
        self.subscriptions = SubscriptionManager(
            StreamSubscriptions(), limiter=self.limiter, sender=sender
        )
        try:
            self.connection = ManagedConnection(
                url,
                BinanceStreamCodec(gate),
                sender=sender,
                limiter=self.limiter,
                hooks=[_Hooks(self), self.subscriptions],
                options=options,
            )
        except BaseException:
            self.limiter.stop()
            raise
        self.subscriptions.attach(self.connection)

    def age(self, now: float) -> float:
        """Seconds since this connection last (re)opened."""
        return now - self.opened_at

    def delivered(self) -> int:
        """Events the connection's dispatcher finished with (delivered or dropped)."""
        stats = self.connection.stats()
        return stats.events_delivered + stats.dropped

    def close(self) -> None:
        """Close the connection and stop every actor of this link."""
        self.connection.close()
        self.subscriptions.stop()
        self.limiter.stop()
