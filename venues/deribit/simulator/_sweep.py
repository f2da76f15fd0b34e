"""What a market step does to resting user orders: fills and triggers.

Rules:

1. After a ladder rebuild, a resting user order the synthetic ladder now crosses (a bid at
   or above the best synthetic ask, an ask at or below the best synthetic bid) is filled
   completely at its own price as maker, against a synthetic taker.
2. Untriggered orders compare their ``trigger_price`` with the reference named by ``trigger``
   (``index_price``, ``mark_price`` or ``last_price``): stops fire when the reference
   reaches the price from the order's adverse side (buy: ``>=``, sell: ``<=``), takes from the
   favourable side (buy: ``<=``, sell: ``>=``). A trailing stop first follows the reference
   at ``trigger_offset``.
3. A fired order becomes ``open`` with ``triggered: true`` and is matched at once (limit types
   at their ``price``, market types at market). If that match is refused (self-trade), the
   order is cancelled with ``cancel_reason`` ``reject``.

Example:
    >>> from venues.deribit.simulator._ids import IdSequence
    >>> from venues.deribit.simulator._ledger import Ledger
    >>> from venues.deribit.simulator._market import Market
    >>> from venues.deribit.simulator._matching import Matching
    >>> market = Market(seed=0, rate=1.0)
    >>> sweep(Matching(market, Ledger([], {}), IdSequence()), market, "BTC-PERPETUAL", 1.0)
    []
"""

from __future__ import annotations

from venues.deribit.simulator._book import Fill, q
from venues.deribit.simulator._codes import RpcError
from venues.deribit.simulator._fills import Update
from venues.deribit.simulator._market import Market
from venues.deribit.simulator._matching import Matching
from venues.deribit.simulator._orders import Order
from venues.deribit.simulator._quotes import Quotes

__all__ = ["fires", "sweep"]


def sweep(matching: Matching, market: Market, name: str, now: float) -> list[Update]:
    """Fill crossed resting orders of ``name``, then fire its due trigger orders.

    Example: see the module docstring.
    """
    quotes = market.quotes(name)
    updates = _fill_crossed(matching, quotes, "bids", now)
    updates += _fill_crossed(matching, quotes, "asks", now)
    for order in matching.orders():
        if order.instrument_name == name and order.order_state == "untriggered":
            updates += _check_trigger(matching, quotes, order, now)
    return updates


def fires(order: Order, reference: float) -> bool:
    """Whether trigger ``order`` fires at ``reference`` (module rule 2).

    Example:
        >>> o = Order("1", "a", 1, "X", "sell", "stop_market", None, 1.0, 1.0, 0,
        ...           trigger="mark_price", trigger_price=100.0)
        >>> fires(o, 101.0), fires(o, 100.0)
        (False, True)
    """
    if order.trigger_price is None:
        return False
    above, below = reference >= order.trigger_price, reference <= order.trigger_price
    if order.order_type.startswith("take"):
        return below if order.direction == "buy" else above
    return above if order.direction == "buy" else below


def _fill_crossed(matching: Matching, quotes: Quotes, side: str, now: float) -> list[Update]:
    opposite = "asks" if side == "bids" else "bids"
    best = quotes.book.synthetic_best(opposite)
    updates: list[Update] = []
    for price, maker in quotes.book.resting(side):
        crossed = best is not None and (price >= best if side == "bids" else price <= best)
        if not crossed:
            break
        order = matching.owned(maker.account, maker.order_id)
        updates += matching.fill_resting(order, [Fill(price, maker.remaining, None)], now)
    return updates


def _check_trigger(matching: Matching, quotes: Quotes, order: Order, now: float) -> list[Update]:
    reference = _reference(quotes, order.trigger)
    order = _trail(order, reference)
    matching.store(order)
    if not fires(order, reference):
        return []
    fired = order.evolve(order_state="open", triggered=True, last_update_timestamp=int(now * 1000))
    matching.store(fired)
    try:
        return matching.execute(fired, now)
    except RpcError:
        return matching.cancel_where(
            order.account, lambda o: o.order_id == order.order_id, now, "reject"
        )


def _trail(order: Order, reference: float) -> Order:
    if order.trigger_offset is None or order.trigger_price is None:
        return order
    if order.direction == "sell":
        return order.evolve(
            trigger_price=q(max(order.trigger_price, reference - order.trigger_offset))
        )
    return order.evolve(trigger_price=q(min(order.trigger_price, reference + order.trigger_offset)))


def _reference(quotes: Quotes, trigger: str) -> float:
    if trigger == "index_price":
        return quotes.index
    if trigger == "last_price":
        return quotes.last_price
    return quotes.mark
