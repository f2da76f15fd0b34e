"""Per-instrument market state: book, mark, last trade, stats; ticker and book records.

Field names follow the ``public/ticker``, ``public/get_order_book`` and ``trades.*`` examples
of ``venues/deribit.md`` (1.4, 1.9) and the Deribit OpenAPI/AsyncAPI documents. Prices and
amounts are JSON numbers, timestamps are integer milliseconds.

Example:
    >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
    >>> state = Quotes(DEFAULT_INSTRUMENTS[0], mark=50_000.0, index=50_000.0, change_id=10)
    >>> state.price_band()
    (47500.0, 52500.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from venues.deribit.simulator._book import Book, q
from venues.deribit.simulator._instruments import Instrument

__all__ = ["PublicTrade", "Quotes"]

_BAND = 0.05
_OPEN_INTEREST = 500_000.0
_MARK_IV = 60.0


@dataclass(frozen=True, slots=True)
class PublicTrade:
    """One trade as printed on ``trades.{instrument}.{interval}``.

    Example:
        >>> t = PublicTrade("1", 2, "BTC-PERPETUAL", 3, "buy", 10.0, 20.0, 2.0, 9.0, 9.5, 0)
        >>> t.to_wire()["trade_id"], t.to_wire()["contracts"]
        ('1', 2.0)
    """

    trade_id: str
    trade_seq: int
    instrument_name: str
    timestamp: int
    direction: str
    price: float
    amount: float
    contracts: float
    index_price: float
    mark_price: float
    tick_direction: int

    def to_wire(self) -> dict[str, Any]:
        """The public trade record.

        Example:
            >>> trade = PublicTrade("1", 2, "X", 3, "sell", 1.0, 1.0, 1.0, 1.0, 1.0, 2)
            >>> trade.to_wire()["direction"]
            'sell'
        """
        return {
            "trade_seq": self.trade_seq,
            "trade_id": self.trade_id,
            "timestamp": self.timestamp,
            "tick_direction": self.tick_direction,
            "price": self.price,
            "mark_price": self.mark_price,
            "index_price": self.index_price,
            "instrument_name": self.instrument_name,
            "direction": self.direction,
            "amount": self.amount,
            "contracts": self.contracts,
        }


class Quotes:
    """Market state of one instrument (mutable; updated by the market model and trades).

    Example:
        >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
        >>> Quotes(DEFAULT_INSTRUMENTS[1], mark=3000.0, index=3000.0).last_price
        3000.0
    """

    def __init__(
        self, instrument: Instrument, *, mark: float, index: float, change_id: int = 1
    ) -> None:
        self.instrument = instrument
        self.book = Book(change_id)
        self.mark = mark
        self.index = index
        self.last_price = mark
        self.settlement_price = mark
        self.tick_direction = 0
        self.high = self.low = mark
        self.volume = 0.0
        self.volume_usd = 0.0
        self.pending_trades: list[PublicTrade] = []

    def round_price(self, price: float) -> float:
        """``price`` on this instrument's tick grid.

        Example:
            >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
            >>> Quotes(DEFAULT_INSTRUMENTS[0], mark=1.0, index=1.0).round_price(100.3)
            100.5
        """
        tick = self.instrument.tick_size
        return q(round(price / tick) * tick)

    def price_band(self) -> tuple[float, float]:
        """``(min_price, max_price)``: buys above and sells below are clamped to them.

        Example:
            >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
            >>> Quotes(DEFAULT_INSTRUMENTS[3], mark=0.04, index=5e4).price_band()
            (0.0005, 0.09)
        """
        tick = self.instrument.tick_size
        if self.instrument.is_option:
            return tick, self.round_price(self.mark * 2 + 0.01)
        return self.round_price(self.mark * (1 - _BAND)), self.round_price(self.mark * (1 + _BAND))

    def record(self, trade: PublicTrade) -> None:
        """Account for a trade: last price, tick direction, stats, pending publication.

        Example:
            >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
            >>> s = Quotes(DEFAULT_INSTRUMENTS[0], mark=10.0, index=10.0)
            >>> trade = PublicTrade("1", 1, "X", 0, "buy", 11.0, 10.0, 1.0, 10.0, 10.0, 0)
            >>> s.record(trade)
            >>> s.last_price, len(s.pending_trades)
            (11.0, 1)
        """
        self.last_price = trade.price
        self.tick_direction = trade.tick_direction
        self.high = max(self.high, trade.price)
        self.low = min(self.low, trade.price)
        self.volume = q(self.volume + self.base_amount(trade.amount, trade.price))
        self.volume_usd = q(self.volume_usd + self.usd_amount(trade.amount, trade.price))
        self.pending_trades.append(trade)

    def next_tick_direction(self, price: float) -> int:
        """Deribit's ``tick_direction`` for a new trade at ``price``: 0 +, 1 0+, 2 -, 3 0-.

        Example:
            >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
            >>> Quotes(DEFAULT_INSTRUMENTS[0], mark=10.0, index=10.0).next_tick_direction(9.5)
            2
        """
        if price > self.last_price:
            return 0
        if price < self.last_price:
            return 2
        return 1 if self.tick_direction in (0, 1) else 3

    def base_amount(self, amount: float, price: float) -> float:
        """``amount`` expressed in the base coin.

        Example:
            >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
            >>> Quotes(DEFAULT_INSTRUMENTS[0], mark=1.0, index=1.0).base_amount(100.0, 50.0)
            2.0
        """
        return amount if self.instrument.is_option else q(amount / price)

    def usd_amount(self, amount: float, price: float) -> float:
        """``amount`` expressed in USD.

        Example:
            >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
            >>> Quotes(DEFAULT_INSTRUMENTS[3], mark=1.0, index=100.0).usd_amount(2.0, 0.5)
            200.0
        """
        return q(amount * self.index) if self.instrument.is_option else amount

    def ticker(self, now_ms: int) -> dict[str, Any]:
        """The ``public/ticker`` / ``ticker.*`` record.

        Example:
            >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
            >>> Quotes(DEFAULT_INSTRUMENTS[0], mark=1.0, index=1.0).ticker(5)["state"]
            'open'
        """
        return self._top() | self._market_fields(now_ms) | self._kind_fields()

    def order_book(self, depth: int, now_ms: int) -> dict[str, Any]:
        """The ``public/get_order_book`` record, ``depth`` levels per side.

        Example:
            >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
            >>> Quotes(DEFAULT_INSTRUMENTS[0], mark=1.0, index=1.0).order_book(5, 1)["bids"]
            []
        """
        bids = list(self.book.levels("bids").items())[:depth]
        asks = list(self.book.levels("asks").items())[:depth]
        return (
            self._top()
            | self._market_fields(now_ms)
            | {
                "change_id": self.book.change_id,
                "bids": [[p, a] for p, a in bids],
                "asks": [[p, a] for p, a in asks],
            }
            | self._funding()
        )

    def _top(self) -> dict[str, Any]:
        bids, asks = self.book.levels("bids"), self.book.levels("asks")
        bid = next(iter(bids.items()), (0.0, 0.0))
        ask = next(iter(asks.items()), (0.0, 0.0))
        return {
            "best_bid_price": bid[0],
            "best_bid_amount": bid[1],
            "best_ask_price": ask[0],
            "best_ask_amount": ask[1],
        }

    def _market_fields(self, now_ms: int) -> dict[str, Any]:
        low, high = self.price_band()
        change = q((self.last_price / self.settlement_price - 1) * 100)
        return {
            "timestamp": now_ms,
            "state": "open",
            "instrument_name": self.instrument.name,
            "index_price": self.index,
            "mark_price": self.mark,
            "last_price": self.last_price,
            "settlement_price": self.settlement_price,
            "min_price": low,
            "max_price": high,
            "open_interest": _OPEN_INTEREST,
            "estimated_delivery_price": self.index,
            "stats": {
                "high": self.high,
                "low": self.low,
                "price_change": round(change, 4),
                "volume": self.volume,
                "volume_usd": self.volume_usd,
            },
        }

    def _funding(self) -> dict[str, Any]:
        if not self.instrument.is_perpetual:
            return {}
        return {"funding_8h": 2.2e-05, "current_funding": 0.0}

    def _kind_fields(self) -> dict[str, Any]:
        if self.instrument.is_perpetual:
            return self._funding() | {"interest_value": 0.0}
        if not self.instrument.is_option:
            return {}
        return {
            "underlying_price": self.index,
            "underlying_index": self.instrument.index_name,
            "mark_iv": _MARK_IV,
            "bid_iv": _MARK_IV - 1,
            "ask_iv": _MARK_IV + 1,
            "interest_rate": 0.0,
            "greeks": {"delta": 0.3, "gamma": 1e-05, "vega": 50.0, "theta": -20.0, "rho": 10.0},
        }
