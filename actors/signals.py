"""The event vocabulary of venue-actors: one private blinker ``Namespace``.

Every signal is sent with the user-facing client object as its sender, so::

    from actors.signals import state_changed
    state_changed.connect(on_state, sender=client)

receives only that client's changes. Receivers run on library threads (the
connection actor, the reader or the dispatcher); keep them short. A receiver that
raises is logged and isolated by :func:`emit`: it never stops an actor or a thread.

Signals and their keyword arguments:

- ``state_changed(old, new, reason)``: a connection state change (``ConnectionState``).
- ``reconnect_scheduled(attempt, delay)``: the next attempt and the wait before it.
- ``authenticated(scope)``: a private session (re)authenticated.
- ``subscriptions_restored(channels)``: subscriptions re-established after a reconnect.
- ``subscription_stale(channels, reason)``: data for channels is known to be incomplete
  (sequence gap, book gap); a fresh snapshot is on its way.
- ``subscription_quiet(channels, seconds)``: no data on watched channels for ``seconds``
  while the connection was ready (see :class:`actors.ChannelWatch`).
- ``subscription_resumed(channels)``: data arrived again on channels reported quiet.
- ``rate_limited(error)``: a local limit refused an operation (a ``RateLimitError``).
- ``message_dropped(reason, count)``: messages discarded (overflow, late reply, duplicate).
- ``message_rejected(raw, error)``: a malformed frame (``MalformedMessage``); the session
  goes on.
- ``message_received(channel, data)``: subscription data, typed by the venue codec.
- ``handler_failed(channel, error)``: a user handler raised; the dispatcher went on.
- ``venue_error(error)``: the venue reported an error that answers no request (a
  ``VenueError``); the session goes on.

Example:
    >>> seen = []
    >>> owner = object()
    >>> _ = rate_limited.connect(lambda sender, **kw: seen.append(kw["error"]), sender=owner)
    >>> emit(rate_limited, owner, error="refused")
    >>> seen
    ['refused']
"""

from __future__ import annotations

import logging
from typing import Any

from blinker import Namespace, Signal

__all__ = [
    "authenticated",
    "emit",
    "handler_failed",
    "message_dropped",
    "message_received",
    "message_rejected",
    "rate_limited",
    "reconnect_scheduled",
    "state_changed",
    "subscription_quiet",
    "subscription_resumed",
    "subscription_stale",
    "subscriptions_restored",
    "venue_error",
]

logger = logging.getLogger(__name__)

_signals = Namespace()

state_changed = _signals.signal(
    "state_changed", doc="Connection state changed: old, new (ConnectionState), reason (str)."
)
reconnect_scheduled = _signals.signal(
    "reconnect_scheduled", doc="A reconnect attempt is scheduled: attempt (int), delay (s)."
)
authenticated = _signals.signal(
    "authenticated", doc="A private session authenticated: scope (str)."
)
subscriptions_restored = _signals.signal(
    "subscriptions_restored", doc="Subscriptions re-established after reconnect: channels."
)
subscription_stale = _signals.signal(
    "subscription_stale", doc="Data for channels is incomplete: channels, reason."
)
subscription_quiet = _signals.signal(
    "subscription_quiet", doc="No data on watched channels: channels, seconds (float)."
)
subscription_resumed = _signals.signal(
    "subscription_resumed", doc="Data arrived again on channels reported quiet: channels."
)
rate_limited = _signals.signal(
    "rate_limited", doc="A local rate limit refused an operation: error (RateLimitError)."
)
message_dropped = _signals.signal(
    "message_dropped", doc="Messages were discarded: reason (str), count (int)."
)
message_rejected = _signals.signal(
    "message_rejected", doc="A malformed frame was rejected: raw, error (MalformedMessage)."
)
message_received = _signals.signal(
    "message_received", doc="Subscription data arrived: channel (str), data (typed event)."
)
handler_failed = _signals.signal(
    "handler_failed", doc="A user handler raised: channel (str), error (Exception)."
)
venue_error = _signals.signal(
    "venue_error", doc="The venue reported an error answering no request: error (VenueError)."
)


def emit(signal: Signal, sender: Any, **kwargs: Any) -> None:
    """Send ``signal`` from ``sender``, isolating receivers that raise.

    Each receiver runs in turn; an exception from one is logged and the others still
    run. Cheap when nobody listens.

    Example:
        >>> emit(message_dropped, object(), reason="overflow", count=3)
    """
    if not signal.receivers:
        return
    for receiver in signal.receivers_for(sender):
        try:
            receiver(sender, **kwargs)
        except Exception:
            logger.exception("a %s receiver raised; ignored", getattr(signal, "name", "signal"))
