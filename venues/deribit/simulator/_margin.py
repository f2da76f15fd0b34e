"""Equity, margin and available funds per account and currency (rules in ``_ledger``).

Example:
    >>> from venues.deribit.simulator._ledger import Ledger
    >>> from venues.deribit.simulator._market import Market
    >>> margins = Margins(Market(seed=0, rate=0.0), Ledger(["a"], {"BTC": 2.0}))
    >>> margins.available_funds("a", "BTC", [])
    2.0
"""

from __future__ import annotations

from collections.abc import Iterable

from venues.deribit.simulator._book import q
from venues.deribit.simulator._ledger import Ledger
from venues.deribit.simulator._market import Market
from venues.deribit.simulator._orders import Order

__all__ = ["Margins"]


class Margins:
    """Read-only risk arithmetic over the market and the ledger.

    Example: see the module docstring.
    """

    def __init__(self, market: Market, ledger: Ledger) -> None:
        self._market = market
        self._ledger = ledger

    def equity(self, account: str, currency: str) -> float:
        """Balance plus floating P&L (futures) and option value, in ``currency``.

        Example:
            >>> from venues.deribit.simulator._ledger import Ledger
            >>> from venues.deribit.simulator._market import Market
            >>> Margins(Market(seed=0, rate=0.0), Ledger(["a"], {})).equity("a", "ETH")
            0.0
        """
        total = self._ledger.balance(account, currency)
        for instrument in self._instruments(currency):
            quotes = self._market.quotes(instrument)
            if quotes.instrument.is_option:
                total += self._ledger.position(account, instrument).size * quotes.mark
            else:
                total += self._ledger.floating(account, quotes)
        return q(total)

    def position_margin(self, account: str, currency: str) -> float:
        """Initial margin of ``account``'s positions in ``currency``.

        Example:
            >>> from venues.deribit.simulator._ledger import Ledger
            >>> from venues.deribit.simulator._market import Market
            >>> Margins(Market(seed=0, rate=0.0), Ledger(["a"], {})).position_margin("a", "BTC")
            0.0
        """
        total = 0.0
        for instrument in self._instruments(currency):
            quotes = self._market.quotes(instrument)
            size = self._ledger.position(account, instrument).size
            if size:
                direction = "buy" if size > 0 else "sell"
                total += self._ledger.initial_margin(quotes, direction, quotes.mark, abs(size))
        return q(total)

    def orders_margin(self, currency: str, orders: Iterable[Order]) -> float:
        """Initial margin reserved by the open ``orders`` in ``currency``.

        Example:
            >>> from venues.deribit.simulator._ledger import Ledger
            >>> from venues.deribit.simulator._market import Market
            >>> Margins(Market(seed=0, rate=0.0), Ledger([], {})).orders_margin("BTC", [])
            0.0
        """
        total = 0.0
        for order in orders:
            quotes = self._market.quotes(order.instrument_name)
            if quotes.instrument.currency == currency:
                price = order.price or quotes.mark
                total += self._ledger.initial_margin(
                    quotes, order.direction, price, order.remaining
                )
        return q(total)

    def available_funds(self, account: str, currency: str, orders: Iterable[Order]) -> float:
        """Equity minus the initial margin of positions and open ``orders``.

        Example: see the module docstring.
        """
        reserved = self.position_margin(account, currency) + self.orders_margin(currency, orders)
        return q(self.equity(account, currency) - reserved)

    def _instruments(self, currency: str) -> list[str]:
        return [i.name for i in self._market.instruments if i.currency == currency]
