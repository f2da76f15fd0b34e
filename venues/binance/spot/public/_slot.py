"""One slot of the connection pool: up to 1024 streams and the connection carrying them.

A slot outlives its connections: a rotation replaces the connection make-before-break
(see :mod:`._gate` for the hand-over steps) and the slot's streams, handlers and
de-duplication state carry over.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from actors import Cost, Handler
from protocol.errors import VenueClientError
from venues.binance.spot.limits import STREAMS_PER_CONNECTION
from venues.binance.spot.public._gate import LinkGate, Mode, SlotGate
from venues.binance.spot.public._link import Link
from venues.binance.spot.public.list_subscriptions import send_list_subscriptions

__all__ = ["Slot"]

logger = logging.getLogger(__name__)


class Slot:
    """Streams of one connection, and the make-before-break rotation of that connection."""

    def __init__(self, make_link: Callable[[LinkGate], Link]) -> None:
        self.gate = SlotGate()
        self.lock = threading.RLock()
        self.handlers: dict[str, Handler | None] = {}
        self.rotations = 0
        self.retry_at = 0.0
        self._make_link = make_link
        self.link = make_link(self.gate.link(Mode.LIVE))

    @property
    def free(self) -> int:
        """How many more streams this slot may carry."""
        return STREAMS_PER_CONNECTION - len(self.handlers)

    def connect(self, timeout: float | None) -> None:
        """Connect the current connection (subscriptions recorded so far are restored)."""
        self.link.connection.connect(timeout)

    def subscribe(
        self, streams: list[str], handler: Handler | None, timeout: float | None
    ) -> list[str]:
        """Subscribe ``streams`` on the current connection; return those confirmed now."""
        with self.lock:
            confirmed = self.link.subscriptions.subscribe(streams, handler, timeout=timeout)
            for stream in streams:
                self.handlers[stream] = handler
            return confirmed

    def unsubscribe(self, streams: list[str], timeout: float | None) -> None:
        """Unsubscribe ``streams`` and forget their handlers."""
        with self.lock:
            try:
                self.link.subscriptions.unsubscribe(streams, timeout=timeout)
            finally:
                for stream in streams:
                    self.handlers.pop(stream, None)

    def confirmed(self, streams: list[str]) -> list[str]:
        """Those of ``streams`` the venue confirmed on the current connection."""
        live = self.link.subscriptions.confirmed
        return [s for s in streams if s in live]

    def list_subscriptions(self, timeout: float | None) -> list[str]:
        """Ask the venue which streams the current connection carries."""
        with self.lock:
            return send_list_subscriptions(self.link.connection, timeout)

    def close(self) -> None:
        """Close the current connection."""
        with self.lock:
            self.link.close()

    # -- rotation -------------------------------------------------------------------------

    def rotate(self, timeout: float) -> bool:
        """Replace the connection make-before-break; False if the new one failed to open."""
        with self.lock:
            old, new = self.link, self._make_link(self.gate.link(Mode.DISCARD))
            try:
                self._prepare(new, timeout)
            except Exception as exc:
                logger.warning("rotation failed, keeping the old connection: %s", exc)
                self.gate.abort(new.gate)
                new.close()
                return False
            self._hand_over(old, new, timeout)
            return True

    def _prepare(self, new: Link, timeout: float) -> None:
        groups: dict[int, tuple[Handler | None, list[str]]] = {}
        for stream, handler in self.handlers.items():
            groups.setdefault(id(handler), (handler, []))[1].append(stream)
        for handler, streams in groups.values():
            new.subscriptions.subscribe(streams, handler)
        new.connection.connect(timeout)

    def _hand_over(self, old: Link, new: Link, timeout: float) -> None:
        self.gate.hold(new.gate)
        if self.handlers:
            new.gate.first_data.wait(timeout)
        self._mark(old, timeout)
        accepted = self.gate.cut(old.gate, new.gate)
        self._drain(old, accepted, timeout)
        self.link = new
        self.gate.release(new.gate)
        old.close()
        self.rotations += 1

    @staticmethod
    def _mark(old: Link, timeout: float) -> None:
        # The reply comes after every frame the venue queued before it, so once it is
        # read the old connection has seen all it was sent before the new streams lived.
        if not old.connection.state.is_ready:
            return
        old.connection.wait(old.limiter.wait_time(Cost()))
        try:
            send_list_subscriptions(old.connection, timeout)
        except VenueClientError as exc:
            logger.info("rotation marker failed (%s); handing over anyway", exc)

    @staticmethod
    def _drain(old: Link, accepted: int, timeout: float) -> None:
        old.connection.wait_delivered(accepted, timeout)
