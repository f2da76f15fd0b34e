"""The WebSocket API engine's rate limits: request weight per IP, orders per account.

``REQUEST_WEIGHT`` counts every request and connection of the simulator (one IP);
``ORDERS`` counts each account's new orders per 10 s and per day. Over the weight
limit the venue answers 429 with ``retryAfter``; a client that keeps sending before
then is banned: 418 until ``ban_seconds`` later, and its connection is closed.
Replies carry ``rateLimits`` unless the request or the connection turned them off.

Example:
    >>> throttle = Throttle(ApiLimits(weight_per_minute=3))
    >>> throttle.admit(1, 7, weight=2, now_ms=0)
    []
    >>> '"status":429' in throttle.admit(1, 8, weight=2, now_ms=1)[0].frame
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from venues.binance.spot.simulator.api_limits import ApiLimits, WindowCounter
from venues.binance.spot.simulator.api_params import ApiReject
from venues.binance.spot.simulator.api_replies import dumps, error_body
from venues.binance.spot.simulator.api_session import ApiConnection
from venues.simulator import Action, Close, Send

__all__ = ["Throttle"]


class Throttle:
    """Weight and order counters plus the ban state of the simulated venue.

    Example:
        >>> Throttle(ApiLimits()).weight.limit
        6000
    """

    def __init__(self, limits: ApiLimits) -> None:
        self.limits = limits
        self.weight = WindowCounter("REQUEST_WEIGHT", "MINUTE", 1, limits.weight_per_minute)
        self._orders: dict[str, tuple[WindowCounter, WindowCounter]] = {}
        self._warned_until = 0
        self._banned_until = 0

    def connect(self, now_ms: int) -> None:
        """Opening a connection costs weight."""
        self.weight.add(now_ms, self.limits.connect_weight)

    def admit(self, conn_id: int, request_id: Any, weight: int, now_ms: int) -> list[Action]:
        """Count a request's weight; the refusal to send instead, if it is refused."""
        if now_ms < self._banned_until:
            return self._banned(conn_id, request_id, now_ms)
        if not self.weight.fits(now_ms, weight):
            return self._over_weight(conn_id, request_id, now_ms)
        self.weight.add(now_ms, weight)
        return []

    def count_order(self, api_key: str, now_ms: int) -> None:
        """Refuse (429, -1015) or count one more unfilled order for ``api_key``."""
        for counter in self._orders_of(api_key):
            if not counter.fits(now_ms, 1):
                limit = f"{counter.limit} orders per {counter.interval_num} {counter.interval}"
                retry = {"serverTime": now_ms, "retryAfter": counter.reset_at(now_ms)}
                message = f"Too many new orders; current limit is {limit}."
                raise ApiReject(-1015, message, 429, retry)
        for counter in self._orders_of(api_key):
            counter.add(now_ms, 1)

    def add_rate_limits(
        self,
        reply: dict[str, Any],
        conn: ApiConnection,
        method: str,
        params: Mapping[str, Any],
        now_ms: int,
    ) -> None:
        """Add ``rateLimits`` to ``reply`` unless the request or connection turned them off."""
        wanted = params.get("returnRateLimits", conn.return_rate_limits)
        if wanted is False:
            return
        entries = []
        api_key = params.get("apiKey") or conn.api_key
        if method == "order.place" and isinstance(api_key, str) and api_key in self._orders:
            entries = [counter.entry(now_ms) for counter in self._orders[api_key]]
        reply["rateLimits"] = [*entries, self.weight.entry(now_ms)]

    def _orders_of(self, api_key: str) -> tuple[WindowCounter, WindowCounter]:
        if api_key not in self._orders:
            self._orders[api_key] = (
                WindowCounter("ORDERS", "SECOND", 10, self.limits.orders_per_10_seconds),
                WindowCounter("ORDERS", "DAY", 1, self.limits.orders_per_day),
            )
        return self._orders[api_key]

    def _over_weight(self, conn_id: int, request_id: Any, now_ms: int) -> list[Action]:
        if now_ms < self._warned_until:
            self._banned_until = now_ms + int(self.limits.ban_seconds * 1000)
            return self._banned(conn_id, request_id, now_ms)
        self._warned_until = self.weight.reset_at(now_ms)
        limit = self.weight.limit
        message = (
            f"Too much request weight used; current limit is {limit} request weight per "
            "1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API."
        )
        data = {"serverTime": now_ms, "retryAfter": self._warned_until}
        reply = error_body(ApiReject(-1003, message, 429, data))
        reply.update(id=request_id, rateLimits=[self.weight.entry(now_ms)])
        return [Send(conn_id, dumps(reply))]

    def _banned(self, conn_id: int, request_id: Any, now_ms: int) -> list[Action]:
        until = self._banned_until
        message = (
            f"Way too much request weight used; IP banned until {until}. "
            "Please use WebSocket Streams for live updates to avoid bans."
        )
        data = {"serverTime": now_ms, "retryAfter": until}
        reply = error_body(ApiReject(-1003, message, 418, data))
        reply["id"] = request_id
        return [Send(conn_id, dumps(reply)), Close(conn_id, 1008, "IP banned")]
