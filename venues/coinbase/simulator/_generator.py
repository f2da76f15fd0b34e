"""The data the venue generates on ``tick``, seeded.

Book updates and trades (with tickers) at ``updates_per_second`` per product,
heartbeats every ``heartbeat_interval``, candles every ``candles_interval``, ticker
batches, status, balances, and user order changes at ``user_updates_per_second``.
With ``batch_products`` one message per channel carries the events of every product
of a round (the venue may batch products in one message).

Example:
    >>> from venues.coinbase.simulator._config import EngineConfig
    >>> DataGenerator(Venue(EngineConfig(), wall_clock=lambda: 0)).tick(0.5, 0.5)
    []
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from venues.coinbase.keys import WIRE_NAMES
from venues.coinbase.simulator._venue import Action, Conn, Venue
from venues.coinbase.simulator._wire import rfc3339

__all__ = ["DataGenerator"]

_Outbox = list[tuple[Conn, str, dict[str, Any]]]


class DataGenerator:
    """Generates the venue's data for its subscribers, tick by tick.

    Example:
        >>> from venues.coinbase.simulator._config import EngineConfig
        >>> DataGenerator(Venue(EngineConfig(), wall_clock=lambda: 0)).tick(0.0, 0.0)
        []
    """

    def __init__(self, venue: Venue) -> None:
        self._venue = venue
        self._due: dict[str, float] = {}
        self._credit = 0.0
        self._user_credit = 0.0

    def tick(self, elapsed: float, now: float) -> list[Action]:
        """Everything due after ``elapsed`` seconds, at ``now``.

        Example:
            >>> # generator.tick(0.01, now)
        """
        actions = self._market_flow(elapsed, now)
        actions += self._periodic(now)
        actions += self._user_flow(elapsed, now)
        return actions

    def to_user(self, account: str, order: dict[str, Any]) -> list[Action]:
        """An order update to the ``user`` subscribers of ``account``.

        Example:
            >>> from venues.coinbase.simulator._config import EngineConfig
            >>> DataGenerator(Venue(EngineConfig(), wall_clock=lambda: 0)).to_user("k", {})
            []
        """
        venue = self._venue
        actions: list[Action] = []
        event = {"type": "update", "orders": [order], "positions": venue.accounts.positions()}
        for conn in venue.subscribers("user"):
            if conn.account == account:
                actions += venue.send(conn, "user", [event])
        return actions

    # -- market data ------------------------------------------------------------------

    def _market_flow(self, elapsed: float, now: float) -> list[Action]:
        self._credit += elapsed * self._venue.config.updates_per_second
        actions: list[Action] = []
        while self._credit >= 1.0:
            self._credit -= 1.0
            actions += self._market_round(now)
        return actions

    def _market_round(self, now: float) -> list[Action]:
        venue = self._venue
        when = rfc3339(venue.now_ns())
        outbox: _Outbox = []
        for product in venue.config.products:
            outbox += self._market_events(product, when, now)
        if not venue.config.batch_products:
            return [a for conn, wire, event in outbox for a in venue.send(conn, wire, [event])]
        batches: dict[tuple[int, str], tuple[Conn, list[dict[str, Any]]]] = {}
        for conn, wire, event in outbox:
            batches.setdefault((conn.conn_id, wire), (conn, []))[1].append(event)
        return [
            a for (_, wire), (conn, evs) in batches.items() for a in venue.send(conn, wire, evs)
        ]

    def _market_events(self, product: str, when: str, now: float) -> _Outbox:
        market = self._venue.market
        # Always drawn in this order, subscribers or not: the data depend on the seed only.
        generated = (
            ("level2", market.level2_update(product, when)),
            ("market_trades", {"type": "update", "trades": [market.trade(product, when)]}),
            ("ticker", {"type": "update", "tickers": [market.ticker(product)]}),
        )
        out: _Outbox = []
        for channel, event in generated:
            for conn in self._venue.subscribers(channel, product):
                conn.last_data = now
                out.append((conn, WIRE_NAMES[channel], event))
        return out

    # -- on intervals -----------------------------------------------------------------

    def _due_now(self, name: str, interval: float, now: float) -> bool:
        due = self._due.setdefault(name, now + interval)
        if now < due:
            return False
        self._due[name] = now + interval
        return True

    def _periodic(self, now: float) -> list[Action]:
        cfg = self._venue.config
        actions: list[Action] = []
        if self._due_now("heartbeats", cfg.heartbeat_interval, now):
            actions += self._heartbeats()
        if self._due_now("candles", cfg.candles_interval, now):
            actions += self._per_product("candles", now, self._candles_event)
        if self._due_now("ticker_batch", cfg.ticker_batch_interval, now):
            actions += self._per_product("ticker_batch", now, self._ticker_batch_event)
        if self._due_now("status", cfg.status_interval, now):
            actions += self._per_product("status", now, self._status_event)
        if self._due_now("balance", cfg.balance_interval, now):
            actions += self._balances(now)
        return actions

    def _heartbeats(self) -> list[Action]:
        venue = self._venue
        actions: list[Action] = []
        for conn in venue.subscribers("heartbeats"):
            conn.heartbeat_counter += 1
            wall = venue.now_ns()
            seconds, nanos = divmod(wall, 1_000_000_000)
            stamp = rfc3339(wall)[:19].replace("T", " ")
            current = f"{stamp}.{nanos:09d} +0000 UTC m=+{seconds % 100000}.000000001"
            event = {"current_time": current, "heartbeat_counter": str(conn.heartbeat_counter)}
            actions += venue.send(conn, "heartbeats", [event])
        return actions

    def _per_product(
        self, channel: str, now: float, build: Callable[[str], dict[str, Any]]
    ) -> list[Action]:
        venue = self._venue
        actions: list[Action] = []
        for product in venue.config.products:
            subscribers = venue.subscribers(channel, product)
            if not subscribers:
                continue
            event = build(product)
            for conn in subscribers:
                conn.last_data = now
                actions += venue.send(conn, channel, [event])
        return actions

    def _candles_event(self, product: str) -> dict[str, Any]:
        candle = self._venue.market.candle(product, self._venue.now_ns() // 1_000_000_000)
        return {"type": "update", "candles": [candle]}

    def _ticker_batch_event(self, product: str) -> dict[str, Any]:
        return {"type": "update", "tickers": [self._venue.market.ticker(product)]}

    def _status_event(self, product: str) -> dict[str, Any]:
        return {"type": "update", "products": [self._venue.market.status(product)]}

    def _balances(self, now: float) -> list[Action]:
        venue = self._venue
        actions: list[Action] = []
        for conn in venue.subscribers("futures_balance_summary"):
            conn.last_data = now
            event = {"type": "update", "fcm_balance_summary": venue.accounts.balance_summary()}
            actions += venue.send(conn, "futures_balance_summary", [event])
        return actions

    # -- user orders ------------------------------------------------------------------

    def _user_flow(self, elapsed: float, now: float) -> list[Action]:
        venue = self._venue
        self._user_credit += elapsed * venue.config.user_updates_per_second
        actions: list[Action] = []
        while self._user_credit >= 1.0:
            self._user_credit -= 1.0
            accounts = {c.account for c in venue.subscribers("user") if c.account}
            for account in sorted(accounts):
                when = rfc3339(venue.now_ns())
                order = venue.accounts.step(account, venue.config.products, when)
                actions += self.to_user(account, order)
        return actions
