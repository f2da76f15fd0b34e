"""The venue's answers to client messages: ``subscribe`` and ``unsubscribe``.

A change is answered with the whole ``subscriptions`` state, then a snapshot per new
(channel, product). What the venue refuses is answered with ``{"type": "error"}``:
bad JSON, unknown channel or product, a channel the endpoint does not serve (the user
endpoint serves heartbeats, user and futures_balance_summary), a missing or invalid
JWT. Two switches bend the next answer: :attr:`Requests.failures` (an error instead of
a change) and :attr:`Requests.ignored` (the unchanged state, nothing applied).

Example:
    >>> from venues.coinbase.simulator._config import EngineConfig
    >>> venue = Venue(EngineConfig(), wall_clock=lambda: 0)
    >>> conn = venue.open(1, user_endpoint=False, now=0.0)
    >>> [a.frame[:31] for a in Requests(venue).answer(conn, "[]", 0.0)]
    ['{"type":"error","message":"malf']
"""

from __future__ import annotations

import json
import threading
from typing import Any

from venues.coinbase.aliases import usd_twin
from venues.coinbase.endpoints import USER_ENDPOINT_CHANNELS
from venues.coinbase.keys import PRIVATE_CHANNELS, PRODUCTLESS_CHANNELS, PUBLIC_CHANNELS
from venues.coinbase.simulator._snapshots import snapshots
from venues.coinbase.simulator._venue import Action, Conn, Venue
from venues.coinbase.simulator._wire import error_frame
from venues.coinbase.simulator.auth import JwtRejected, verify_jwt
from venues.simulator import Send

__all__ = ["Requests"]


class Requests:
    """Answers client messages on behalf of ``venue``; counts them and the JWTs seen.

    Example:
        >>> from venues.coinbase.simulator._config import EngineConfig
        >>> Requests(Venue(EngineConfig(), wall_clock=lambda: 0)).subscribe_messages
        0
    """

    def __init__(self, venue: Venue) -> None:
        self._venue = venue
        self.failures: list[str] = []
        self.ignored = 0
        self.subscribe_messages = 0
        self.jwts_seen: list[str] = []
        self._counted = threading.Condition()

    def answer(self, conn: Conn, frame: str | bytes, now: float) -> list[Action]:
        """Answer one client message on ``conn``.

        Example:
            >>> # requests.answer(conn, '{"type":"subscribe","channel":"heartbeats"}', now)
        """
        try:
            return self._apply(conn, _parse_request(frame), now)
        except _Refused as refused:
            return [Send(conn.conn_id, error_frame(str(refused)))]

    def wait_for_messages(self, count: int, timeout: float) -> bool:
        """Wait until ``count`` subscribe/unsubscribe messages have arrived in total.

        Example:
            >>> from venues.coinbase.simulator._config import EngineConfig
            >>> Requests(Venue(EngineConfig(), wall_clock=lambda: 0)).wait_for_messages(0, 0.0)
            True
        """
        with self._counted:
            return self._counted.wait_for(lambda: self.subscribe_messages >= count, timeout)

    def _apply(self, conn: Conn, request: dict[str, Any], now: float) -> list[Action]:
        with self._counted:
            self.subscribe_messages += 1
            self._counted.notify_all()
        conn.subscribed_once = True
        if self.failures:
            raise _Refused(self.failures.pop(0))
        if self.ignored:
            self.ignored -= 1
            return self._venue.state(conn)
        channel = self._check_channel(conn, request.get("channel"))
        account = self._check_jwt(channel, request.get("jwt"))
        products = self._check_products(channel, request.get("product_ids"))
        if request["type"] == "unsubscribe":
            _remove(conn, channel, products)
            return self._venue.state(conn)
        if account is not None:
            conn.account = account
        new = _add(conn, channel, products)
        conn.last_data = now
        return [*self._venue.state(conn), *snapshots(self._venue, conn, channel, new)]

    @staticmethod
    def _check_channel(conn: Conn, channel: Any) -> str:
        if channel not in PUBLIC_CHANNELS | PRIVATE_CHANNELS:
            raise _Refused(f"unknown channel {channel!r}")
        if conn.user_endpoint and channel not in USER_ENDPOINT_CHANNELS:
            raise _Refused(f"channel {channel!r} is not served on the user endpoint")
        return str(channel)

    def _check_jwt(self, channel: str, token: Any) -> str | None:
        if token is None:
            if channel in PRIVATE_CHANNELS:
                raise _Refused(f"authentication failure: {channel!r} needs a jwt")
            return None
        self.jwts_seen.append(str(token))
        try:
            return verify_jwt(str(token), self._venue.keys, now=self._venue.now_ns() / 1e9)
        except JwtRejected as exc:
            raise _Refused(f"authentication failure: {exc}") from None

    def _check_products(self, channel: str, products: Any) -> list[str]:
        if channel in PRODUCTLESS_CHANNELS:
            return []
        if products is None:
            return []
        if not isinstance(products, list) or not all(isinstance(p, str) for p in products):
            raise _Refused("product_ids must be a list of strings")
        known = self._venue.products
        for product in products:
            if product not in known and usd_twin(channel, product) not in known:
                raise _Refused(f"failure to subscribe: unknown product_id {product!r}")
        return products


def _parse_request(frame: str | bytes) -> dict[str, Any]:
    try:
        request = json.loads(frame)
    except (ValueError, TypeError):
        raise _Refused("malformed request: not JSON") from None
    if not isinstance(request, dict):
        raise _Refused("malformed request: not an object")
    if request.get("type") not in ("subscribe", "unsubscribe"):
        raise _Refused(f"unknown message type {request.get('type')!r}")
    return request


def _add(conn: Conn, channel: str, products: list[str]) -> list[str | None]:
    if channel in PRODUCTLESS_CHANNELS:
        fresh = channel not in conn.channels
        conn.channels.setdefault(channel, set())
        return [None] if fresh else []
    if not products:
        raise _Refused(f"failure to subscribe: {channel!r} needs product_ids")
    have = conn.channels.setdefault(channel, set())
    new: list[str | None] = [p for p in products if p not in have]
    have.update(products)
    return new


def _remove(conn: Conn, channel: str, products: list[str]) -> None:
    if not products or channel in PRODUCTLESS_CHANNELS:
        conn.channels.pop(channel, None)
        return
    have = conn.channels.get(channel, set())
    have.difference_update(products)
    if not have:
        conn.channels.pop(channel, None)


class _Refused(Exception):
    """A client message the venue answers with an error message."""
