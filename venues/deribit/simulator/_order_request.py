"""Validation of ``private/buy`` / ``private/sell`` / ``private/edit`` parameters.

Rules (``venues/deribit.md`` 1.4, codes from 1.6):

1. ``instrument_name`` must be simulated, else ``10020 invalid_or_unsupported_instrument``.
2. ``amount`` or ``contracts`` is required (``-32602``); if both are sent they must agree.
   ``amount <= 0`` is ``10021 invalid_amount``, below ``min_trade_amount`` ``10002 qty_too_low``;
   a futures amount that is not a whole number of contracts is ``10027``, an option amount off
   the ``min_trade_amount`` grid ``10021``.
3. Limit types need ``price``; a price ``<= 0`` is ``10023 invalid_price``, off the tick grid
   ``10043 price_wrong_tick``.
4. Trigger types need ``trigger`` and ``trigger_price`` (``trailing_stop``: ``trigger_offset``).
5. ``label`` is at most 64 characters; ``valid_until`` (ms) in the past is ``13888 timed_out``.

Example:
    >>> from venues.deribit.simulator._market import Market
    >>> market = Market(seed=0, rate=0.0)
    >>> req = parse_order({"instrument_name": "BTC-PERPETUAL", "amount": 100, "price": 50_000},
    ...                   "buy", market, now=0.0)
    >>> req.order_type, req.amount, req.price
    ('limit', 100.0, 50000.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from venues.deribit.simulator._book import q
from venues.deribit.simulator._codes import (
    INVALID_AMOUNT,
    INVALID_INSTRUMENT,
    INVALID_PRICE,
    NON_INTEGER_CONTRACT_AMOUNT,
    PRICE_WRONG_TICK,
    QTY_TOO_LOW,
    TIMED_OUT,
    RpcError,
)
from venues.deribit.simulator._instruments import Instrument
from venues.deribit.simulator._market import Market
from venues.deribit.simulator._params import Params

__all__ = [
    "LIMIT_TYPES",
    "ORDER_TYPES",
    "TIME_IN_FORCE",
    "OrderRequest",
    "check_amount",
    "check_price",
    "parse_order",
    "read_amount",
]

ORDER_TYPES = (
    "limit",
    "stop_limit",
    "take_limit",
    "market",
    "stop_market",
    "take_market",
    "market_limit",
    "trailing_stop",
)
LIMIT_TYPES = ("limit", "stop_limit", "take_limit")
TIME_IN_FORCE = ("good_til_cancelled", "good_til_day", "fill_or_kill", "immediate_or_cancel")
TRIGGERS = ("index_price", "mark_price", "last_price")
MAX_LABEL = 64


@dataclass(frozen=True, slots=True)
class OrderRequest:
    """A validated order request.

    Example:
        >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
        >>> OrderRequest(DEFAULT_INSTRUMENTS[0], "sell", "market", 10.0, None).time_in_force
        'good_til_cancelled'
    """

    instrument: Instrument
    direction: str
    order_type: str
    amount: float
    price: float | None
    time_in_force: str = "good_til_cancelled"
    label: str = ""
    post_only: bool = False
    reject_post_only: bool = False
    reduce_only: bool = False
    trigger: str = ""
    trigger_price: float | None = None
    trigger_offset: float | None = None


def parse_order(raw: Mapping[str, Any], direction: str, market: Market, now: float) -> OrderRequest:
    """Validate a buy/sell request (see the module rules).

    Example:
        >>> from venues.deribit.simulator._market import Market
        >>> parse_order({"instrument_name": "NOPE", "amount": 1}, "buy",
        ...             Market(seed=0, rate=0.0), now=0.0)
        Traceback (most recent call last):
        ...
        venues.deribit.simulator._codes.RpcError: (10020, 'invalid_or_unsupported_instrument')
    """
    params = Params(raw)
    name = params.text("instrument_name")
    if not market.has(name):
        raise RpcError.of(INVALID_INSTRUMENT)
    instrument = market.quotes(name).instrument
    order_type = params.choice("type", ORDER_TYPES, default="limit")
    amount = check_amount(instrument, read_amount(params, instrument, required=True))
    price = _price(params, instrument, order_type)
    check_valid_until(params, now)
    return OrderRequest(
        instrument=instrument,
        direction=direction,
        order_type=order_type,
        amount=amount,
        price=price,
        time_in_force=params.choice("time_in_force", TIME_IN_FORCE, default=TIME_IN_FORCE[0]),
        label=params.text("label", required=False, max_len=MAX_LABEL),
        post_only=params.boolean("post_only"),
        reject_post_only=params.boolean("reject_post_only"),
        reduce_only=params.boolean("reduce_only"),
        **_trigger_fields(params, instrument, order_type),
    )


def read_amount(params: Params, instrument: Instrument, *, required: bool) -> float | None:
    """``amount``, or ``contracts * contract_size``; both sent must agree.

    Example:
        >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
        >>> read_amount(Params({"contracts": 3}), DEFAULT_INSTRUMENTS[0], required=True)
        30.0
    """
    amount = params.number("amount", required=False) if params.has("amount") else None
    contracts = params.number("contracts", required=False) if params.has("contracts") else None
    if contracts is not None:
        from_contracts = q(contracts * instrument.contract_size)
        if amount is not None and q(amount) != from_contracts:
            raise RpcError.invalid_param("contracts", "does not match amount")
        amount = from_contracts
    if amount is None and required:
        raise RpcError.invalid_param("amount", "missing required parameter")
    return amount


def check_amount(instrument: Instrument, amount: float | None) -> float:
    """Validate an order amount against the instrument's size rules.

    Example:
        >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
        >>> check_amount(DEFAULT_INSTRUMENTS[0], 15.0)
        Traceback (most recent call last):
        ...
        venues.deribit.simulator._codes.RpcError: (10027, 'non_integer_contract_amount')
    """
    if amount is None or amount <= 0:
        raise RpcError.of(INVALID_AMOUNT)
    if amount < instrument.min_trade_amount:
        raise RpcError.of(QTY_TOO_LOW)
    step = instrument.min_trade_amount if instrument.is_option else instrument.contract_size
    if not _on_grid(amount, step):
        code = INVALID_AMOUNT if instrument.is_option else NON_INTEGER_CONTRACT_AMOUNT
        raise RpcError.of(code)
    return q(amount)


def check_price(instrument: Instrument, price: float) -> float:
    """Validate a limit price: positive and on the tick grid.

    Example:
        >>> from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS
        >>> check_price(DEFAULT_INSTRUMENTS[0], 100.25)
        Traceback (most recent call last):
        ...
        venues.deribit.simulator._codes.RpcError: (10043, 'price_wrong_tick')
    """
    if price <= 0:
        raise RpcError.of(INVALID_PRICE)
    if not _on_grid(price, instrument.tick_size):
        raise RpcError.of(PRICE_WRONG_TICK)
    return q(price)


def check_valid_until(params: Params, now: float) -> None:
    """``13888 timed_out`` when ``valid_until`` (ms) has passed.

    Example:
        >>> check_valid_until(Params({"valid_until": 1}), now=1.0)
        Traceback (most recent call last):
        ...
        venues.deribit.simulator._codes.RpcError: (13888, 'timed_out')
    """
    if params.has("valid_until") and params.integer("valid_until") < int(now * 1000):
        raise RpcError.of(TIMED_OUT)


def _price(params: Params, instrument: Instrument, order_type: str) -> float | None:
    if order_type not in LIMIT_TYPES:
        return None
    return check_price(instrument, params.number("price"))


def _trigger_fields(params: Params, instrument: Instrument, order_type: str) -> dict[str, Any]:
    if not order_type.startswith(("stop", "take", "trailing")):
        return {}
    trigger = params.choice("trigger", TRIGGERS, required=True)
    if order_type == "trailing_stop":
        offset = params.number("trigger_offset")
        if offset <= 0:
            raise RpcError.invalid_param("trigger_offset", "must be positive")
        return {"trigger": trigger, "trigger_offset": q(offset)}
    price = check_price(instrument, params.number("trigger_price"))
    return {"trigger": trigger, "trigger_price": price}


def _on_grid(value: float, step: float) -> bool:
    ratio = value / step
    return abs(ratio - round(ratio)) < 1e-6
