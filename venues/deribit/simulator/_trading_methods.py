"""Matching-engine methods: buy, sell, edit and the cancels.

Result shapes (``venues/deribit.md`` 1.4): buy/sell/edit return ``{"order": ..., "trades":
[...]}``; ``private/cancel`` the cancelled order; ``cancel_all``,
``cancel_all_by_instrument`` and ``cancel_by_label`` the number cancelled, or with
``detailed: true`` a list of execution reports ``{"currency", "type", "instrument_name",
"result": [orders]}`` grouped per currency and order kind. Every change is also pushed to the
account's ``user.*`` subscriptions.

Example:
    >>> from venues.deribit.simulator._config import SimulatorConfig
    >>> from venues.deribit.simulator._world import Call, World
    >>> world = World(SimulatorConfig(accounts={"a": "s"}, market_data_rate=0.0))
    >>> conn = world.connect(1, "/", 0.0)
    >>> grant = {"grant_type": "client_credentials", "client_id": "a", "client_secret": "s"}
    >>> token = world.tokens.authenticate(grant, 1, 0.0)["access_token"]
    >>> conn.token = world.tokens.access(token, 1, 0.0)
    >>> result = buy(Call(world, conn, "private/buy",
    ...     {"instrument_name": "BTC-PERPETUAL", "amount": 10, "type": "market"}, 1.0))
    >>> result["order"]["order_state"], len(result["trades"])
    ('filled', 1)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from venues.deribit.simulator._codes import INVALID_AMOUNT, NOT_OPEN_ORDER, RpcError
from venues.deribit.simulator._fills import Update
from venues.deribit.simulator._market_methods import CURRENCIES, instrument_quotes
from venues.deribit.simulator._order_request import (
    MAX_LABEL,
    check_amount,
    check_price,
    check_valid_until,
    parse_order,
    read_amount,
)
from venues.deribit.simulator._orders import Order
from venues.deribit.simulator._params import Params
from venues.deribit.simulator._publish import user_frames
from venues.deribit.simulator._world import Call

__all__ = [
    "buy",
    "cancel",
    "cancel_all",
    "cancel_all_by_instrument",
    "cancel_by_label",
    "edit",
    "publish",
    "sell",
]

_CANCEL_TYPES = ("all", "limit", "trigger_all", "stop", "take", "trailing_stop")


def publish(call: Call, updates: Iterable[Update]) -> None:
    """Queue the ``user.*`` notifications for ``updates`` after the reply.

    Example: see the module docstring.
    """
    call.after += user_frames(call.world, updates, call.now)


def buy(call: Call) -> Any:
    """``private/buy``.

    Example: see the module docstring.
    """
    return _place(call, "buy")


def sell(call: Call) -> Any:
    """``private/sell``.

    Example: see the module docstring.
    """
    return _place(call, "sell")


def _place(call: Call, direction: str) -> Any:
    world = call.world
    request = parse_order(call.params, direction, world.market, call.now)
    updates = world.matching.submit(call.account, call.conn.conn_id, request, call.now)
    publish(call, updates)
    return _order_result(updates[0])


def edit(call: Call) -> Any:
    """``private/edit``: change amount, price and flags of an open order.

    Example: see the module docstring.
    """
    params = Params(call.params)
    order = call.world.matching.owned(call.account, params.text("order_id"))
    if not order.is_open:
        raise RpcError.of(NOT_OPEN_ORDER)
    check_valid_until(params, call.now)
    updates = call.world.matching.replace(_edited(call, params, order), call.now)
    publish(call, updates)
    return _order_result(updates[0])


def _edited(call: Call, params: Params, order: Order) -> Order:
    instrument = call.world.market.quotes(order.instrument_name).instrument
    amount = read_amount(params, instrument, required=False)
    changes: dict[str, Any] = {}
    if amount is not None:
        changes["amount"] = check_amount(instrument, amount)
        if changes["amount"] < order.filled_amount:
            raise RpcError.of(INVALID_AMOUNT, {"reason": "below the filled amount"})
    if params.has("price") and order.price is not None and order.order_type != "market":
        changes["price"] = check_price(instrument, params.number("price"))
    if params.has("trigger_price") and order.order_state == "untriggered":
        changes["trigger_price"] = check_price(instrument, params.number("trigger_price"))
    for flag in ("post_only", "reduce_only", "reject_post_only"):
        if params.has(flag):
            changes[flag] = params.boolean(flag)
    return order.evolve(**changes)


def cancel(call: Call) -> Any:
    """``private/cancel``: the cancelled order object.

    Example: see the module docstring.
    """
    order_id = Params(call.params).text("order_id")
    update = call.world.matching.cancel(call.account, order_id, call.now)
    publish(call, [update])
    return update.order.to_wire()


def cancel_all(call: Call) -> Any:
    """``private/cancel_all``: every open order of the account.

    Example: see the module docstring.
    """
    return _cancel_many(call, lambda order: True)


def cancel_all_by_instrument(call: Call) -> Any:
    """``private/cancel_all_by_instrument``: optional ``type`` filter.

    Example: see the module docstring.
    """
    name = instrument_quotes(call).instrument.name
    kind = Params(call.params).choice("type", _CANCEL_TYPES, default="all")
    return _cancel_many(call, lambda o: o.instrument_name == name and _type_matches(o, kind))


def cancel_by_label(call: Call) -> Any:
    """``private/cancel_by_label``: every open order with ``label`` (optional ``currency``).

    Example: see the module docstring.
    """
    params = Params(call.params)
    label = params.text("label", max_len=MAX_LABEL)
    currency = params.choice("currency", CURRENCIES)
    market = call.world.market

    def matches(order: Order) -> bool:
        in_currency = market.quotes(order.instrument_name).instrument.currency == currency
        return order.label == label and (not currency or in_currency)

    return _cancel_many(call, matches)


def _cancel_many(call: Call, keep: Callable[[Order], bool]) -> Any:
    detailed = Params(call.params).boolean("detailed")
    updates = call.world.matching.cancel_where(call.account, keep, call.now)
    publish(call, updates)
    if not detailed:
        return len(updates)
    return _reports(call, [u.order for u in updates])


def _reports(call: Call, orders: list[Order]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for order in orders:
        currency = call.world.market.quotes(order.instrument_name).instrument.currency
        kind = "trigger" if order.is_trigger else "limit"
        groups.setdefault((currency, kind, order.instrument_name), []).append(order.to_wire())
    return [
        {"currency": c, "type": k, "instrument_name": i, "result": orders}
        for (c, k, i), orders in groups.items()
    ]


def _type_matches(order: Order, kind: str) -> bool:
    if kind == "all":
        return True
    if kind == "limit":
        return not order.is_trigger
    if kind == "trigger_all":
        return order.is_trigger
    return order.order_type.startswith(kind)


def _order_result(update: Update) -> dict[str, Any]:
    return {"order": update.order.to_wire(), "trades": [t.to_wire() for t in update.trades]}
