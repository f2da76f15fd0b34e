"""The hand-over gate: two connections overlap during a rotation, the user sees one stream.

Every connection's codec passes each decoded event through its :class:`LinkGate`. The
gates of one pool slot share a :class:`SlotGate`, which remembers the last sequence
number (trade id, update id, event time) delivered per stream. A rotation runs:

1. the new connection opens and subscribes while its gate *discards* (the old one
   still delivers everything the new one has seen so far);
2. the new gate *holds*: its reader stops at the first data event (kept in the socket);
3. the old connection answers a marker request, so it has read everything published
   before the new subscriptions were live;
4. ``cut``: the old gate *retires* (delivers nothing more) and the last sequence per
   stream becomes the boundary;
5. once the old dispatcher has delivered what it accepted, ``release``: the new gate
   goes *live* and drops events at or below the boundary as duplicates.

Rule 1: an event is delivered at most once and in order per stream; every event not
delivered is reported as ``Control(DUPLICATE)``, turned into
``message_dropped(reason="duplicate")`` by the client.
Rule 2: outside a rotation the gate costs one lock and one dict store per event.
"""

from __future__ import annotations

import enum
import threading
from typing import Any

from protocol.messages import Control, Event, Inbound
from venues.binance.spot.public.streams._kind import StreamKind

__all__ = ["DUPLICATE", "LinkGate", "Mode", "SlotGate"]

DUPLICATE = "duplicate"
"""``Control.kind`` of an event the gate did not deliver (another connection did)."""


class Mode(enum.Enum):
    """What a link's gate does with events."""

    LIVE = "live"
    DISCARD = "discard"
    HOLD = "hold"
    RETIRED = "retired"


class SlotGate:
    """Sequence bookkeeping shared by the connections of one pool slot."""

    def __init__(self, hold_timeout: float = 30.0) -> None:
        self.lock = threading.Lock()
        self.hold_timeout = hold_timeout
        self.last: dict[str, int] = {}
        self.boundary: dict[str, int] = {}

    def link(self, mode: Mode = Mode.LIVE) -> LinkGate:
        """A gate for one more connection of this slot."""
        return LinkGate(self, mode)

    def hold(self, new: LinkGate) -> None:
        """Step 2: the new connection stops at its first data event."""
        with self.lock:
            new.mode = Mode.HOLD

    def cut(self, old: LinkGate, new: LinkGate) -> int:
        """Step 4: retire ``old``; return how many events it accepted in all."""
        with self.lock:
            old.mode = Mode.RETIRED
            for stream, seq in self.last.items():
                self.boundary[stream] = max(seq, self.boundary.get(stream, seq))
            new.mode = Mode.HOLD
            return old.accepted

    def release(self, new: LinkGate) -> None:
        """Step 5: the new connection delivers (after the boundary)."""
        with self.lock:
            new.mode = Mode.LIVE
        new.released.set()

    def abort(self, new: LinkGate) -> None:
        """Give up a rotation: the new connection's gate delivers nothing, ever."""
        with self.lock:
            new.mode = Mode.RETIRED
        new.released.set()


class LinkGate:
    """The gate of one connection; the codec calls it for every decoded event."""

    def __init__(self, slot: SlotGate, mode: Mode) -> None:
        self._slot = slot
        self.mode = mode
        self.accepted = 0
        self.first_data = threading.Event()
        self.released = threading.Event()

    def __call__(self, stream: str, kind: StreamKind, event: Any) -> Inbound:
        mode = self.mode
        if mode is Mode.HOLD:
            self.first_data.set()
            self.released.wait(self._slot.hold_timeout)
        elif mode is not Mode.LIVE:
            return Control(DUPLICATE, stream)
        return self._deliver(stream, kind.sequence(event), event)

    def _deliver(self, stream: str, seq: int, event: Any) -> Inbound:
        slot = self._slot
        with slot.lock:
            if self.mode is Mode.RETIRED or self.mode is Mode.DISCARD:
                return Control(DUPLICATE, stream)
            boundary = slot.boundary.get(stream)
            if boundary is not None:
                if seq <= boundary:
                    return Control(DUPLICATE, stream)
                del slot.boundary[stream]
            slot.last[stream] = seq
            self.accepted += 1
        return Event(stream, event)
