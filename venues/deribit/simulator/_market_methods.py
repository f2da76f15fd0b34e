"""Public market data methods: instruments, order book, ticker, index price.

An unknown ``instrument_name`` is ``10020 invalid_or_unsupported_instrument``, for market
data as for trading. ``public/get_order_book`` accepts ``depth`` in
{1, 5, 10, 20, 50, 100, 1000, 10000} (default 20).

Example:
    >>> from venues.deribit.simulator._config import SimulatorConfig
    >>> from venues.deribit.simulator._world import Call, World
    >>> world = World(SimulatorConfig(accounts={}, market_data_rate=0.0))
    >>> call = Call(world, world.connect(1, "/", 0.0), "public/get_instruments",
    ...             {"currency": "ETH"}, 0.0)
    >>> [i["instrument_name"] for i in get_instruments(call)]
    ['ETH-PERPETUAL']
"""

from __future__ import annotations

from typing import Any

from venues.deribit.simulator._codes import INVALID_INSTRUMENT, RpcError
from venues.deribit.simulator._params import Params
from venues.deribit.simulator._quotes import Quotes
from venues.deribit.simulator._world import Call

__all__ = ["get_index_price", "get_instruments", "get_order_book", "instrument_quotes", "ticker"]

CURRENCIES = ("BTC", "ETH", "USDC", "USDT", "EURR")
KINDS = ("future", "option", "spot", "future_combo", "option_combo")
_DEPTHS = (1, 5, 10, 20, 50, 100, 1000, 10000)
_INDEX_NAMES = ("btc_usd", "eth_usd")


def instrument_quotes(call: Call, param: str = "instrument_name") -> Quotes:
    """The market state of the instrument named by ``param`` (``10020`` if unknown).

    Example: see the module docstring.
    """
    name = Params(call.params).text(param)
    if not call.world.market.has(name):
        raise RpcError.of(INVALID_INSTRUMENT)
    return call.world.market.quotes(name)


def get_instruments(call: Call) -> Any:
    """``public/get_instruments``: ``currency`` (or ``any``), optional ``kind``, ``expired``.

    Example: see the module docstring.
    """
    params = Params(call.params)
    currency = params.choice("currency", (*CURRENCIES, "any"), required=True)
    kind = params.choice("kind", KINDS)
    if params.boolean("expired"):
        return []
    return [
        i.to_wire()
        for i in call.world.market.instruments
        if currency in ("any", i.currency) and kind in ("", i.kind)
    ]


def get_order_book(call: Call) -> Any:
    """``public/get_order_book``: the book, top ``depth`` levels a side.

    Example: see the module docstring.
    """
    quotes = instrument_quotes(call)
    depth = Params(call.params).integer("depth", required=False, default=20)
    if depth not in _DEPTHS:
        raise RpcError.invalid_param("depth", f"must be one of {', '.join(map(str, _DEPTHS))}")
    return quotes.order_book(depth, call.now_ms)


def ticker(call: Call) -> Any:
    """``public/ticker``: the ticker record of ``instrument_name``.

    Example: see the module docstring.
    """
    return instrument_quotes(call).ticker(call.now_ms)


def get_index_price(call: Call) -> Any:
    """``public/get_index_price``: ``{index_price, estimated_delivery_price}``.

    Example: see the module docstring.
    """
    name = Params(call.params).choice("index_name", _INDEX_NAMES, required=True)
    price = call.world.market.indices[name]
    return {"index_price": price, "estimated_delivery_price": price}
