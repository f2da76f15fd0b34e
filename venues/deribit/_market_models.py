"""Market-data nouns: public trades, books, tickers, index prices, instruments.

Field names are Deribit's. Prices and amounts are exact :class:`~decimal.Decimal`;
timestamps are integer milliseconds. Optional fields the venue omits are ``None``.

Example:
    >>> PriceIndex.from_wire({"index_name": "btc_usd", "price": 3937.89, "timestamp": 1})
    PriceIndex(index_name='btc_usd', price=Decimal('3937.89'), timestamp=1)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import fields

from venues.deribit._wire import dec, fast_loader, register_kind, schema_for

__all__ = [
    "BookChange",
    "BookLevel",
    "BookLevelChange",
    "Instrument",
    "OrderBook",
    "PriceIndex",
    "Ticker",
    "TickerStats",
    "Trade",
]


@dataclass(frozen=True, slots=True)
class Trade:
    """One public trade (``trades.*`` channels carry a tuple of them).

    Example:
        >>> Trade.from_wire({"trade_id": "1", "trade_seq": 2, "instrument_name": "X",
        ...                  "timestamp": 3, "direction": "buy", "price": 1, "amount": 10}).amount
        Decimal('10')
    """

    trade_id: str
    trade_seq: int
    instrument_name: str
    timestamp: int
    direction: str
    price: Decimal
    amount: Decimal
    tick_direction: int | None = None
    mark_price: Decimal | None = None
    index_price: Decimal | None = None
    contracts: Decimal | None = None
    iv: Decimal | None = None
    liquidation: str | None = None
    block_trade_id: str | None = None

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> Trade:
        """Build from a wire object without marshmallow (the market-data fast path)."""
        return _trade(data)


@dataclass(frozen=True, slots=True)
class PriceIndex:
    """A ``deribit_price_index.{index_name}`` update.

    Example:
        >>> PriceIndex("btc_usd", Decimal("1"), 5).index_name
        'btc_usd'
    """

    index_name: str
    price: Decimal
    timestamp: int

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> PriceIndex:
        """Build from a wire object without marshmallow."""
        return _price_index(data)


@dataclass(frozen=True, slots=True)
class TickerStats:
    """The ``stats`` member of tickers and books (24 h figures).

    Example:
        >>> TickerStats(volume=Decimal("5")).volume
        Decimal('5')
    """

    high: Decimal | None = None
    low: Decimal | None = None
    volume: Decimal | None = None
    price_change: Decimal | None = None
    volume_usd: Decimal | None = None


_stats = fast_loader(TickerStats)
register_kind("TickerStats", _stats, lambda **kw: fields.Nested(schema_for(TickerStats), **kw))


@dataclass(frozen=True, slots=True)
class Ticker:
    """A ticker (``public/ticker`` and ``ticker.{instrument}.{interval}``).

    Example:
        >>> Ticker.from_wire({"instrument_name": "X", "timestamp": 1,
        ...                   "best_bid_price": 10.5}).best_bid_price
        Decimal('10.5')
    """

    instrument_name: str
    timestamp: int
    state: str | None = None
    best_bid_price: Decimal | None = None
    best_bid_amount: Decimal | None = None
    best_ask_price: Decimal | None = None
    best_ask_amount: Decimal | None = None
    last_price: Decimal | None = None
    mark_price: Decimal | None = None
    index_price: Decimal | None = None
    settlement_price: Decimal | None = None
    open_interest: Decimal | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    current_funding: Decimal | None = None
    funding_8h: Decimal | None = None
    mark_iv: Decimal | None = None
    underlying_price: Decimal | None = None
    stats: TickerStats | None = None

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> Ticker:
        """Build from a wire object without marshmallow."""
        return _ticker(data)


@dataclass(frozen=True, slots=True)
class BookLevel:
    """One ``[price, amount]`` level of a book snapshot.

    Example:
        >>> BookLevel(Decimal("5042.34"), Decimal("30")).price
        Decimal('5042.34')
    """

    price: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class BookLevelChange:
    """One ``[action, price, amount]`` entry of a book notification.

    ``new`` and ``change`` set the level to ``amount`` (absolute); ``delete`` removes it.

    Example:
        >>> BookLevelChange("delete", Decimal("5041.94"), Decimal("0")).action
        'delete'
    """

    action: str
    price: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class BookChange:
    """A ``book.*`` notification: a snapshot, then changes chained by ``prev_change_id``.

    Apply a change only if its ``prev_change_id`` equals the last ``change_id`` seen;
    on a gap, re-subscribe for a fresh snapshot. Grouped channels
    (``book.{inst}.{group}.{depth}.{interval}``) send full snapshots without ``type``:
    they come as ``type="snapshot"`` with every level ``new``.

    Example:
        >>> change = BookChange.from_wire({"type": "change", "timestamp": 1,
        ...     "instrument_name": "X", "prev_change_id": 1, "change_id": 2,
        ...     "bids": [["delete", 10, 0]], "asks": []})
        >>> change.follows(1), change.bids[0].action
        (True, 'delete')
    """

    instrument_name: str
    timestamp: int
    change_id: int
    bids: tuple[BookLevelChange, ...]
    asks: tuple[BookLevelChange, ...]
    type: str = "snapshot"
    prev_change_id: int | None = None

    @property
    def is_snapshot(self) -> bool:
        """True for the first message of a subscription (or any grouped snapshot)."""
        return self.type == "snapshot"

    def follows(self, change_id: int) -> bool:
        """True if this change continues a book whose last ``change_id`` is given."""
        return self.prev_change_id == change_id

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> BookChange:
        """Build from a wire object without marshmallow (the book fast path)."""
        return _book_change(data)


def _level_change(level: Any) -> BookLevelChange:
    if len(level) == 2:  # grouped snapshot levels carry no action
        return BookLevelChange("new", dec(level[0]), dec(level[1]))
    action, price, amount = level
    if action not in ("new", "change", "delete"):
        raise ValueError(f"unknown book action {action!r}")
    return BookLevelChange(action, dec(price), dec(amount))


def _level_changes(value: Any) -> tuple[BookLevelChange, ...]:
    return tuple(_level_change(level) for level in value)


register_kind(
    "tuple[BookLevelChange, ...]",
    _level_changes,
    lambda **kw: fields.Function(deserialize=_level_changes, **kw),
)


@dataclass(frozen=True, slots=True)
class OrderBook:
    """A ``public/get_order_book`` snapshot: levels are ``[price, amount]``.

    Example:
        >>> OrderBook.from_wire({"instrument_name": "X", "timestamp": 1, "change_id": 7,
        ...     "bids": [[10, 2]], "asks": []}).bids[0].amount
        Decimal('2')
    """

    instrument_name: str
    timestamp: int
    bids: tuple[BookLevel, ...]
    asks: tuple[BookLevel, ...]
    change_id: int | None = None
    state: str | None = None
    best_bid_price: Decimal | None = None
    best_bid_amount: Decimal | None = None
    best_ask_price: Decimal | None = None
    best_ask_amount: Decimal | None = None
    last_price: Decimal | None = None
    mark_price: Decimal | None = None
    index_price: Decimal | None = None
    settlement_price: Decimal | None = None
    open_interest: Decimal | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    funding_8h: Decimal | None = None
    current_funding: Decimal | None = None
    stats: TickerStats | None = None

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> OrderBook:
        """Build from a wire object without marshmallow."""
        return _order_book(data)


def _levels(value: Any) -> tuple[BookLevel, ...]:
    return tuple(BookLevel(dec(price), dec(amount)) for price, amount in value)


register_kind(
    "tuple[BookLevel, ...]", _levels, lambda **kw: fields.Function(deserialize=_levels, **kw)
)


@dataclass(frozen=True, slots=True)
class Instrument:
    """A tradable instrument (``public/get_instruments``).

    Example:
        >>> Instrument.from_wire({"instrument_name": "BTC-PERPETUAL", "kind": "future",
        ...     "tick_size": 0.5, "min_trade_amount": 10, "contract_size": 10}).tick_size
        Decimal('0.5')
    """

    instrument_name: str
    kind: str
    tick_size: Decimal
    min_trade_amount: Decimal
    contract_size: Decimal
    base_currency: str | None = None
    quote_currency: str | None = None
    counter_currency: str | None = None
    settlement_currency: str | None = None
    settlement_period: str | None = None
    is_active: bool | None = None
    instrument_id: int | None = None
    creation_timestamp: int | None = None
    expiration_timestamp: int | None = None
    option_type: str | None = None
    strike: Decimal | None = None
    price_index: str | None = None
    state: str | None = None

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> Instrument:
        """Build from a wire object without marshmallow."""
        return _instrument(data)


_trade = fast_loader(Trade)
_book_change = fast_loader(BookChange)
_price_index = fast_loader(PriceIndex)
_ticker = fast_loader(Ticker)
_order_book = fast_loader(OrderBook)
_instrument = fast_loader(Instrument)
