"""The reader thread: read frames, decode, resolve replies, hand events on. Nothing else.

One reader per connection generation. It never runs user code: replies complete
futures (whose waiters are elsewhere), events go to the bounded hand-off in one batch
per wake-up, control messages go to the hooks (library code that must not block),
malformed frames are counted and signalled. When the socket ends, it reports to the
connection actor and exits.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from actors._wire import settle
from actors.dispatch import BoundedHandoff, HandoffFull, ProducerRetired
from actors.signals import emit, message_dropped, message_rejected
from actors.transport.base import WebSocketConnection
from protocol.codec import Codec
from protocol.errors import MalformedMessage
from protocol.messages import Control, Event, Failure, Malformed, Reply
from protocol.pending import PendingRequests

logger = logging.getLogger(__name__)


class Counters:
    """Counters the reader owns (written only by reader threads)."""

    def __init__(self) -> None:
        self.frames = 0
        self.malformed = 0
        self.dropped = 0
        self.late_replies = 0
        self.last_frame_at = time.monotonic()
        self.backpressured = False  # waiting for room in the hand-off (not silence)


class Reader:
    """Runs the read loop of one connection generation on its own thread."""

    def __init__(
        self,
        *,
        transport: WebSocketConnection,
        generation: int,
        codec: Codec,
        pending: PendingRequests,
        handoff: BoundedHandoff,
        counters: Counters,
        sender: Any,
        batch_size: int,
        on_control: Callable[[Control, int], None],
        on_end: Callable[[int, str], None],
    ) -> None:
        self._transport = transport
        self._generation = generation
        self._codec = codec
        self._pending = pending
        self._handoff = handoff
        self._counters = counters
        self._sender = sender
        self._batch_size = batch_size
        self._on_control = on_control
        self._on_end = on_end
        self._epoch = handoff.epoch
        self.thread = threading.Thread(
            target=self._run, name=f"venue-actors:reader:{transport.url}", daemon=True
        )

    def start(self) -> None:
        """Start reading."""
        self.thread.start()

    def _run(self) -> None:
        reason = "reader stopped"
        try:
            while self._read_once():
                pass
            reason = "slow consumer: the event queue was full"
            if self._epoch != self._handoff.epoch:
                reason = "replaced"
        except Exception as exc:
            # Any failure of the socket or of our own code ends this generation; the
            # actor decides what happens next. Nothing escapes the thread.
            reason = str(exc) or type(exc).__name__
        self._on_end(self._generation, reason)

    def _read_once(self) -> bool:
        frames = self._transport.receive_batch(self._batch_size)
        counters = self._counters
        counters.last_frame_at = time.monotonic()
        counters.frames += len(frames)
        events: list[Event] = []
        for frame in frames:
            try:
                message = self._codec.decode(frame)
            except Exception as exc:  # the codec contract says never; hold to it here
                message = Malformed(frame, f"the codec raised {exc!r}")
            if type(message) is Event:
                events.append(message)
            elif type(message) is list:
                # A frame may carry several messages (one per product, say); they keep
                # their order relative to each other and to the frames around them.
                for part in message:
                    if type(part) is Event:
                        events.append(part)
                    else:
                        self._handle(part)
            else:
                self._handle(message)
        return not events or self._hand_on(events)

    def _handle(self, message: Any) -> None:
        if type(message) is Reply:
            entry = self._pending.resolve(message.id)
            if entry is None:
                self._late(message.id)
            else:
                settle(entry, message.result)
        elif type(message) is Failure:
            entry = self._pending.resolve(message.id)
            if entry is None:
                self._late(message.id)
            else:
                settle(entry, error=self._error_for(message, entry.method))
        elif type(message) is Control:
            self._on_control(message, self._generation)
        elif type(message) is Malformed:
            self._reject(message)
        else:
            self._reject(Malformed(repr(message)[:200], "codec returned an unknown type"))

    def _error_for(self, failure: Failure, method: str) -> Exception:
        try:
            return self._codec.error(failure, method)
        except Exception as exc:
            # The caller still gets an answer, and the session goes on.
            reason = f"error reply {failure.code!r} could not be mapped: {exc!r}"
            self._reject(Malformed(repr(failure)[:200], reason))
            return MalformedMessage(reason)

    def _hand_on(self, events: list[Event]) -> bool:
        counters = self._counters
        counters.backpressured = True
        try:
            dropped = self._handoff.put_batch(events, self._epoch)
        except HandoffFull:
            self._count_dropped("slow_consumer", len(events))
            return False
        except ProducerRetired as retired:
            # This connection was replaced while we waited: its events are the past.
            self._count_dropped("connection_replaced", retired.discarded)
            return False
        finally:
            counters.backpressured = False
            counters.last_frame_at = time.monotonic()
        if dropped:
            self._count_dropped("overflow", dropped)
        return True

    def _late(self, request_id: Any) -> None:
        self._counters.late_replies += 1
        logger.warning(
            "dropped a reply to request %r: no caller waits (late or unknown)", request_id
        )
        emit(message_dropped, self._sender, reason="late_reply", count=1)

    def _count_dropped(self, reason: str, count: int) -> None:
        self._counters.dropped += count
        logger.warning("dropped %d events (%s)", count, reason)
        emit(message_dropped, self._sender, reason=reason, count=count)

    def _reject(self, message: Malformed) -> None:
        self._counters.malformed += 1
        # The frame itself stays out of the log: it may carry tokens.
        logger.warning(
            "rejected a malformed frame (%d bytes): %s", len(message.raw), message.reason
        )
        emit(
            message_rejected, self._sender, raw=message.raw, error=MalformedMessage(message.reason)
        )
