"""Seeded market data for the simulated venue: books, trades, tickers, candles, status.

Pure and deterministic for a given seed and call sequence. Bodies are the venue's
event dicts (strings for numbers, as Coinbase sends them).

Example:
    >>> market = Market(("BTC-USD",), seed=1)
    >>> snap = market.level2_snapshot("BTC-USD", "1970-01-01T00:00:00Z")
    >>> snap["type"], {u["side"] for u in snap["updates"]} == {"bid", "offer"}
    ('snapshot', True)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = ["Market", "ProductBook"]

_TICK = Decimal("0.01")
_START_PRICES = {"BTC-USD": Decimal("68900.00"), "ETH-USD": Decimal("3500.00")}


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


@dataclass
class ProductBook:
    """One product's book, last trade and running 24 h figures."""

    product_id: str
    mid: Decimal
    bids: dict[Decimal, Decimal] = field(default_factory=dict)
    offers: dict[Decimal, Decimal] = field(default_factory=dict)
    volume: Decimal = Decimal(0)
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    trade_id: int = 1000
    candle_open: Decimal = Decimal(0)


class Market:
    """Books and trade flow for ``products``, driven by one ``random.Random(seed)``.

    ``levels`` is the depth of each side of a new book (deep books make the
    multi-megabyte snapshots the real venue sends for liquid products).

    Example:
        >>> Market(("ETH-USD",), seed=3).trade("ETH-USD", "2023-01-01T00:00:00Z")["side"]
        'SELL'
        >>> len(Market(("ETH-USD",), seed=3, levels=2).books["ETH-USD"].bids)
        2
    """

    def __init__(self, products: tuple[str, ...], seed: int, *, levels: int = 10) -> None:
        self._random = random.Random(seed)
        self._levels = levels
        self.books = {p: self._new_book(p) for p in products}

    def _new_book(self, product: str) -> ProductBook:
        mid = _START_PRICES.get(product, Decimal("100.00"))
        book = ProductBook(product, mid, low=mid, high=mid, candle_open=mid)
        for step in range(1, self._levels + 1):
            book.bids[mid - _TICK * step] = self._size()
            book.offers[mid + _TICK * step] = self._size()
        return book

    def _size(self) -> Decimal:
        return Decimal(self._random.randint(1, 500_000)) / Decimal(100_000)

    def level2_snapshot(self, product: str, when: str) -> dict[str, Any]:
        """The whole book as a ``snapshot`` event (event times are the epoch, as sent)."""
        book = self.books[product]
        updates = [self._level("bid", p, q, "1970-01-01T00:00:00Z") for p, q in book.bids.items()]
        updates += [
            self._level("offer", p, q, "1970-01-01T00:00:00Z") for p, q in book.offers.items()
        ]
        return {"type": "snapshot", "product_id": product, "updates": updates}

    @staticmethod
    def _level(side: str, price: Decimal, size: Decimal, when: str) -> dict[str, str]:
        return {
            "side": side,
            "event_time": when,
            "price_level": _text(price),
            "new_quantity": _text(size),
        }

    def level2_update(self, product: str, when: str) -> dict[str, Any]:
        """Change one level (new absolute size; sometimes ``"0"``: the level goes)."""
        book = self.books[product]
        side = self._random.choice(("bid", "offer"))
        levels = book.bids if side == "bid" else book.offers
        price = self._random.choice(sorted(levels))
        size = Decimal(0) if self._random.random() < 0.2 else self._size()
        if size == 0:
            levels.pop(price)
            refill = (min(levels) - _TICK) if side == "bid" else (max(levels) + _TICK)
            levels[refill] = self._size()
        else:
            levels[price] = size
        return {
            "type": "update",
            "product_id": product,
            "updates": [self._level(side, price, size, when)],
        }

    def trade(self, product: str, when: str) -> dict[str, str]:
        """One trade near the mid; updates last price and 24 h figures."""
        book = self.books[product]
        side = self._random.choice(("BUY", "SELL"))
        price = book.mid + _TICK * self._random.randint(-3, 3)
        size = Decimal(self._random.randint(1, 10_000)) / Decimal(10_000)
        book.mid, book.trade_id = price, book.trade_id + 1
        book.volume += size
        book.low, book.high = min(book.low, price), max(book.high, price)
        return {
            "trade_id": str(book.trade_id),
            "product_id": product,
            "price": _text(price),
            "size": _text(size),
            "side": side,
            "time": when,
        }

    def ticker(self, product: str) -> dict[str, str]:
        """The product's ticker body."""
        book = self.books[product]
        best_bid, best_ask = max(book.bids), min(book.offers)
        return {
            "type": "ticker",
            "product_id": product,
            "price": _text(book.mid),
            "volume_24_h": _text(book.volume),
            "low_24_h": _text(book.low),
            "high_24_h": _text(book.high),
            "low_52_w": _text(book.low),
            "high_52_w": _text(book.high),
            "price_percent_chg_24_h": "0",
            "best_bid": _text(best_bid),
            "best_bid_quantity": _text(book.bids[best_bid]),
            "best_ask": _text(best_ask),
            "best_ask_quantity": _text(book.offers[best_ask]),
        }

    def candle(self, product: str, unix_seconds: int) -> dict[str, str]:
        """The current 5-minute candle (``start`` is Unix seconds as a string)."""
        book = self.books[product]
        return {
            "start": str(unix_seconds - unix_seconds % 300),
            "high": _text(book.high),
            "low": _text(book.low),
            "open": _text(book.candle_open),
            "close": _text(book.mid),
            "volume": _text(book.volume),
            "product_id": product,
        }

    def status(self, product: str) -> dict[str, str]:
        """The product's status body."""
        base, quote = product.split("-", 1)
        return {
            "product_type": "SPOT",
            "id": product,
            "base_currency": base,
            "quote_currency": quote,
            "base_increment": "0.00000001",
            "quote_increment": "0.01",
            "display_name": f"{base}/{quote}",
            "status": "online",
            "status_message": "",
            "min_market_funds": "1",
        }
