"""The simulator's synthetic market: a price ladder around a reference price per symbol.

Every order meets a fresh ladder: ``depth`` levels each side, ``level_qty`` at each,
``tick`` apart, asks above and bids below ``price``. An order bigger than the ladder
fills partly; a limit order fills only at levels its price reaches. Moving the price
(``ApiEngine.move_price``) lets resting orders fill later.

Example:
    >>> market = SimSymbol("BTCUSDT", "BTC", "USDT", price=Decimal("100"), depth=2,
    ...                    level_qty=Decimal("1"))
    >>> take(market, "BUY", qty=Decimal("1.5"))
    [(Decimal('101'), Decimal('1')), (Decimal('102'), Decimal('0.5'))]
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

__all__ = ["DEFAULT_SYMBOLS", "PEG_TYPES", "SimSymbol", "crosses", "peg_price", "take"]

_STEP = Decimal("0.00000001")


@dataclass(frozen=True)
class SimSymbol:
    """A tradable symbol and its synthetic ladder.

    Example:
        >>> eth = SimSymbol("ETHBTC", "ETH", "BTC", price=Decimal("0.05"), tick=Decimal("0.0001"))
        >>> eth.asks()[0]
        (Decimal('0.0501'), Decimal('1'))
    """

    symbol: str
    base: str
    quote: str
    price: Decimal = Decimal("50000")
    tick: Decimal = Decimal("1")
    depth: int = 5
    level_qty: Decimal = Decimal("1")

    def asks(self) -> list[tuple[Decimal, Decimal]]:
        """Ask levels, best (lowest) first.

        Example:
            >>> SimSymbol("X", "A", "B", price=Decimal("10"), depth=1).asks()
            [(Decimal('11'), Decimal('1'))]
        """
        return [(self.price + self.tick * k, self.level_qty) for k in range(1, self.depth + 1)]

    def bids(self) -> list[tuple[Decimal, Decimal]]:
        """Bid levels, best (highest) first.

        Example:
            >>> SimSymbol("X", "A", "B", price=Decimal("10"), depth=1).bids()
            [(Decimal('9'), Decimal('1'))]
        """
        return [(self.price - self.tick * k, self.level_qty) for k in range(1, self.depth + 1)]


DEFAULT_SYMBOLS = (
    SimSymbol("BTCUSDT", "BTC", "USDT", price=Decimal("50000"), tick=Decimal("1")),
    SimSymbol("ETHUSDT", "ETH", "USDT", price=Decimal("3000"), tick=Decimal("0.1")),
    SimSymbol("BNBBTC", "BNB", "BTC", price=Decimal("0.01"), tick=Decimal("0.00001")),
)
"""Symbols every simulator knows unless told otherwise."""


PEG_TYPES = ("PRIMARY_PEG", "MARKET_PEG")
"""``pegPriceType`` values: the best price on the order's own side, or on the other."""


def peg_price(market: SimSymbol, side: str, peg_type: str, offset_levels: int = 0) -> Decimal:
    """The price of a pegged order: the peg's touch, ``offset_levels`` ticks away from
    the other side (a larger offset is a more passive price).

    Example:
        >>> market = SimSymbol("X", "A", "B", price=Decimal("10"))
        >>> peg_price(market, "BUY", "PRIMARY_PEG"), peg_price(market, "BUY", "MARKET_PEG", 1)
        (Decimal('9'), Decimal('10'))
    """
    own, other = (market.bids(), market.asks()) if side == "BUY" else (market.asks(), market.bids())
    touch = (own if peg_type == "PRIMARY_PEG" else other)[0][0]
    step = market.tick * offset_levels
    return touch - step if side == "BUY" else touch + step


def crosses(market: SimSymbol, side: str, price: Decimal) -> bool:
    """True when a limit order at ``price`` would trade at once (it would take).

    Example:
        >>> crosses(SimSymbol("X", "A", "B", price=Decimal("10")), "BUY", Decimal("11"))
        True
    """
    if side == "BUY":
        return price >= market.asks()[0][0]
    return price <= market.bids()[0][0]


def take(
    market: SimSymbol,
    side: str,
    *,
    qty: Decimal | None = None,
    quote_qty: Decimal | None = None,
    limit: Decimal | None = None,
) -> list[tuple[Decimal, Decimal]]:
    """Walk the ladder for ``qty`` base (or ``quote_qty`` quote), up to ``limit``.

    Returns ``(price, qty)`` fills, best price first.

    Example:
        >>> market = SimSymbol("X", "A", "B", price=Decimal("10"), depth=3)
        >>> take(market, "SELL", qty=Decimal("5"), limit=Decimal("8"))
        [(Decimal('9'), Decimal('1')), (Decimal('8'), Decimal('1'))]
    """
    levels = market.asks() if side == "BUY" else market.bids()
    fills: list[tuple[Decimal, Decimal]] = []
    left_qty, left_quote = qty, quote_qty
    for price, size in levels:
        if limit is not None and (price > limit if side == "BUY" else price < limit):
            break
        amount = size
        if left_qty is not None:
            amount = min(amount, left_qty)
        if left_quote is not None:
            amount = min(amount, (left_quote / price).quantize(_STEP, ROUND_DOWN))
        if amount <= 0:
            break
        fills.append((price, amount))
        if left_qty is not None:
            left_qty -= amount
        if left_quote is not None:
            left_quote -= amount * price
    return fills
