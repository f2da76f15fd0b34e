"""Funds and fills of one order: locking at placement, matching, paying, releasing.

Every function works on one order, its market and its account's wallet; the exchange
keeps the books (ids, which orders exist) and calls these.

Example:
    >>> triggered(SimOrder("k", "BTCUSDT", 1, "c", "SELL", "STOP_LOSS", "GTC",
    ...                    stop_price=Decimal("100")), Decimal("99"))
    True
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from venues.binance.spot.simulator.api_accounts import Wallet
from venues.binance.spot.simulator.api_market import SimSymbol, take
from venues.binance.spot.simulator.api_order_checks import LIMIT_TYPES
from venues.binance.spot.simulator.api_orders import SimOrder, amount, execution_report
from venues.binance.spot.simulator.api_params import ApiReject

__all__ = ["INSUFFICIENT", "Fill", "apply_fill", "open_fills", "release", "triggered"]

Fill = tuple[Decimal, Decimal]
"""``(price, qty)`` of one match against the ladder."""

INSUFFICIENT = "Account has insufficient balance for requested action."
"""The -2010 message when a wallet cannot cover an order."""

_ZERO = Decimal(0)


def open_fills(order: SimOrder, market: SimSymbol, wallet: Wallet) -> list[Fill]:
    """Lock the order's funds and match what it takes at once (nothing if it rests).

    Raises:
        ApiReject: -2010 when the wallet cannot cover the order.
    """
    if order.type == "MARKET":
        return _market_fills(order, market, wallet)
    if order.side == "BUY" and order.type in LIMIT_TYPES:
        order.locked = order.price * order.orig_qty
        asset = market.quote
    elif order.side == "SELL":
        order.locked = order.orig_qty
        asset = market.base
    else:
        return []
    if not wallet.lock(asset, order.locked):
        raise ApiReject(-2010, INSUFFICIENT)
    if not order.is_working or order.type == "LIMIT_MAKER":
        return []
    fills = take(market, order.side, qty=order.orig_qty, limit=order.price)
    if order.time_in_force == "FOK" and sum(q for _, q in fills) < order.orig_qty:
        return []
    return fills


def _market_fills(order: SimOrder, market: SimSymbol, wallet: Wallet) -> list[Fill]:
    qty = order.orig_qty or None
    quote = order.quote_order_qty or None
    fills = take(market, order.side, qty=qty, quote_qty=quote)
    cost = sum((p * q for p, q in fills), _ZERO)
    base_qty = sum((q for _, q in fills), _ZERO)
    asset, need = (market.quote, cost) if order.side == "BUY" else (market.base, base_qty)
    if not wallet.lock(asset, need):
        raise ApiReject(-2010, INSUFFICIENT)
    order.locked = need
    if not order.orig_qty:
        order.orig_qty = base_qty
    return fills


def apply_fill(
    order: SimOrder,
    market: SimSymbol,
    wallet: Wallet,
    fill: Fill,
    *,
    trade_id: int,
    now_ms: int,
) -> dict[str, Any]:
    """Execute ``fill``: move the funds, update the order; its ``TRADE`` report."""
    price, qty = fill
    order.executed_qty += qty
    order.cummulative_quote_qty += price * qty
    order.update_time = now_ms
    if order.side == "BUY":
        _pay(wallet, order, market.quote, price * qty)
        wallet.credit(market.base, qty)
    else:
        _pay(wallet, order, market.base, qty)
        wallet.credit(market.quote, price * qty)
    order.status = "FILLED" if order.remaining <= 0 else "PARTIALLY_FILLED"
    order.fills.append(_fill_json(price, qty, market, order.side, trade_id))
    return execution_report(order, "TRADE", event_time=now_ms, last=(price, qty, trade_id))


def release(order: SimOrder, market: SimSymbol, wallet: Wallet) -> None:
    """Give back what the order still holds locked."""
    asset = market.quote if order.side == "BUY" else market.base
    wallet.unlock(asset, order.locked)
    order.locked = _ZERO


def triggered(order: SimOrder, price: Decimal) -> bool:
    """Whether the market price ``price`` reaches the order's stop price."""
    rising = (order.type.startswith("STOP_LOSS") and order.side == "BUY") or (
        order.type.startswith("TAKE_PROFIT") and order.side == "SELL"
    )
    return price >= order.stop_price if rising else price <= order.stop_price


def _pay(wallet: Wallet, order: SimOrder, asset: str, value: Decimal) -> None:
    # Triggered market orders locked nothing at placement: they pay from free funds.
    from_locked = min(order.locked, value)
    wallet.spend_locked(asset, from_locked)
    order.locked -= from_locked
    wallet.spend_free(asset, value - from_locked)


def _fill_json(
    price: Decimal, qty: Decimal, market: SimSymbol, side: str, trade_id: int
) -> dict[str, Any]:
    asset = market.base if side == "BUY" else market.quote
    return {
        "price": amount(price),
        "qty": amount(qty),
        "commission": amount(_ZERO),
        "commissionAsset": asset,
        "tradeId": trade_id,
    }
