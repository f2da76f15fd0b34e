"""Orders and user trades, and their wire records.

Field names and types follow ``venues/deribit.md`` 1.4 (order object, user trade) and the
examples in 1.9: ``order_id``/``trade_id`` strings, prices and amounts JSON numbers,
timestamps integer milliseconds, ``price`` the string ``"market_price"`` for an untriggered
stop-market order.

Example:
    >>> order = Order("5", "acc", 1, "BTC-PERPETUAL", "buy", "limit", 50_000.0, 100.0, 10.0, 7)
    >>> wire = order.to_wire()
    >>> wire["order_state"], wire["contracts"], wire["filled_amount"]
    ('open', 10.0, 0.0)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from venues.deribit.simulator._book import q

__all__ = ["Order", "UserTrade"]


@dataclass(frozen=True, slots=True)
class Order:
    """One order; changes produce a new value (:meth:`evolve`).

    ``price`` is ``None`` for an untriggered stop-market order; ``conn_id`` is the
    connection that created it (cancel-on-disconnect cancels per connection).

    Example:
        >>> Order("5", "a", 1, "X", "sell", "limit", 1.0, 10.0, 1.0, 0).is_open
        True
    """

    order_id: str
    account: str
    conn_id: int
    instrument_name: str
    direction: str
    order_type: str
    price: float | None
    amount: float
    contract_size: float
    creation_timestamp: int
    last_update_timestamp: int = 0
    order_state: str = "open"
    time_in_force: str = "good_til_cancelled"
    filled_amount: float = 0.0
    average_price: float = 0.0
    label: str = ""
    post_only: bool = False
    reject_post_only: bool = False
    reduce_only: bool = False
    replaced: bool = False
    original_order_type: str = ""
    cancel_reason: str = ""
    trigger: str = ""
    trigger_price: float | None = None
    trigger_offset: float | None = None
    triggered: bool | None = None

    @property
    def is_open(self) -> bool:
        """Whether the order still works (``open`` or ``untriggered``).

        Example:
            >>> order = Order("5", "a", 1, "X", "buy", "limit", 1.0, 1.0, 1.0, 0)
            >>> order.is_open, order.evolve(order_state="filled").is_open
            (True, False)
        """
        return self.order_state in ("open", "untriggered")

    @property
    def remaining(self) -> float:
        """Amount not filled yet.

        Example:
            >>> order = Order("5", "a", 1, "X", "buy", "limit", 1.0, 10.0, 1.0, 0)
            >>> order.evolve(filled_amount=4.0).remaining
            6.0
        """
        return q(self.amount - self.filled_amount)

    @property
    def is_trigger(self) -> bool:
        """Whether this is a stop/take/trailing order.

        Example:
            >>> Order("5", "a", 1, "X", "buy", "stop_market", None, 1.0, 1.0, 0).is_trigger
            True
        """
        return self.trigger_price is not None or self.order_type.startswith(
            ("stop", "take", "trail")
        )

    def evolve(self, **changes: Any) -> Order:
        """A copy with ``changes`` applied.

        Example:
            >>> Order("5", "a", 1, "X", "buy", "limit", 1.0, 1.0, 1.0, 0).evolve(label="x").label
            'x'
        """
        return dataclasses.replace(self, **changes)

    def fill(self, price: float, amount: float, now_ms: int) -> Order:
        """The order after a fill of ``amount`` at ``price``.

        Example:
            >>> o = Order("5", "a", 1, "X", "buy", "limit", 2.0, 2.0, 1.0, 0).fill(2.0, 2.0, 9)
            >>> o.order_state, o.average_price, o.last_update_timestamp
            ('filled', 2.0, 9)
        """
        filled = q(self.filled_amount + amount)
        average = q((self.average_price * self.filled_amount + price * amount) / filled)
        state = "filled" if filled >= self.amount else self.order_state
        return self.evolve(
            filled_amount=filled,
            average_price=average,
            order_state=state,
            last_update_timestamp=now_ms,
        )

    def to_wire(self) -> dict[str, Any]:
        """The order object.

        Example:
            >>> Order("5", "a", 1, "X", "buy", "stop_market", None, 1.0, 1.0, 0).to_wire()["price"]
            'market_price'
        """
        wire: dict[str, Any] = {
            "web": False,
            "time_in_force": self.time_in_force,
            "replaced": self.replaced,
            "reduce_only": self.reduce_only,
            "price": "market_price" if self.price is None else self.price,
            "post_only": self.post_only,
            "reject_post_only": self.reject_post_only,
            "order_type": self.order_type,
            "order_state": self.order_state,
            "order_id": self.order_id,
            "max_show": self.amount,
            "last_update_timestamp": self.last_update_timestamp or self.creation_timestamp,
            "label": self.label,
            "is_rebalance": False,
            "is_liquidation": False,
            "instrument_name": self.instrument_name,
            "filled_amount": self.filled_amount,
            "direction": self.direction,
            "creation_timestamp": self.creation_timestamp,
            "average_price": self.average_price,
            "api": True,
            "amount": self.amount,
            "contracts": q(self.amount / self.contract_size),
            "mmp": False,
            "risk_reducing": False,
        }
        return wire | self._optional_fields()

    def _optional_fields(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.original_order_type:
            extra["original_order_type"] = self.original_order_type
        if self.cancel_reason:
            extra["cancel_reason"] = self.cancel_reason
        if self.trigger:
            extra |= {"trigger": self.trigger, "triggered": bool(self.triggered)}
            extra["trigger_price"] = self.trigger_price
        if self.trigger_offset is not None:
            extra["trigger_offset"] = self.trigger_offset
        return extra


@dataclass(frozen=True, slots=True)
class UserTrade:
    """One execution of the account's order, as ``private/buy`` and ``user.trades.*`` show it.

    Example:
        >>> t = UserTrade("48000001", 30000001, "5", "BTC-PERPETUAL", 1, "buy", 2.0, 10.0, 1.0,
        ...               2.0, 2.0, 0, "T", 0.0001, "BTC", "filled", "limit")
        >>> t.to_wire()["liquidity"], t.to_wire()["matching_id"]
        ('T', None)
    """

    trade_id: str
    trade_seq: int
    order_id: str
    instrument_name: str
    timestamp: int
    direction: str
    price: float
    amount: float
    contracts: float
    index_price: float
    mark_price: float
    tick_direction: int
    liquidity: str
    fee: float
    fee_currency: str
    state: str
    order_type: str
    post_only: bool = False
    reduce_only: bool = False
    label: str = ""
    profit_loss: float = 0.0

    def to_wire(self) -> dict[str, Any]:
        """The user trade record.

        Example:
            >>> UserTrade("1", 1, "5", "X", 1, "sell", 1.0, 1.0, 1.0, 1.0, 1.0, 2, "M", 0.0,
            ...           "BTC", "open", "limit").to_wire()["state"]
            'open'
        """
        return {
            "trade_seq": self.trade_seq,
            "trade_id": self.trade_id,
            "timestamp": self.timestamp,
            "tick_direction": self.tick_direction,
            "state": self.state,
            "reduce_only": self.reduce_only,
            "price": self.price,
            "post_only": self.post_only,
            "order_type": self.order_type,
            "order_id": self.order_id,
            "matching_id": None,
            "mark_price": self.mark_price,
            "liquidity": self.liquidity,
            "label": self.label,
            "instrument_name": self.instrument_name,
            "index_price": self.index_price,
            "fee_currency": self.fee_currency,
            "fee": self.fee,
            "direction": self.direction,
            "amount": self.amount,
            "contracts": self.contracts,
            "profit_loss": self.profit_loss,
            "api": True,
            "mmp": False,
            "risk_reducing": False,
        }
