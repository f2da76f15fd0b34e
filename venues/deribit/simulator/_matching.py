"""The matching engine: orders against the synthetic ladder and each other.

Rules:

1. A taker walks the opposite side best price first (synthetic liquidity before resting user
   orders at the same price); a limit order stops at its price, a market order at the end of
   the ladder. Every fill prints a public trade with the next ``trade_seq``.
2. What is left of a ``good_til_cancelled``/``good_til_day`` limit order rests in the book;
   ``immediate_or_cancel`` and market orders cancel their rest; ``fill_or_kill`` cancels
   unless it fills completely; ``market_limit`` rests its rest at the first fill price.
3. ``post_only`` orders that would take move one tick behind the opposite best price, or are
   refused with ``11054 post_only_reject`` when ``reject_post_only`` is set.
4. An order that would trade with the same account's resting order is ``10003 order_overlap``.
5. A buy limit above ``max_price`` is clamped to it, a sell limit below ``min_price`` to that
   (as the ticker's field descriptions say); orders whose initial margin exceeds the
   available funds are ``10009 not_enough_funds``; a ``reduce_only`` order is clipped to the
   position it reduces (``11030`` if none).
6. Every check happens before anything changes: a refused order leaves no trace.

Example:
    >>> from venues.deribit.simulator._ids import IdSequence
    >>> from venues.deribit.simulator._ledger import Ledger
    >>> from venues.deribit.simulator._market import Market
    >>> from venues.deribit.simulator._order_request import parse_order
    >>> market = Market(seed=0, rate=0.0)
    >>> engine = Matching(market, Ledger(["a"], {"BTC": 10.0}), IdSequence())
    >>> req = parse_order({"instrument_name": "BTC-PERPETUAL", "amount": 100, "type": "market"},
    ...                   "buy", market, now=1.0)
    >>> updates = engine.submit("a", 1, req, now=1.0)
    >>> updates[0].order.order_state, updates[0].order.filled_amount
    ('filled', 100.0)
"""

from __future__ import annotations

from collections.abc import Callable

from venues.deribit.simulator._book import Fill, Maker, q
from venues.deribit.simulator._codes import (
    NOT_ENOUGH_FUNDS,
    NOT_OPEN_ORDER,
    NOT_OWNER_OF_ORDER,
    ORDER_NOT_FOUND,
    ORDER_OVERLAP,
    OTHER_REJECT,
    POST_ONLY_REJECT,
    RpcError,
)
from venues.deribit.simulator._fills import FillRecorder, Update
from venues.deribit.simulator._ids import IdSequence
from venues.deribit.simulator._ledger import Ledger
from venues.deribit.simulator._margin import Margins
from venues.deribit.simulator._market import Market
from venues.deribit.simulator._order_request import LIMIT_TYPES, OrderRequest
from venues.deribit.simulator._orders import Order
from venues.deribit.simulator._quotes import Quotes

__all__ = ["Matching", "Update"]


