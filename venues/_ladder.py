"""Local order books, read side: quantities by price with prices kept sorted (pure).

Shared by the venues' local books (:mod:`venues.deribit.book`,
:mod:`venues.coinbase.book`), which build on :class:`TwoSidedBook`. Setting a level
costs a dict write plus, for a new price, a binary search and an insertion; the best
level is read in O(1) and ``depth`` levels in O(depth). A zero quantity removes the
level, so an empty level is never listed.

Example:
    >>> from decimal import Decimal
    >>> bids = PriceLadder(descending=True)
    >>> bids.set(Decimal("10"), Decimal("1")); bids.set(Decimal("11"), Decimal("2"))
    >>> bids.best(), len(bids)
    ((Decimal('11'), Decimal('2')), 2)
    >>> bids.set(Decimal("11"), Decimal("0")); bids.levels(None)
    [(Decimal('10'), Decimal('1'))]
"""

from __future__ import annotations

from bisect import bisect_left, insort
from decimal import Decimal

from protocol.errors import InvalidParameters

__all__ = ["Level", "PriceLadder", "TwoSidedBook", "checked_depth"]

Level = tuple[Decimal, Decimal]
"""A ``(price, quantity)`` pair."""


class PriceLadder:
    """Quantities by price; ``descending`` puts the highest price first (bids).

    Example: see the module docstring.
    """

    __slots__ = ("_descending", "_prices", "_quantities")

    def __init__(self, descending: bool) -> None:
        self._descending = descending
        self._quantities: dict[Decimal, Decimal] = {}
        self._prices: list[Decimal] = []  # ascending, whichever side this is

    def set(self, price: Decimal, quantity: Decimal) -> None:
        """Set the level at ``price`` to ``quantity`` (absolute; zero removes it)."""
        if not quantity:
            self.remove(price)
            return
        if price not in self._quantities:
            insort(self._prices, price)
        self._quantities[price] = quantity

    def remove(self, price: Decimal) -> None:
        """Remove the level at ``price``, if there is one."""
        if self._quantities.pop(price, None) is not None:
            del self._prices[bisect_left(self._prices, price)]

    def clear(self) -> None:
        """Remove every level."""
        self._quantities.clear()
        self._prices.clear()

    def levels(self, depth: int | None) -> list[Level]:
        """The best ``depth`` levels (every level for ``None``), best first."""
        prices = self._prices
        if self._descending:
            start = 0 if depth is None else max(len(prices) - depth, 0)
            chosen = prices[start:][::-1]
        else:
            chosen = prices if depth is None else prices[:depth]
        quantities = self._quantities
        return [(price, quantities[price]) for price in chosen]

    def best(self) -> Level | None:
        """The best level, or ``None`` when the side is empty."""
        if not self._prices:
            return None
        price = self._prices[-1] if self._descending else self._prices[0]
        return price, self._quantities[price]

    def __len__(self) -> int:
        return len(self._prices)


def checked_depth(depth: int | None) -> int | None:
    """``depth`` if it is ``None`` or an int >= 0.

    Raises:
        InvalidParameters: anything else (field ``depth``).

    Example:
        >>> checked_depth(5)
        5
    """
    if depth is not None and (type(depth) is not int or depth < 0):
        raise InvalidParameters("depth", f"must be None or an int >= 0, not {depth!r}")
    return depth


class TwoSidedBook:
    """Bids and asks, and how a local book is read; venue books add how it is fed.

    Example:
        >>> from decimal import Decimal
        >>> book = TwoSidedBook()
        >>> book._bids.set(Decimal("99"), Decimal("2"))
        >>> book._asks.set(Decimal("101"), Decimal("1"))
        >>> book.best_bid(), book.asks(depth=1)
        ((Decimal('99'), Decimal('2')), [(Decimal('101'), Decimal('1'))])
    """

    __slots__ = ("_asks", "_bids")

    def __init__(self) -> None:
        self._bids = PriceLadder(descending=True)
        self._asks = PriceLadder(descending=False)

    def bids(self, depth: int | None = None) -> list[Level]:
        """The bid levels, highest price first; at most ``depth`` of them.

        Raises:
            InvalidParameters: ``depth`` is not ``None`` or an int >= 0.

        Example:
            >>> TwoSidedBook().bids(depth=5)
            []
        """
        return self._bids.levels(checked_depth(depth))

    def asks(self, depth: int | None = None) -> list[Level]:
        """The ask levels, lowest price first; at most ``depth`` of them.

        Raises:
            InvalidParameters: ``depth`` is not ``None`` or an int >= 0.

        Example:
            >>> TwoSidedBook().asks()
            []
        """
        return self._asks.levels(checked_depth(depth))

    def best_bid(self) -> Level | None:
        """The highest bid ``(price, quantity)``, or ``None`` when there is no bid.

        Example:
            >>> TwoSidedBook().best_bid() is None
            True
        """
        return self._bids.best()

    def best_ask(self) -> Level | None:
        """The lowest ask ``(price, quantity)``, or ``None`` when there is no ask.

        Example:
            >>> TwoSidedBook().best_ask() is None
            True
        """
        return self._asks.best()

    def _clear_levels(self) -> None:
        self._bids.clear()
        self._asks.clear()
