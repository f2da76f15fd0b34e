"""The Binance Spot market-data streams client: a pool of combined-stream connections.

Orchestration only: message bodies live in ``subscribe.py``, ``list_subscriptions.py`` ...
and the stream events in ``streams/``. What the client adds to the runtime:

- Rule 1: every connection carries at most 1024 streams; more streams open more
  connections, transparently (``list_subscriptions()`` reports them all).
- Rule 2: each connection paces its own control messages at 4 per 1.25 s, keeping one of
  the venue's 5 per second for the transport's pongs and a quarter second for frames
  that arrive closer together than they were sent; connection attempts share one window of 300
  per 5 minutes. A refused operation raises ``RateLimitError``, signals ``rate_limited``
  and sends nothing.
- Rule 3: a connection is replaced make-before-break when it reaches
  ``max_connection_age`` seconds (before the venue's 24 h cut) or when the venue sends
  ``serverShutdown``; events seen on both connections are delivered once
  (``message_dropped(reason="duplicate")`` counts the copies).
- Rule 4: a dropped connection reconnects with backoff and restores its streams.

Example:
    >>> # from venues.binance.spot import BinanceSpotPublicClient, trade_stream
    >>> # with BinanceSpotPublicClient() as client:
    >>> #     client.subscribe([trade_stream("BTCUSDT")], lambda stream, trade: print(trade))
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

from actors import (
    ConnectionOptions,
    ConnectionState,
    ConnectionStats,
    Handler,
    RateLimiter,
    RateLimitStats,
    WebSocketRateLimiter,
)
from protocol.errors import ConnectionClosed
from venues.binance.spot.limits import (
    STREAM_CLIENT_MESSAGES_PER_SECOND,
    STREAM_CONNECTION_WINDOW,
    STREAM_CONNECTIONS_PER_WINDOW,
    STREAM_ROTATE_AFTER,
    STREAM_URL,
    STREAMS_PER_CONNECTION,
)
from venues.binance.spot.public._arguments import (
    combined_url,
    positive_seconds,
    refuse_credentials,
)
from venues.binance.spot.public._gate import LinkGate
from venues.binance.spot.public._link import Link
from venues.binance.spot.public._placement import place
from venues.binance.spot.public._rotator import Rotator
from venues.binance.spot.public._slot import Slot
from venues.binance.spot.public.get_property import send_get_property
from venues.binance.spot.public.set_property import send_set_property
from venues.binance.spot.public.subscribe import stream_list

__all__ = ["BinanceSpotPublicClient"]


class BinanceSpotPublicClient:
    """Market-data streams over combined-stream connections; no credentials.

    Args:
        url: the combined-stream endpoint (``.../stream``; a bare host gets ``/stream``).
        max_connection_age: seconds after which a connection is replaced
            make-before-break (default: 10 minutes before the venue's 24 h cut).
        handover_timeout: bound, in seconds, on each wait of a rotation.
        **options: :class:`actors.ConnectionOptions` fields (``stale_after``,
            ``backoff``, ``queue_size``, ``overflow``, ...).

    Raises:
        TypeError: credentials were passed (use the private client).
        InvalidParameters: a bad URL or option, naming it.

    Example:
        >>> # with BinanceSpotPublicClient(url=sim.stream_url) as client:
        >>> #     client.subscribe(["btcusdt@trade", "btcusdt@depth@100ms"], on_event)
        >>> #     client.list_subscriptions()
    """

    def __init__(
        self,
        url: str = STREAM_URL,
        *,
        max_connection_age: float = STREAM_ROTATE_AFTER,
        handover_timeout: float = 10.0,
        **options: Any,
    ) -> None:
        refuse_credentials(url, options)
        self._url = combined_url(url)
        self._rotate_after = positive_seconds("max_connection_age", max_connection_age)
        self._handover_timeout = positive_seconds("handover_timeout", handover_timeout)
        self._options = ConnectionOptions.from_keywords(options)
        self._lock = threading.RLock()
        self._closed = False
        self._connected = False
        self._slots: list[Slot] = []
        self._rate = RateLimiter(
            WebSocketRateLimiter(
                max_connections_per_window=STREAM_CONNECTIONS_PER_WINDOW,
                connection_window=STREAM_CONNECTION_WINDOW,
            ),
            sender=self,
        )
        self._rotator = Rotator(
            self._slot_list,
            rotate_after=self._rotate_after,
            handover_timeout=self._handover_timeout,
            name=f"venue-actors:rotator:{self._url}",
        )
        try:
            self._slots.append(Slot(self._new_link))
        except BaseException:
            self._rate.stop()
            raise

    # -- lifecycle ------------------------------------------------------------------------

    def connect(self, timeout: float | None = None) -> None:
        """Open every connection of the pool and restore its streams; return once ready.

        Raises:
            ConnectionFailed: the venue could not be reached.
            ConnectionRateExceeded: the connection-attempt window is full.
        """
        with self._lock:
            if self._closed:
                raise ConnectionClosed()
            for slot in self._slots:
                slot.connect(timeout)
            self._connected = True
            self._rotator.start()

    def close(self) -> None:
        """Close every connection, stop every actor and join every thread; idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._rotator.stop(self._handover_timeout * 4 + self._options.close_timeout)
        with self._lock:
            for slot in self._slots:
                slot.close()
            self._rate.stop()

    def __enter__(self) -> BinanceSpotPublicClient:
        try:
            self.connect()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- streams --------------------------------------------------------------------------

    def subscribe(
        self,
        streams: Sequence[str],
        handler: Handler | None = None,
        *,
        timeout: float | None = None,
    ) -> list[str]:
        """Subscribe ``streams``; events go to ``handler(stream, event)`` and to the
        ``message_received`` signal. Returns the streams the venue confirmed now.

        More than 1024 streams in all open more connections. Subscribing before
        ``connect()`` records the streams; they are subscribed on connect.

        Raises:
            InvalidParameters: an unknown stream name (``streams[i]``); nothing sent.
            MessageRateExceeded: the connection's message rate is used up; nothing sent.
            ConnectionRateExceeded: the streams need one more connection and the window
                of 300 attempts per 5 minutes is full; no attempt is made and the
                streams that needed it are not kept.

        Example:
            >>> # client.subscribe(["btcusdt@trade"], lambda stream, trade: print(trade.price))
        """
        names = stream_list(streams)
        with self._lock:
            self._check_open()
            confirmed: list[str] = []
            for slot, batch, fresh in place(self._slots, names, self._new_slot):
                confirmed += slot.subscribe(batch, handler, timeout)
                if fresh and self._connected:
                    self._open_fresh(slot, timeout)
                    confirmed += slot.confirmed(batch)
            return confirmed

    def unsubscribe(self, streams: Sequence[str], *, timeout: float | None = None) -> None:
        """Unsubscribe ``streams`` (streams not subscribed are ignored).

        Example:
            >>> # client.unsubscribe(["btcusdt@trade"])
        """
        names = stream_list(streams)
        with self._lock:
            self._check_open()
            for slot in list(self._slots):
                mine = [name for name in names if name in slot.handlers]
                if mine:
                    slot.unsubscribe(mine, timeout)
                if not slot.handlers and slot is not self._slots[0]:
                    self._slots.remove(slot)
                    slot.close()

    def list_subscriptions(self, *, timeout: float | None = None) -> list[str]:
        """Ask the venue which streams every connection of the pool carries.

        Costs one control message per connection.

        Example:
            >>> # client.list_subscriptions()
            >>> # ['btcusdt@trade']
        """
        with self._lock:
            self._check_open()
            names: list[str] = []
            for slot in self._slots:
                names += slot.list_subscriptions(timeout)
            return names

    def set_property(self, name: str, value: bool, *, timeout: float | None = None) -> None:
        """Set a connection property on every connection (``combined``, which must stay true).

        Example:
            >>> # client.set_property("combined", True)
        """
        with self._lock:
            self._check_open()
            for slot in self._slots:
                with slot.lock:
                    send_set_property(slot.link.connection, name, value, timeout)

    def get_property(self, name: str, *, timeout: float | None = None) -> bool:
        """Read a connection property (from the first connection).

        Example:
            >>> # client.get_property("combined")
            >>> # True
        """
        with self._lock:
            self._check_open()
            slot = self._slots[0]
        with slot.lock:
            return send_get_property(slot.link.connection, name, timeout)

    @property
    def subscriptions(self) -> list[str]:
        """Every stream asked for (the local view; no message is sent).

        Example:
            >>> # client.subscriptions
        """
        with self._lock:
            return [name for slot in self._slots for name in slot.handlers]

    # -- observation ----------------------------------------------------------------------

    @property
    def state(self) -> ConnectionState:
        """The pool's state: the first connection that is not ready decides.

        Example:
            >>> # client.state
            >>> # <ConnectionState.CONNECTED: 'connected'>
        """
        states = [slot.link.connection.state for slot in self._slot_list()]
        return next((s for s in states if not s.is_ready), states[0])

    @property
    def connection_count(self) -> int:
        """How many connections the pool holds (one per 1024 streams).

        Example:
            >>> # client.connection_count
        """
        return len(self._slot_list())

    @property
    def rotations(self) -> int:
        """How many connections were replaced make-before-break so far.

        Example:
            >>> # client.rotations
        """
        return sum(slot.rotations for slot in self._slot_list())

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until every connection is ready (after a reconnect, say).

        Example:
            >>> # client.wait_ready(5.0)
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        for slot in self._slot_list():
            while True:
                link = slot.link
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                if link.connection.wait_ready(left):
                    break
                # A rotation closes the connection it replaces, which ends that wait:
                # wait on the replacement instead. Unreplaced, it is a timeout or the end.
                if slot.link is link or self._closed:
                    return False
        return True

    def rate_limit_stats(self) -> RateLimitStats:
        """Usage across the pool: the busiest connection's messages, every stream, and
        the shared connection-attempt window.

        Example:
            >>> # client.rate_limit_stats().active_subscriptions
        """
        links = [slot.link.limiter.get_usage_stats() for slot in self._slot_list()]
        shared = self._rate.get_usage_stats()
        return RateLimitStats(
            messages_in_last_second=max(s.messages_in_last_second for s in links),
            max_messages_per_second=STREAM_CLIENT_MESSAGES_PER_SECOND,
            active_subscriptions=sum(s.active_subscriptions for s in links),
            max_subscriptions=STREAMS_PER_CONNECTION * len(links),
            connections_in_window=shared.connections_in_window,
            max_connections_per_window=shared.max_connections_per_window,
            refused=shared.refused + sum(s.refused for s in links),
        )

    def connection_stats(self) -> list[ConnectionStats]:
        """Counters of each connection of the pool.

        Example:
            >>> # [s.frames_received for s in client.connection_stats()]
        """
        return [slot.link.connection.stats() for slot in self._slot_list()]

    # -- internals ------------------------------------------------------------------------

    def _slot_list(self) -> list[Slot]:
        with self._lock:
            return list(self._slots)

    def _check_open(self) -> None:
        if self._closed:
            raise ConnectionClosed()

    def _open_fresh(self, slot: Slot, timeout: float | None) -> None:
        # A pool connection that cannot open (connection window full, venue away) must
        # not stay in the pool: its streams would look subscribed while nothing carries
        # them, and the pool's state would stay "disconnected" for good.
        try:
            slot.connect(timeout)
        except BaseException:
            self._slots.remove(slot)
            slot.close()
            raise

    def _new_slot(self) -> Slot:
        return Slot(self._new_link)

    def _new_link(self, gate: LinkGate) -> Link:
        return Link(
            self._url,
            sender=self,
            shared=self._rate,
            gate=gate,
            options=self._options,
            on_shutdown=self._rotator.request,
        )
