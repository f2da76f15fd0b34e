"""Private read methods: open orders, order state, positions, account summary.

Example:
    >>> from venues.deribit.simulator._config import SimulatorConfig
    >>> from venues.deribit.simulator._world import Call, World
    >>> world = World(SimulatorConfig(accounts={"a": "s"}, market_data_rate=0.0))
    >>> conn = world.connect(1, "/", 0.0)
    >>> grant = {"grant_type": "client_credentials", "client_id": "a", "client_secret": "s"}
    >>> token = world.tokens.authenticate(grant, 1, 0.0)["access_token"]
    >>> conn.token = world.tokens.access(token, 1, 0.0)
    >>> get_open_orders_by_currency(Call(world, conn, "private/get_open_orders_by_currency",
    ...                                  {"currency": "BTC"}, 0.0))
    []
"""

from __future__ import annotations

from typing import Any

from venues.deribit.simulator._market_methods import CURRENCIES, KINDS, instrument_quotes
from venues.deribit.simulator._orders import Order
from venues.deribit.simulator._params import Params
from venues.deribit.simulator._world import Call

__all__ = [
    "get_account_summary",
    "get_open_orders_by_currency",
    "get_order_state",
    "get_position",
    "get_positions",
]

_ORDER_FILTERS = (
    "all",
    "limit",
    "trigger_all",
    "stop_all",
    "stop_limit",
    "stop_market",
    "take_all",
    "take_limit",
    "take_market",
    "trailing_all",
    "trailing_stop",
)


def get_open_orders_by_currency(call: Call) -> Any:
    """``private/get_open_orders_by_currency``: ``currency``, optional ``kind`` and ``type``.

    Example: see the module docstring.
    """
    params = Params(call.params)
    currency = params.choice("currency", CURRENCIES, required=True)
    kind = params.choice("kind", KINDS)
    wanted = params.choice("type", _ORDER_FILTERS, default="all")
    market = call.world.market
    out = []
    for order in call.world.matching.orders(call.account):
        instrument = market.quotes(order.instrument_name).instrument
        if instrument.currency != currency or kind not in ("", instrument.kind):
            continue
        if _type_matches(order, wanted):
            out.append(order.to_wire())
    return out


def get_order_state(call: Call) -> Any:
    """``private/get_order_state``: any order of the account, open or closed.

    Example: see the module docstring.
    """
    order_id = Params(call.params).text("order_id")
    return call.world.matching.owned(call.account, order_id).to_wire()


def get_position(call: Call) -> Any:
    """``private/get_position``: one position (size 0 when flat).

    Example: see the module docstring.
    """
    quotes = instrument_quotes(call)
    return call.world.ledger.position_wire(call.account, quotes)


def get_positions(call: Call) -> Any:
    """``private/get_positions``: positions held, by optional ``currency`` and ``kind``.

    Example: see the module docstring.
    """
    params = Params(call.params)
    currency = params.choice("currency", (*CURRENCIES, "any"), default="any")
    kind = params.choice("kind", KINDS)
    world, out = call.world, []
    for instrument in world.market.instruments:
        if currency not in ("any", instrument.currency) or kind not in ("", instrument.kind):
            continue
        position = world.ledger.position(call.account, instrument.name)
        if position.size or position.realized:
            out.append(
                world.ledger.position_wire(call.account, world.market.quotes(instrument.name))
            )
    return out


def get_account_summary(call: Call) -> Any:
    """``private/get_account_summary``: balances, margins, P&L and the ``limits`` object.

    Example: see the module docstring.
    """
    params = Params(call.params)
    currency = params.choice("currency", CURRENCIES, required=True)
    params.boolean("extended")
    world = call.world
    return world.accounts.summary(
        call.account,
        currency,
        account_id=world.account_id(call.account),
        limits=world.config.limits.to_wire(),
    )


def _type_matches(order: Order, wanted: str) -> bool:
    if wanted == "all":
        return True
    if wanted == "limit":
        return order.order_type == "limit"
    if wanted == "trigger_all":
        return order.is_trigger
    if wanted.endswith("_all"):
        return order.order_type.startswith(wanted.removesuffix("_all"))
    return order.order_type == wanted
