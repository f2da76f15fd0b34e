"""Trading nouns: orders, the user's trades, order results and positions.

``order_id`` and ``trade_id`` are strings (they may carry prefixes such as
``"ETH-584849853"``); ``trade_seq`` is an int. An order's ``price`` is a Decimal or the
string ``"market_price"`` (market and stop-market orders).

Example:
    >>> Order.from_wire({"order_id": "ETH-SLIS-12", "order_state": "untriggered",
    ...     "instrument_name": "ETH-PERPETUAL", "direction": "sell", "amount": 5,
    ...     "price": "market_price"}).price
    'market_price'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import fields

from venues.deribit._wire import Price, fast_loader, register_kind, schema_for

__all__ = ["Order", "OrderResult", "Position", "UserTrade"]


@dataclass(frozen=True, slots=True)
class Order:
    """An order as Deribit reports it (replies and ``user.orders.*``).

    Example:
        >>> order = Order("5", "open", "BTC-PERPETUAL", "buy", Decimal("200"))
        >>> order.is_open
        True
    """

    order_id: str
    order_state: str
    instrument_name: str
    direction: str
    amount: Decimal
    order_type: str | None = None
    original_order_type: str | None = None
    time_in_force: str | None = None
    price: Price | None = None
    contracts: Decimal | None = None
    filled_amount: Decimal | None = None
    average_price: Decimal | None = None
    label: str | None = None
    post_only: bool | None = None
    reject_post_only: bool | None = None
    reduce_only: bool | None = None
    api: bool | None = None
    web: bool | None = None
    creation_timestamp: int | None = None
    last_update_timestamp: int | None = None
    is_liquidation: bool | None = None
    max_show: Decimal | None = None
    replaced: bool | None = None
    triggered: bool | None = None
    trigger: str | None = None
    trigger_price: Decimal | None = None
    cancel_reason: str | None = None
    mmp: bool | None = None
    risk_reducing: bool | None = None

    @property
    def is_open(self) -> bool:
        """True while the order rests in the book (``open`` or ``untriggered``)."""
        return self.order_state in ("open", "untriggered")

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> Order:
        """Build from a wire object without marshmallow (the ``user.orders`` fast path)."""
        return _order(data)


@dataclass(frozen=True, slots=True)
class UserTrade:
    """One of the user's own trades (order replies and ``user.trades.*``).

    Example:
        >>> UserTrade.from_wire({"trade_id": "ETH-1", "trade_seq": 1, "order_id": "ETH-2",
        ...     "instrument_name": "ETH-PERPETUAL", "timestamp": 1, "direction": "buy",
        ...     "price": 203.3, "amount": 40, "fee": 0.00014757}).fee
        Decimal('0.00014757')
    """

    trade_id: str
    trade_seq: int
    order_id: str
    instrument_name: str
    timestamp: int
    direction: str
    price: Decimal
    amount: Decimal
    contracts: Decimal | None = None
    index_price: Decimal | None = None
    mark_price: Decimal | None = None
    tick_direction: int | None = None
    liquidity: str | None = None
    fee: Decimal | None = None
    fee_currency: str | None = None
    state: str | None = None
    order_type: str | None = None
    post_only: bool | None = None
    reduce_only: bool | None = None
    label: str | None = None
    profit_loss: Decimal | None = None
    api: bool | None = None

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> UserTrade:
        """Build from a wire object without marshmallow."""
        return _user_trade(data)


_order = fast_loader(Order)
_user_trade = fast_loader(UserTrade)
register_kind("Order", _order, lambda **kw: fields.Nested(schema_for(Order), **kw))


def _user_trades(value: Any) -> tuple[UserTrade, ...]:
    return tuple(_user_trade(trade) for trade in value)


register_kind(
    "tuple[UserTrade, ...]",
    _user_trades,
    lambda **kw: fields.Function(deserialize=_user_trades, **kw),
)


@dataclass(frozen=True, slots=True)
class OrderResult:
    """What ``private/buy``, ``private/sell`` and ``private/edit`` return.

    Example:
        >>> OrderResult(Order("1", "open", "X", "buy", Decimal("10")), ()).order.order_id
        '1'
    """

    order: Order
    trades: tuple[UserTrade, ...]


@dataclass(frozen=True, slots=True)
class Position:
    """A position (``private/get_position``, ``private/get_positions``).

    Example:
        >>> Position.from_wire({"instrument_name": "BTC-PERPETUAL", "kind": "future",
        ...     "direction": "buy", "size": 20}).size
        Decimal('20')
    """

    instrument_name: str
    kind: str
    direction: str
    size: Decimal
    size_currency: Decimal | None = None
    average_price: Decimal | None = None
    mark_price: Decimal | None = None
    index_price: Decimal | None = None
    settlement_price: Decimal | None = None
    floating_profit_loss: Decimal | None = None
    realized_profit_loss: Decimal | None = None
    total_profit_loss: Decimal | None = None
    initial_margin: Decimal | None = None
    maintenance_margin: Decimal | None = None
    open_orders_margin: Decimal | None = None
    leverage: int | None = None
    delta: Decimal | None = None
    estimated_liquidation_price: Decimal | None = None
    interest_value: Decimal | None = None
    realized_funding: Decimal | None = None

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> Position:
        """Build from a wire object without marshmallow."""
        return _position(data)


_position = fast_loader(Position)


@dataclass(frozen=True, slots=True)
class UserChanges:
    """A ``user.changes.*`` notification: one instrument's orders, trades and position
    as one change of the account, in a single message.

    Example:
        >>> changes = UserChanges.from_wire({"instrument_name": "BTC-PERPETUAL",
        ...     "orders": [], "trades": [], "positions": [{"instrument_name": "BTC-PERPETUAL",
        ...     "kind": "future", "direction": "zero", "size": 0}]})
        >>> changes.positions[0].direction, changes.orders
        ('zero', ())
    """

    instrument_name: str
    orders: tuple[Order, ...]
    trades: tuple[UserTrade, ...]
    positions: tuple[Position, ...]

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> UserChanges:
        """Build from a wire object without marshmallow.

        Raises:
            KeyError, TypeError: a member is missing or is not what the venue documents.
        """
        name = data["instrument_name"]
        if type(name) is not str:
            raise TypeError("instrument_name must be a string")
        return cls(
            name,
            tuple(Order.from_wire(item) for item in _objects(data, "orders")),
            tuple(UserTrade.from_wire(item) for item in _objects(data, "trades")),
            tuple(Position.from_wire(item) for item in _objects(data, "positions")),
        )


def _objects(data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    items = data.get(name) or []
    if type(items) is not list or not all(isinstance(item, dict) for item in items):
        raise TypeError(f"{name} must be an array of objects")
    return items
