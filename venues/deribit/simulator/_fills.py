"""Turning planned fills into public trades, user trades, ledger entries and order updates.

Every fill prints exactly one public trade (next ``trade_seq`` of the instrument); the user
side(s) get a :class:`UserTrade` with the same ``trade_id``: the taker with liquidity ``T``,
a resting user order with ``M``. Fees and realised P&L go to the ledger at once.

Example:
    >>> from venues.deribit.simulator._book import Fill
    >>> from venues.deribit.simulator._ids import IdSequence
    >>> from venues.deribit.simulator._ledger import Ledger
    >>> from venues.deribit.simulator._market import Market
    >>> from venues.deribit.simulator._orders import Order
    >>> market = Market(seed=0, rate=0.0)
    >>> recorder = FillRecorder(market, Ledger(["a"], {"BTC": 1.0}), IdSequence())
    >>> order = Order("1", "a", 1, "BTC-PERPETUAL", "buy", "limit", 50_000.0, 20.0, 10.0, 0)
    >>> order, trades, makers = recorder.taker_fills(
    ...     market.quotes("BTC-PERPETUAL"), order, [Fill(50_000.0, 20.0, None)], 1.0, {})
    >>> order.order_state, trades[0].liquidity, trades[0].trade_seq
    ('filled', 'T', 30000001)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from venues.deribit.simulator._book import Fill, q
from venues.deribit.simulator._ids import IdSequence
from venues.deribit.simulator._ledger import Ledger
from venues.deribit.simulator._market import Market
from venues.deribit.simulator._orders import Order, UserTrade
from venues.deribit.simulator._quotes import PublicTrade, Quotes

__all__ = ["FillRecorder", "Update"]


@dataclass(frozen=True, slots=True)
class Update:
    """An order change for one account: the order now, and the trades it just made.

    Example:
        >>> Update("a", Order("1", "a", 1, "X", "buy", "limit", 1.0, 1.0, 1.0, 0)).trades
        ()
    """

    account: str
    order: Order
    trades: tuple[UserTrade, ...] = ()


class FillRecorder:
    """Books fills for takers and makers (see the module docstring).

    Example: see the module docstring.
    """

    def __init__(self, market: Market, ledger: Ledger, ids: IdSequence) -> None:
        self._market = market
        self._ledger = ledger
        self._ids = ids

    def taker_fills(
        self,
        quotes: Quotes,
        order: Order,
        plan: list[Fill],
        now: float,
        orders: Mapping[str, Order],
    ) -> tuple[Order, list[UserTrade], list[Update]]:
        """Book ``plan`` for the taker ``order``; resting counterparts come from ``orders``.

        Example: see the module docstring.
        """
        trades: list[UserTrade] = []
        makers: list[Update] = []
        for fill in plan:
            printed = self._print(quotes, order.direction, fill, now)
            order, trade = self._book(quotes, order, printed, "T")
            trades.append(trade)
            if fill.maker is not None:
                maker_order, maker_trade = self._book(
                    quotes, orders[fill.maker.order_id], printed, "M"
                )
                makers.append(Update(maker_order.account, maker_order, (maker_trade,)))
        return order, trades, makers

    def maker_fills(
        self, quotes: Quotes, order: Order, plan: list[Fill], now: float
    ) -> tuple[Order, list[UserTrade]]:
        """Book ``plan`` for the resting ``order`` against synthetic takers.

        Example:
            >>> from venues.deribit.simulator._ledger import Ledger
            >>> from venues.deribit.simulator._market import Market
            >>> market = Market(seed=0, rate=0.0)
            >>> recorder = FillRecorder(market, Ledger(["a"], {}), IdSequence())
            >>> o = Order("1", "a", 1, "ETH-PERPETUAL", "sell", "limit", 3000.0, 5.0, 1.0, 0)
            >>> o, ts = recorder.maker_fills(market.quotes("ETH-PERPETUAL"), o,
            ...                              [Fill(3000.0, 5.0, None)], 1.0)
            >>> o.order_state, ts[0].liquidity, ts[0].direction
            ('filled', 'M', 'sell')
        """
        taker = "sell" if order.direction == "buy" else "buy"
        trades: list[UserTrade] = []
        for fill in plan:
            printed = self._print(quotes, taker, fill, now)
            order, trade = self._book(quotes, order, printed, "M")
            trades.append(trade)
        return order, trades

    def _print(self, quotes: Quotes, direction: str, fill: Fill, now: float) -> PublicTrade:
        name = quotes.instrument.name
        return self._market.print_trade(
            name, direction, fill.price, fill.amount, now=now, ids=self._ids
        )

    def _book(
        self, quotes: Quotes, order: Order, printed: PublicTrade, liquidity: str
    ) -> tuple[Order, UserTrade]:
        fee = self._ledger.fee(quotes, printed.price, printed.amount, liquidity)
        pnl = self._ledger.apply_fill(
            order.account, quotes, order.direction, printed.price, printed.amount, fee=fee
        )
        order = order.fill(printed.price, printed.amount, printed.timestamp)
        trade = UserTrade(
            trade_id=printed.trade_id,
            trade_seq=printed.trade_seq,
            order_id=order.order_id,
            instrument_name=printed.instrument_name,
            timestamp=printed.timestamp,
            direction=order.direction,
            price=printed.price,
            amount=printed.amount,
            contracts=q(printed.amount / quotes.instrument.contract_size),
            index_price=printed.index_price,
            mark_price=printed.mark_price,
            tick_direction=printed.tick_direction,
            liquidity=liquidity,
            fee=fee,
            fee_currency=quotes.instrument.currency,
            state=order.order_state,
            order_type=order.order_type,
            post_only=order.post_only,
            reduce_only=order.reduce_only,
            label=order.label,
            profit_loss=pnl,
        )
        return order, trade
