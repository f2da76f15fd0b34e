"""From the reader thread to user handlers: a bounded hand-off and the dispatcher thread.

The reader thread decodes frames and hands subscription events on in batches (one
thread hop per batch, not per frame: the hop, not the work, is what costs). The
dispatcher thread delivers them, in arrival order, to the handler registered for the
event's channel and to the ``message_received`` signal. User code never runs on the
reader thread.

The hand-off holds at most ``capacity`` events. When it is full, the policy decides:

- ``block`` (default): the reader waits for room, so backpressure reaches the socket
  and the venue's own buffers. Nothing is lost; latency grows instead. While a request
  awaits its reply, the reader may queue up to twice ``capacity`` before it waits: the
  reply can only be read past the events ahead of it, and the handler holding the
  queue up may be the very caller waiting for that reply.
- ``drop_oldest``: the oldest queued events make room; each drop is counted and
  signalled (``message_dropped(reason="overflow")``).
- ``disconnect``: the connection is dropped as a slow consumer and reconnects
  (subscriptions are restored); the batch that did not fit is counted and signalled.

Example:
    >>> handoff = BoundedHandoff(capacity=2, policy=OverflowPolicy.DROP_OLDEST)
    >>> handoff.put_batch([1, 2, 3])
    1
    >>> handoff.get_batch(timeout=0)
    [2, 3]
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from actors.signals import emit, handler_failed, message_received
from protocol.messages import Event

__all__ = ["BoundedHandoff", "Dispatcher", "Handler", "OverflowPolicy", "Router"]

logger = logging.getLogger(__name__)

Handler = Callable[[str, Any], None]
"""A subscription handler: called as ``handler(channel, data)`` on the dispatcher thread."""


class OverflowPolicy(StrEnum):
    """What the hand-off does when it is full (see the module docstring).

    Example:
        >>> OverflowPolicy("drop_oldest") is OverflowPolicy.DROP_OLDEST
        True
    """

    BLOCK = "block"
    DROP_OLDEST = "drop_oldest"
    DISCONNECT = "disconnect"


class HandoffFull(Exception):
    """Raised by ``put_batch`` under the ``disconnect`` policy when a batch does not fit."""


class ProducerRetired(Exception):
    """Raised by ``put_batch`` to a producer of an older epoch (a replaced connection).

    ``discarded`` events of its batch were not queued.
    """

    def __init__(self, discarded: int) -> None:
        super().__init__(f"{discarded} events from a replaced producer discarded")
        self.discarded = discarded


class BoundedHandoff:
    """A bounded FIFO of events between exactly one producer and one consumer.

    Example:
        >>> handoff = BoundedHandoff(capacity=10)
        >>> handoff.put_batch(["a", "b"])
        0
        >>> handoff.get_batch(timeout=0)
        ['a', 'b']
    """

    def __init__(
        self,
        capacity: int,
        policy: OverflowPolicy = OverflowPolicy.BLOCK,
        *,
        replies_awaited: Callable[[], bool] = lambda: False,
    ) -> None:
        self._capacity = capacity
        self._policy = OverflowPolicy(policy)
        self._replies_awaited = replies_awaited
        self._items: deque[Any] = deque()
        self._cond = threading.Condition()
        self._closed = False
        self._epoch = 0

    @property
    def epoch(self) -> int:
        """The current producer epoch; a producer passes it with every batch."""
        return self._epoch

    def retire(self) -> None:
        """Refuse batches from producers of earlier epochs, waking any that wait.

        A reader of a dropped connection blocked for room must not hand on its events
        after the next connection's (a rebuilt book would mix old and new data).
        """
        with self._cond:
            self._epoch += 1
            self._cond.notify_all()

    def __len__(self) -> int:
        return len(self._items)

    @property
    def capacity(self) -> int:
        """The most events the hand-off holds."""
        return self._capacity

    def put_batch(self, items: list[Any], epoch: int | None = None) -> int:
        """Queue ``items``; return how many queued events were dropped to make room.

        Raises:
            HandoffFull: under the ``disconnect`` policy when the batch does not fit.
            ProducerRetired: ``epoch`` is not the current one (see :meth:`retire`).
        """
        with self._cond:
            if self._closed:
                return 0
            if epoch is not None and epoch != self._epoch:
                raise ProducerRetired(len(items))
            if self._policy is OverflowPolicy.BLOCK:
                self._put_blocking(items, epoch)
                return 0
            if len(self._items) + len(items) > self._capacity:
                if self._policy is OverflowPolicy.DISCONNECT:
                    raise HandoffFull(len(items))
                return self._put_dropping_oldest(items)
            self._items.extend(items)
            self._cond.notify()
            return 0

    def _put_blocking(self, items: list[Any], epoch: int | None) -> None:
        start = 0
        while start < len(items) and not self._closed:
            if epoch is not None and epoch != self._epoch:
                raise ProducerRetired(len(items) - start)
            room = self._capacity - len(self._items)
            if room <= 0 and self._replies_awaited():
                room += self._capacity
            if room <= 0:
                self._cond.wait()
                continue
            self._items.extend(items[start : start + room])
            start += room
            self._cond.notify_all()

    def reply_awaited(self) -> None:
        """A request was sent: a producer waiting for room re-checks its allowance."""
        with self._cond:
            self._cond.notify_all()

    def _put_dropping_oldest(self, items: list[Any]) -> int:
        self._items.extend(items)
        dropped = 0
        while len(self._items) > self._capacity:
            self._items.popleft()
            dropped += 1
        self._cond.notify()
        return dropped

    def get_batch(self, timeout: float | None = None) -> list[Any]:
        """Wait up to ``timeout`` for events and take every queued one (``[]`` if none)."""
        with self._cond:
            if not self._items and not self._closed:
                self._cond.wait(timeout)
            batch = list(self._items)
            self._items.clear()
            self._cond.notify_all()
            return batch

    def close(self) -> None:
        """Wake both sides for good; later puts are ignored."""
        with self._cond:
            self._closed = True
            self._items.clear()
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._closed


class Router:
    """Channel -> handler table, read lock-free by the dispatcher (copy on write).

    Example:
        >>> router = Router()
        >>> router.set(["trades.X"], print)
        >>> router.get("trades.X") is print
        True
    """

    def __init__(self) -> None:
        self._table: dict[str, Handler] = {}
        self._lock = threading.Lock()

    def get(self, channel: str) -> Handler | None:
        """The handler for ``channel``, if any."""
        return self._table.get(channel)

    def set(self, channels: list[str], handler: Handler | None) -> None:
        """Route ``channels`` to ``handler`` (``None`` removes their handler)."""
        with self._lock:
            table = dict(self._table)
            for channel in channels:
                if handler is None:
                    table.pop(channel, None)
                else:
                    table[channel] = handler
            self._table = table

    def remove(self, channels: list[str]) -> None:
        """Forget the handlers of ``channels``."""
        self.set(channels, None)


class Dispatcher:
    """The thread that delivers events to handlers and ``message_received``.

    Example:
        >>> # Dispatcher(handoff, router, sender=client, name="...").start()
    """

    def __init__(self, handoff: BoundedHandoff, router: Router, *, sender: Any, name: str):
        self._handoff = handoff
        self._router = router
        self._sender = sender
        self.delivered = 0
        self.handler_errors = 0
        self._progress = threading.Condition()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        """Start the dispatcher thread."""
        self.thread.start()

    def wait_delivered(self, count: int, timeout: float | None) -> bool:
        """Wait until ``count`` events in all have been delivered; False on timeout."""
        with self._progress:
            return self._progress.wait_for(lambda: self.delivered >= count, timeout)

    def _run(self) -> None:
        while True:
            batch = self._handoff.get_batch()
            if not batch and self._handoff.closed:
                with self._progress:
                    self._progress.notify_all()
                return
            for event in batch:
                self._deliver(event)
            with self._progress:
                self._progress.notify_all()

    def _deliver(self, event: Event) -> None:
        handler = self._router.get(event.channel)
        if handler is not None:
            try:
                handler(event.channel, event.data)
            except BaseException as exc:  # even SystemExit must not end the dispatcher
                self.handler_errors += 1
                logger.exception("handler for %r raised; the stream goes on", event.channel)
                emit(handler_failed, self._sender, channel=event.channel, error=exc)
        emit(message_received, self._sender, channel=event.channel, data=event.data)
        self.delivered += 1
