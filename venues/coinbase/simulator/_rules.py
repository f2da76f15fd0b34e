"""The venue's time rules: connections it closes.

A connection that sends no subscribe within ``subscribe_window`` seconds is closed,
and so is one whose subscriptions saw no data for ``idle_timeout`` seconds while not
subscribed to heartbeats.

Example:
    >>> from venues.coinbase.simulator._config import EngineConfig
    >>> venue = Venue(EngineConfig(subscribe_window=5.0), wall_clock=lambda: 0)
    >>> conn = venue.open(1, user_endpoint=False, now=0.0)
    >>> closures(venue, 4.0), [a.reason for a in closures(venue, 5.0)]
    ([], ['no subscribe within the subscribe window'])
"""

from __future__ import annotations

from venues.coinbase.simulator._venue import Action, Conn, Venue
from venues.simulator import Close

__all__ = ["closures"]


def closures(venue: Venue, now: float) -> list[Action]:
    """Close (and forget) every connection a time rule ends at ``now``.

    Example:
        >>> from venues.coinbase.simulator._config import EngineConfig
        >>> closures(Venue(EngineConfig(), wall_clock=lambda: 0), 100.0)
        []
    """
    actions: list[Action] = []
    for conn in list(venue.conns.values()):
        reason = _close_reason(venue, conn, now)
        if reason:
            venue.conns.pop(conn.conn_id)
            actions.append(Close(conn.conn_id, 1000, reason))
    return actions


def _close_reason(venue: Venue, conn: Conn, now: float) -> str:
    window = venue.config.subscribe_window
    if window is not None and not conn.subscribed_once and now - conn.opened_at >= window:
        return "no subscribe within the subscribe window"
    idle = venue.config.idle_timeout
    quiet = conn.channels and "heartbeats" not in conn.channels
    if idle is not None and quiet and now - conn.last_data >= idle:
        return "idle: no updates and no heartbeats"
    return ""
