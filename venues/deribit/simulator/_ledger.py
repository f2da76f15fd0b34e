"""Balances and positions per account; position records and fees.

Model (simple, self-consistent, documented rather than exact):

1. Futures are inverse: size in USD, profit and loss in coin, ``size * (1/avg - 1/mark)``;
   realised P&L and fees settle into the balance at each fill.
2. Options: size and price in coin; the premium moves the balance at each fill, the position is
   valued at ``size * mark``.
3. Fees: futures ``amount / price * commission``; options ``commission * amount`` capped at
   12.5 % of the premium. Taker commission for the order that crossed, maker for the resting one.
4. Initial margin: 2 % of a futures notional (coin), the premium for a bought option, 15 % of the
   amount for a sold one; maintenance margin is half of it.

Example:
    >>> from venues.deribit.simulator._market import Market
    >>> market = Market(seed=0, rate=0.0)
    >>> ledger = Ledger(["acc"], {"BTC": 1.0})
    >>> quotes = market.quotes("BTC-PERPETUAL")
    >>> ledger.apply_fill("acc", quotes, "buy", 50_000.0, 100.0, fee=0.0)
    0.0
    >>> ledger.position("acc", "BTC-PERPETUAL").size
    100.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from venues.deribit.simulator._book import q
from venues.deribit.simulator._quotes import Quotes

__all__ = ["IM_RATE", "Ledger", "Position"]

IM_RATE = 0.02
_SHORT_OPTION_IM = 0.15
_OPTION_FEE_CAP = 0.125


@dataclass(slots=True)
class Position:
    """A mutable position: signed ``size`` (amount units), ``average_price``, realised P&L.

    Example:
        >>> Position().direction
        'zero'
    """

    size: float = 0.0
    average_price: float = 0.0
    realized: float = 0.0

    @property
    def direction(self) -> str:
        """``buy``, ``sell`` or ``zero``.

        Example:
            >>> Position(size=-10.0).direction
            'sell'
        """
        if self.size > 0:
            return "buy"
        return "sell" if self.size < 0 else "zero"


class Ledger:
    """Balances (per currency) and positions (per instrument) of every account.

    Example:
        >>> Ledger(["a"], {"ETH": 5.0}).balance("a", "ETH")
        5.0
    """

    def __init__(self, accounts: Iterable[str], balances: Mapping[str, float]) -> None:
        self._balances = {account: dict(balances) for account in accounts}
        self._positions: dict[tuple[str, str], Position] = {}

    def balance(self, account: str, currency: str) -> float:
        """The coin balance of ``account`` in ``currency``.

        Example:
            >>> Ledger(["a"], {}).balance("a", "BTC")
            0.0
        """
        return self._balances.setdefault(account, {}).get(currency, 0.0)

    def position(self, account: str, instrument: str) -> Position:
        """The (possibly zero) position of ``account`` in ``instrument``.

        Example:
            >>> Ledger(["a"], {}).position("a", "X").size
            0.0
        """
        return self._positions.setdefault((account, instrument), Position())

    def fee(self, quotes: Quotes, price: float, amount: float, liquidity: str) -> float:
        """The fee (coin) of one fill; ``liquidity`` is ``M`` (maker) or ``T`` (taker).

        Example:
            >>> from venues.deribit.simulator._market import Market
            >>> q_ = Market(seed=0, rate=0.0).quotes("BTC-PERPETUAL")
            >>> Ledger([], {}).fee(q_, 50_000.0, 1000.0, "T")
            1e-05
        """
        instrument = quotes.instrument
        rate = instrument.maker_commission if liquidity == "M" else instrument.taker_commission
        if instrument.is_option:
            return q(min(rate * amount, _OPTION_FEE_CAP * price * amount))
        return q(amount / price * rate)

    def apply_fill(
        self,
        account: str,
        quotes: Quotes,
        direction: str,
        price: float,
        amount: float,
        *,
        fee: float,
    ) -> float:
        """Book one fill; returns the realised profit or loss (coin) of its closing part.

        Example:
            >>> from venues.deribit.simulator._market import Market
            >>> q_ = Market(seed=0, rate=0.0).quotes("BTC-PERPETUAL")
            >>> ledger = Ledger(["a"], {"BTC": 1.0})
            >>> _ = ledger.apply_fill("a", q_, "buy", 50_000.0, 1000.0, fee=0.0)
            >>> ledger.apply_fill("a", q_, "sell", 62_500.0, 1000.0, fee=0.0)
            0.004
        """
        position = self.position(account, quotes.instrument.name)
        signed = amount if direction == "buy" else -amount
        pnl, closed = self._close(position, quotes, signed, price)
        self._open(position, quotes, signed, q(amount - closed), price)
        currency = quotes.instrument.currency
        cash = -signed * price if quotes.instrument.is_option else pnl
        self._balances.setdefault(account, {})[currency] = q(
            self.balance(account, currency) + cash - fee
        )
        return pnl

    def _close(
        self, position: Position, quotes: Quotes, signed: float, price: float
    ) -> tuple[float, float]:
        if position.size == 0 or (position.size > 0) == (signed > 0):
            return 0.0, 0.0
        closed = min(abs(signed), abs(position.size))
        side = 1.0 if position.size > 0 else -1.0
        pnl = q(side * closed * self._unit_pnl(quotes, position.average_price, price))
        position.size = q(position.size - side * closed)
        position.realized = q(position.realized + pnl)
        if position.size == 0:
            position.average_price = 0.0
        return pnl, closed

    @staticmethod
    def _open(
        position: Position, quotes: Quotes, signed: float, opened: float, price: float
    ) -> None:
        if opened <= 0:
            return
        held, avg = abs(position.size), position.average_price
        if quotes.instrument.is_option or not held:
            average = (held * avg + opened * price) / (held + opened)
        else:
            average = (held + opened) / (held / avg + opened / price)
        position.average_price = q(average)
        position.size = q(position.size + (opened if signed > 0 else -opened))

    @staticmethod
    def _unit_pnl(quotes: Quotes, entry: float, exit_price: float) -> float:
        if quotes.instrument.is_option:
            return exit_price - entry
        return 1.0 / entry - 1.0 / exit_price

    def floating(self, account: str, quotes: Quotes) -> float:
        """Unrealised P&L (coin) of ``account``'s position at the current mark.

        Example:
            >>> from venues.deribit.simulator._market import Market
            >>> Ledger(["a"], {}).floating("a", Market(seed=0, rate=0.0).quotes("ETH-PERPETUAL"))
            0.0
        """
        position = self.position(account, quotes.instrument.name)
        if not position.size:
            return 0.0
        return q(position.size * self._unit_pnl(quotes, position.average_price, quotes.mark))

    def initial_margin(self, quotes: Quotes, direction: str, price: float, amount: float) -> float:
        """Initial margin (coin) of ``amount`` bought or sold at ``price``.

        Example:
            >>> from venues.deribit.simulator._market import Market
            >>> q_ = Market(seed=0, rate=0.0).quotes("BTC-PERPETUAL")
            >>> Ledger([], {}).initial_margin(q_, "buy", 50_000.0, 10_000.0)
            0.004
        """
        if not quotes.instrument.is_option:
            return q(amount / price * IM_RATE)
        return q(amount * price if direction == "buy" else amount * _SHORT_OPTION_IM)

    def position_wire(self, account: str, quotes: Quotes) -> dict[str, Any]:
        """The ``private/get_position`` record.

        Example:
            >>> from venues.deribit.simulator._market import Market
            >>> q_ = Market(seed=0, rate=0.0).quotes("BTC-PERPETUAL")
            >>> Ledger(["a"], {}).position_wire("a", q_)["direction"]
            'zero'
        """
        position = self.position(account, quotes.instrument.name)
        floating = self.floating(account, quotes)
        size_currency = quotes.base_amount(position.size, quotes.mark)
        margin = self.initial_margin(quotes, position.direction, quotes.mark, abs(position.size))
        wire = {
            "average_price": position.average_price,
            "delta": size_currency,
            "direction": position.direction,
            "estimated_liquidation_price": 0.0,
            "floating_profit_loss": floating,
            "index_price": quotes.index,
            "initial_margin": margin,
            "instrument_name": quotes.instrument.name,
            "kind": quotes.instrument.kind,
            "leverage": 50,
            "maintenance_margin": q(margin / 2),
            "mark_price": quotes.mark,
            "open_orders_margin": 0.0,
            "realized_profit_loss": position.realized,
            "settlement_price": quotes.settlement_price,
            "size": position.size,
            "size_currency": size_currency,
            "total_profit_loss": q(position.realized + floating),
        }
        if quotes.instrument.is_perpetual:
            wire |= {"interest_value": 0.0, "realized_funding": 0.0}
        return wire
