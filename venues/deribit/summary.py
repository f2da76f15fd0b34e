"""One short, human-readable line for what a Deribit channel delivers.

For logs, examples and consoles: a dataclass repr runs to hundreds of characters and,
cut to fit a line, hides exactly what matters (side, price, size). Anything without a
summary of its own falls back to a bounded repr that says when it was shortened.

Example:
    >>> from decimal import Decimal
    >>> from venues.deribit.models import Trade
    >>> trade = Trade("1", 7, "BTC-PERPETUAL", 0, "sell", Decimal("8950.5"), Decimal("10"))
    >>> summarise((trade,))
    'BTC-PERPETUAL sell 10 @ 8950.5'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from venues.deribit.models import BookChange, Order, PriceIndex, Ticker, Trade, UserTrade

__all__ = ["summarise"]

_LONGEST = 100


def summarise(data: Any) -> str:
    """One line describing ``data`` (a model, a tuple of models, or decoded JSON).

    Example:
        >>> summarise({"announcement": "x" * 200}).endswith("... (shortened, 220 chars)")
        True
        >>> summarise([1, 2])
        '[1, 2]'
    """
    if isinstance(data, tuple) and data and isinstance(data[0], Trade | UserTrade):
        first = _trade(data[0])
        return first if len(data) == 1 else f"{first} (+{len(data) - 1} more)"
    if isinstance(data, tuple) and data and isinstance(data[0], Order):
        return "; ".join(_order(order) for order in data)
    describe = _BY_TYPE.get(type(data))
    if describe is not None:
        return describe(data)
    text = repr(data)
    if len(text) <= _LONGEST:
        return text
    return f"{text[: _LONGEST - 30]}... (shortened, {len(text)} chars)"


def _trade(trade: Trade | UserTrade) -> str:
    return f"{trade.instrument_name} {trade.direction} {trade.amount} @ {trade.price}"


def _order(order: Order) -> str:
    return (
        f"order {order.order_id} {order.direction} {order.amount} @ {order.price}"
        f" {order.order_state}"
    )


def _book(book: BookChange) -> str:
    noun = "levels" if book.is_snapshot else "changes"
    line = (
        f"{book.instrument_name} {book.type} #{book.change_id}: "
        f"{len(book.bids)} bid / {len(book.asks)} ask {noun}"
    )
    if not book.is_snapshot:
        return line
    # Only a snapshot holds the whole book, so only there is the top of the book known.
    bid = max((level.price for level in book.bids), default=None)
    ask = min((level.price for level in book.asks), default=None)
    return f"{line}, best {bid} / {ask}"


def _ticker(ticker: Ticker) -> str:
    return (
        f"{ticker.instrument_name} bid {ticker.best_bid_price} ask {ticker.best_ask_price}"
        f" last {ticker.last_price}"
    )


def _index(index: PriceIndex) -> str:
    return f"{index.index_name} {index.price}"


_BY_TYPE: dict[type, Callable[[Any], str]] = {
    Trade: _trade,
    UserTrade: _trade,
    Order: _order,
    BookChange: _book,
    Ticker: _ticker,
    PriceIndex: _index,
}
