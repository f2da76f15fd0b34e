"""Subscription notifications: market data after each tick, user channels after each change.

Rules (``venues/deribit.md`` 1.5, 1.8, 1.9):

1. ``book.{instrument}.{interval}``: a ``snapshot`` right after subscribing (levels as
   ``["new", price, amount]``), then one ``change`` per publication, whose
   ``prev_change_id`` is the previous notification's ``change_id``, unless changes were
   withheld (``BookGaps``, the ``skip_book_changes`` fault): those advance the book and its
   ``change_id`` but reach no subscriber.
2. ``trades.*`` data is always an array; ``ticker.*`` the ticker record;
   ``deribit_price_index.{index}`` ``{index_name, price, timestamp}``. Tickers and indices go
   out once per market step.
3. ``user.orders.*.raw``: one notification per order (a single object); other intervals: one
   array. ``user.trades.*``: an array. ``user.changes.*``: ``{instrument_name, orders,
   trades, positions}`` per instrument. ``user.portfolio.{currency}``: the account summary.
   Private notifications carry the ``label`` given to ``private/subscribe``, if any.

Example:
    >>> from venues.deribit.simulator._book import BookChange
    >>> change = BookChange(7, 8, [["delete", 1.0, 0.0]], [])
    >>> book_change_data("BTC-PERPETUAL", change, 5)["prev_change_id"]
    7
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from venues.deribit.simulator._book import BookChange
from venues.deribit.simulator._channels import Channel
from venues.deribit.simulator._envelope import notification_frame
from venues.deribit.simulator._fills import Update
from venues.deribit.simulator._quotes import PublicTrade
from venues.deribit.simulator._world import Connection, Outgoing, World

__all__ = ["MarketTick", "book_change_data", "book_snapshot", "user_frames"]


def book_snapshot(world: World, instrument: str, now_ms: int) -> dict[str, Any]:
    """The ``snapshot`` notification data: the last published book and its ``change_id``.

    Example:
        >>> from venues.deribit.simulator._config import SimulatorConfig
        >>> world = World(SimulatorConfig(accounts={}, market_data_rate=0.0))
        >>> book_snapshot(world, "BTC-PERPETUAL", 1)["type"]
        'snapshot'
    """
    book = world.market.quotes(instrument).book
    return {
        "type": "snapshot",
        "timestamp": now_ms,
        "instrument_name": instrument,
        "change_id": book.change_id,
        "bids": [["new", p, a] for p, a in book.published("bids").items()],
        "asks": [["new", p, a] for p, a in book.published("asks").items()],
    }


def book_change_data(instrument: str, change: BookChange, now_ms: int) -> dict[str, Any]:
    """The ``change`` notification data.

    Example: see the module docstring.
    """
    return {
        "type": "change",
        "timestamp": now_ms,
        "prev_change_id": change.prev_change_id,
        "instrument_name": instrument,
        "change_id": change.change_id,
        "bids": change.bids,
        "asks": change.asks,
    }


class MarketTick:
    """What one tick publishes on public channels.

    Example:
        >>> from venues.deribit.simulator._config import SimulatorConfig
        >>> world = World(SimulatorConfig(accounts={}, market_data_rate=0.0))
        >>> MarketTick(world, stepped=False, now=1.0).frames()
        []
    """

    def __init__(self, world: World, *, stepped: bool, now: float) -> None:
        self._world = world
        self._now_ms = int(now * 1000)
        self._stepped = stepped
        self._changes: dict[str, BookChange] = {}
        self._trades: dict[str, list[PublicTrade]] = {}
        for instrument in world.market.instruments:
            quotes = world.market.quotes(instrument.name)
            if quotes.book.dirty():
                change = quotes.book.publish()
                if not world.book_gaps.withhold(instrument.name):
                    self._changes[instrument.name] = change
            self._trades[instrument.name], quotes.pending_trades = quotes.pending_trades, []

    def frames(self) -> list[Outgoing]:
        """Notifications for every connection's public subscriptions.

        Example: see the class docstring.
        """
        out: list[Outgoing] = []
        for conn in self._world.connections.values():
            if conn.closing:
                continue
            for channel, _label in conn.subscriptions.values():
                data = self._data(channel)
                if data is not None:
                    out.append(Outgoing(conn.conn_id, notification_frame(channel.name, data)))
        return out

    def _data(self, channel: Channel) -> Any:
        family = channel.family
        if family == "book" and channel.instrument in self._changes:
            return book_change_data(
                channel.instrument, self._changes[channel.instrument], self._now_ms
            )
        if family == "trades":
            trades = [
                t.to_wire()
                for name, ts in self._trades.items()
                if _covers(self._world, channel, name)
                for t in ts
            ]
            return trades or None
        if not self._stepped:
            return None
        if family == "ticker":
            return self._world.market.quotes(channel.instrument).ticker(self._now_ms)
        if family == "deribit_price_index":
            price = self._world.market.indices[channel.index_name]
            return {"index_name": channel.index_name, "price": price, "timestamp": self._now_ms}
        return None


def user_frames(world: World, updates: Iterable[Update], now: float) -> list[Outgoing]:
    """Private notifications for ``updates`` on their accounts' connections.

    Example:
        >>> from venues.deribit.simulator._config import SimulatorConfig
        >>> user_frames(World(SimulatorConfig(accounts={})), [], 0.0)
        []
    """
    by_account: dict[str, list[Update]] = {}
    for update in updates:
        by_account.setdefault(update.account, []).append(update)
    out: list[Outgoing] = []
    for account, mine in by_account.items():
        for conn in world.account_connections(account):
            out += _connection_frames(world, conn, mine)
    return out


def _connection_frames(world: World, conn: Connection, updates: list[Update]) -> list[Outgoing]:
    out: list[Outgoing] = []
    for channel, label in conn.subscriptions.values():
        if not channel.private:
            continue
        for data in _user_data(world, conn.account, channel, updates):
            out.append(Outgoing(conn.conn_id, notification_frame(channel.name, data, label)))
    return out


def _user_data(world: World, account: str, channel: Channel, updates: list[Update]) -> list[Any]:
    mine = [u for u in updates if _covers(world, channel, u.order.instrument_name)]
    if channel.family == "user.portfolio":
        return _portfolio(world, account, channel, updates)
    if not mine:
        return []
    if channel.family == "user.orders":
        orders = [u.order.to_wire() for u in mine]
        return orders if channel.raw else [orders]
    if channel.family == "user.trades":
        trades = [t.to_wire() for u in mine for t in u.trades]
        return [trades] if trades else []
    return _changes(world, account, mine)


def _changes(world: World, account: str, updates: list[Update]) -> list[Any]:
    names = list(dict.fromkeys(u.order.instrument_name for u in updates))
    out = []
    for name in names:
        these = [u for u in updates if u.order.instrument_name == name]
        quotes = world.market.quotes(name)
        out.append({
            "instrument_name": name,
            "orders": [u.order.to_wire() for u in these],
            "trades": [t.to_wire() for u in these for t in u.trades],
            "positions": [world.ledger.position_wire(account, quotes)],
        })  # fmt: skip
    return out


def _portfolio(world: World, account: str, channel: Channel, updates: list[Update]) -> list[Any]:
    currencies = {world.market.quotes(u.order.instrument_name).instrument.currency for u in updates}
    wanted = sorted(c for c in currencies if channel.currency in ("any", c))
    return [
        world.accounts.summary(account, c, account_id=world.account_id(account)) for c in wanted
    ]


def _covers(world: World, channel: Channel, instrument: str) -> bool:
    spec = world.market.quotes(instrument).instrument
    return channel.covers(instrument, spec.kind, spec.currency)