class Matching:
    """All orders, their book presence and their executions (see the module rules).

    Example:
        >>> from venues.deribit.simulator._ledger import Ledger
        >>> from venues.deribit.simulator._market import Market
        >>> Matching(Market(seed=0, rate=0.0), Ledger([], {}), IdSequence()).orders()
        []
    """

    def __init__(self, market: Market, ledger: Ledger, ids: IdSequence) -> None:
        self._market = market
        self._ledger = ledger
        self._ids = ids
        self._orders: dict[str, Order] = {}
        self._makers: dict[str, Maker] = {}
        self._fills = FillRecorder(market, ledger, ids)
        self.margins = Margins(market, ledger)

    @property
    def market(self) -> Market:
        """The market this engine matches against.

        Example:
            >>> from venues.deribit.simulator._ledger import Ledger
            >>> m = Market(seed=0, rate=0.0)
            >>> Matching(m, Ledger([], {}), IdSequence()).market is m
            True
        """
        return self._market

    def orders(self, account: str | None = None, *, open_only: bool = True) -> list[Order]:
        """Orders (of ``account`` if given), oldest first.

        Example:
            >>> from venues.deribit.simulator._ledger import Ledger
            >>> from venues.deribit.simulator._market import Market
            >>> Matching(Market(seed=0, rate=0.0), Ledger([], {}), IdSequence()).orders("a")
            []
        """
        return [
            o
            for o in self._orders.values()
            if (account is None or o.account == account) and (o.is_open or not open_only)
        ]

    def owned(self, account: str, order_id: str) -> Order:
        """The order ``order_id`` of ``account``: ``10004`` if unknown, ``10029`` if not theirs.

        Example:
            >>> from venues.deribit.simulator._ledger import Ledger
            >>> from venues.deribit.simulator._market import Market
            >>> Matching(Market(seed=0, rate=0.0), Ledger([], {}), IdSequence()).owned("a", "1")
            Traceback (most recent call last):
            ...
            venues.deribit.simulator._codes.RpcError: (10004, 'order_not_found')
        """
        order = self._orders.get(order_id)
        if order is None:
            raise RpcError.of(ORDER_NOT_FOUND)
        if order.account != account:
            raise RpcError.of(NOT_OWNER_OF_ORDER)
        return order

    def submit(self, account: str, conn_id: int, req: OrderRequest, now: float) -> list[Update]:
        """Place a new order; the first update is the order itself (with its trades).

        Example: see the module docstring.
        """
        quotes = self._market.quotes(req.instrument.name)
        amount = self._reduce_only_amount(account, req)
        order = self._new_order(account, conn_id, req, amount, now)
        if not req.reduce_only:
            self._check_funds(account, quotes, req.direction, order.price or quotes.mark, amount)
        if order.is_trigger:
            self._orders[order.order_id] = order
            return [Update(account, order)]
        return self.execute(order, now)

    def execute(self, order: Order, now: float) -> list[Update]:
        """Match a (new, edited or triggered) order, then rest or cancel what is left.

        Example: see the module docstring.
        """
        quotes = self._market.quotes(order.instrument_name)
        order = self._post_only_price(quotes, order)
        limit = order.price if order.order_type in LIMIT_TYPES else None
        plan = quotes.book.plan(order.direction, limit, order.remaining)
        if any(f.maker is not None and f.maker.account == order.account for f in plan):
            raise RpcError.of(ORDER_OVERLAP)
        if (
            order.time_in_force == "fill_or_kill"
            and q(sum(f.amount for f in plan)) < order.remaining
        ):
            plan = []
        if order.order_type == "market_limit":
            plan = [f for f in plan if plan and f.price == plan[0].price]
        return self._apply(quotes, order, plan, now)

    def cancel(
        self, account: str, order_id: str, now: float, reason: str = "user_request"
    ) -> Update:
        """Cancel one open order of ``account`` (``11044 not_open_order`` if it is closed).

        Example:
            >>> from venues.deribit.simulator._ledger import Ledger
            >>> from venues.deribit.simulator._market import Market
            >>> m = Matching(Market(seed=0, rate=0.0), Ledger([], {}), IdSequence())
            >>> m.cancel("a", "404", 0.0)
            Traceback (most recent call last):
            ...
            venues.deribit.simulator._codes.RpcError: (10004, 'order_not_found')
        """
        order = self.owned(account, order_id)
        if not order.is_open:
            raise RpcError.of(NOT_OPEN_ORDER)
        return self._close(order, now, reason)

    def cancel_where(
        self, account: str, keep: Callable[[Order], bool], now: float, reason: str = "user_request"
    ) -> list[Update]:
        """Cancel every open order of ``account`` for which ``keep(order)`` is true.

        Example:
            >>> from venues.deribit.simulator._ledger import Ledger
            >>> from venues.deribit.simulator._market import Market
            >>> m = Matching(Market(seed=0, rate=0.0), Ledger([], {}), IdSequence())
            >>> m.cancel_where("a", lambda o: True, 0.0)
            []
        """
        return [self._close(o, now, reason) for o in self.orders(account) if keep(o)]

    def replace(self, order: Order, now: float) -> list[Update]:
        """Swap an open order for its edited version and match it again.

        Example: ``private/edit`` (see ``_trading``) is the caller.
        """
        old = self._orders[order.order_id]
        order = self._clamp(self._market.quotes(order.instrument_name), order)
        was_resting = old.order_id in self._makers
        self._unrest(old)
        edited = order.evolve(replaced=True, last_update_timestamp=int(now * 1000))
        if edited.remaining <= 0:
            edited = edited.evolve(order_state="filled")
        if edited.order_state != "open":
            self._orders[edited.order_id] = edited
            return [Update(edited.account, edited)]
        try:
            return self.execute(edited, now)
        except RpcError:
            if was_resting:
                self._rest(old)
            raise

    def fill_resting(self, order: Order, fills: list[Fill], now: float) -> list[Update]:
        """Fill a resting order as maker against synthetic takers (the market moved through it).

        Example: the market sweep (``_sweep``) is the caller.
        """
        quotes = self._market.quotes(order.instrument_name)
        self._unrest(order)
        order, trades = self._fills.maker_fills(quotes, order, fills, now)
        self._orders[order.order_id] = order
        return [Update(order.account, order, tuple(trades))]

    def store(self, order: Order) -> None:
        """Record ``order`` as it is now (used when a trigger order fires).

        Example: the market sweep (``_sweep``) is the caller.
        """
        self._orders[order.order_id] = order

    def _apply(self, quotes: Quotes, order: Order, plan: list[Fill], now: float) -> list[Update]:
        quotes.book.apply(order.direction, plan)
        order, trades, maker_updates = self._fills.taker_fills(
            quotes, order, plan, now, self._orders
        )
        for maker_order in maker_updates:
            self._orders[maker_order.order.order_id] = maker_order.order
            if not maker_order.order.is_open:
                self._makers.pop(maker_order.order.order_id, None)
        order = self._finish(order, now)
        self._orders[order.order_id] = order
        return [Update(order.account, order, tuple(trades)), *maker_updates]

    def _finish(self, order: Order, now: float) -> Order:
        if order.order_state != "open" or order.remaining <= 0:
            return order
        rests = order.order_type in LIMIT_TYPES or order.order_type == "market_limit"
        if order.order_type == "market_limit" and order.filled_amount > 0:
            order = order.evolve(
                order_type="limit", original_order_type="market_limit", price=order.average_price
            )
        elif order.order_type == "market_limit":
            rests = False
        if rests and order.time_in_force in ("good_til_cancelled", "good_til_day"):
            self._rest(order)
            return order
        return order.evolve(order_state="cancelled", last_update_timestamp=int(now * 1000))

    def _close(self, order: Order, now: float, reason: str) -> Update:
        self._unrest(order)
        closed = order.evolve(
            order_state="cancelled", cancel_reason=reason, last_update_timestamp=int(now * 1000)
        )
        self._orders[order.order_id] = closed
        return Update(order.account, closed)

    def _rest(self, order: Order) -> None:
        maker = Maker(order.order_id, order.account, order.remaining)
        side = "bids" if order.direction == "buy" else "asks"
        self._market.quotes(order.instrument_name).book.rest(side, order.price or 0.0, maker)
        self._makers[order.order_id] = maker
        self._orders[order.order_id] = order

    def _unrest(self, order: Order) -> None:
        if self._makers.pop(order.order_id, None) is None:
            return
        side = "bids" if order.direction == "buy" else "asks"
        book = self._market.quotes(order.instrument_name).book
        book.unrest(side, order.price or 0.0, order.order_id)

    def _post_only_price(self, quotes: Quotes, order: Order) -> Order:
        if not order.post_only or order.order_type != "limit" or order.price is None:
            return order
        side = "asks" if order.direction == "buy" else "bids"
        best = quotes.book.best(side)
        if best is None or not _crosses(order.direction, order.price, best):
            return order
        if order.reject_post_only:
            raise RpcError.of(POST_ONLY_REJECT)
        tick = quotes.instrument.tick_size
        return order.evolve(price=q(best - tick if order.direction == "buy" else best + tick))

    def _new_order(
        self, account: str, conn_id: int, req: OrderRequest, amount: float, now: float
    ) -> Order:
        quotes = self._market.quotes(req.instrument.name)
        low, high = quotes.price_band()
        price = req.price
        if req.order_type in ("market", "market_limit"):
            price = high if req.direction == "buy" else low
        trigger = req.trigger_price
        if req.order_type == "trailing_stop" and req.trigger_offset is not None:
            reference = quotes.mark
            trigger = q(
                reference - req.trigger_offset
                if req.direction == "sell"
                else reference + req.trigger_offset
            )
        order = Order(
            order_id=self._ids.order_id(req.instrument.currency),
            account=account,
            conn_id=conn_id,
            instrument_name=req.instrument.name,
            direction=req.direction,
            order_type=req.order_type,
            price=price,
            amount=amount,
            contract_size=req.instrument.contract_size,
            creation_timestamp=int(now * 1000),
            order_state="untriggered" if req.trigger else "open",
            time_in_force=req.time_in_force,
            label=req.label,
            post_only=req.post_only,
            reject_post_only=req.reject_post_only,
            reduce_only=req.reduce_only,
            trigger=req.trigger,
            trigger_price=trigger,
            trigger_offset=req.trigger_offset,
            triggered=False if req.trigger else None,
        )
        return self._clamp(quotes, order)

    def _reduce_only_amount(self, account: str, req: OrderRequest) -> float:
        if not req.reduce_only:
            return req.amount
        position = self._ledger.position(account, req.instrument.name)
        reducing = position.size < 0 if req.direction == "buy" else position.size > 0
        if not reducing:
            raise RpcError.of(OTHER_REJECT, detail="reduce_only")
        return min(req.amount, abs(position.size))

    @staticmethod
    def _clamp(quotes: Quotes, order: Order) -> Order:
        if order.order_type not in LIMIT_TYPES or order.price is None:
            return order
        low, high = quotes.price_band()
        price = min(order.price, high) if order.direction == "buy" else max(order.price, low)
        return order.evolve(price=price)

    def _check_funds(
        self, account: str, quotes: Quotes, direction: str, price: float, amount: float
    ) -> None:
        needed = self._ledger.initial_margin(quotes, direction, price, amount)
        currency = quotes.instrument.currency
        if needed > self.margins.available_funds(account, currency, self.orders(account)):
            raise RpcError.of(NOT_ENOUGH_FUNDS)


def _crosses(direction: str, price: float, best_opposite: float) -> bool:
    return price >= best_opposite if direction == "buy" else price <= best_opposite
