"""How a Deribit connection stays alive: heartbeats, and subscribe per channel kind.

- :class:`HeartbeatHook` asks for heartbeats on every (re)connect and answers every
  ``test_request`` with ``public/test`` at once (a missed one closes the connection
  and triggers cancel-on-disconnect).
- :class:`DeribitSubscriptions` is the runtime's subscription protocol: ``user.*``
  channels go through ``private/subscribe``, the others through ``public/subscribe``;
  the venue's reply says which were confirmed.

Example:
    >>> HeartbeatHook(interval=30).interval
    30
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from typing import Any

from actors import Cost, Requester, Session, SessionHooks
from protocol.messages import Control
from venues.deribit import channels as names
from venues.deribit._call import Call
from venues.deribit.limits import credits_for
from venues.deribit.private import subscribe as private_subscribe
from venues.deribit.private import unsubscribe as private_unsubscribe
from venues.deribit.public import set_heartbeat
from venues.deribit.public import subscribe as public_subscribe
from venues.deribit.public import test as public_test
from venues.deribit.public import unsubscribe as public_unsubscribe

__all__ = ["DeribitSubscriptions", "HeartbeatHook", "cost_of", "send_call"]

logger = logging.getLogger(__name__)

TEST_REQUEST = "test_request"


def cost_of(method: str) -> Cost:
    """The rate-limit cost of one request for ``method`` (one message plus its credits).

    Example:
        >>> cost_of("private/buy").credits["matching"]
        1
    """
    return Cost(messages=1, credits=credits_for(method))


def send_call(requester: Requester, call: Call[Any], timeout: float | None = None) -> Any:
    """Send ``call`` through ``requester`` (a connection or a hook session), typed result."""
    raw = requester.call(call.method, call.params, timeout=timeout, cost=cost_of(call.method))
    return call.result(raw)


class HeartbeatHook(SessionHooks):
    """Sets the heartbeat on open and answers ``test_request`` with ``public/test``.

    Args:
        interval: seconds (>= 10); ``None`` leaves heartbeats off.
        answer: False stops answering ``test_request`` (only to see the venue close a
            silent connection, e.g. in tests).
    """

    def __init__(self, interval: int | None = 30, *, answer: bool = True) -> None:
        if interval is not None:
            set_heartbeat.build(interval=interval)  # validates now, before any connect
        self.interval = interval
        self._answer = answer
        self.answered = 0
        self.answered_event = threading.Event()  # set on every answer (monitoring, tests)

    def on_open(self, session: Session) -> None:
        """Ask for heartbeats on the fresh connection."""
        if self.interval is not None:
            send_call(session, set_heartbeat.build(interval=self.interval))

    def on_control(self, control: Control, session: Session) -> None:
        """Answer a ``test_request`` at once; never waits (reader thread)."""
        payload = control.payload
        if control.kind != "heartbeat" or not isinstance(payload, dict):
            return
        if payload.get("type") == TEST_REQUEST and self._answer:
            call = public_test.build()
            future = session.request(call.method, call.params, cost=cost_of(call.method))
            future.add_done_callback(_log_failure)
            self.answered += 1
            self.answered_event.set()


def _log_failure(future: Future[Any]) -> None:
    error = future.exception()
    if error is not None:
        logger.warning("the answer to a heartbeat test_request failed: %s", error)


class DeribitSubscriptions:
    """The runtime's :class:`~actors.SubscriptionProtocol` for Deribit.

    Args:
        authenticated: False (public client) refuses ``user.*`` and ``raw`` channels
            before sending; True routes ``user.*`` through ``private/subscribe``.
    """

    max_per_message = 50  # keeps a subscribe frame far below Deribit's 32 kB limit

    def __init__(self, *, authenticated: bool) -> None:
        self._authenticated = authenticated

    def subscribe(
        self, requester: Requester, channels: list[str], timeout: float | None
    ) -> list[str]:
        """Subscribe; return the channels the venue confirmed."""
        private, public = _split(channels)
        confirmed: list[str] = []
        if public:
            call = public_subscribe.build(channels=public, allow_raw=self._authenticated)
            confirmed += send_call(requester, call, timeout)
        if private:
            if not self._authenticated:
                public_subscribe.build(channels=private)  # raises: names the private channel
            confirmed += send_call(requester, private_subscribe.build(channels=private), timeout)
        return confirmed

    def unsubscribe(self, requester: Requester, channels: list[str], timeout: float | None) -> None:
        """Unsubscribe through the same method family the channels were subscribed with."""
        private, public = _split(channels)
        if public:
            send_call(requester, public_unsubscribe.build(channels=public), timeout)
        if private:
            send_call(requester, private_unsubscribe.build(channels=private), timeout)


def _split(channels: list[str]) -> tuple[list[str], list[str]]:
    private = [c for c in channels if names.is_private(c)]
    return private, [c for c in channels if not names.is_private(c)]
