"""The typed values Deribit clients return and deliver (frozen dataclasses).

Prices and amounts are exact :class:`~decimal.Decimal`; timestamps are integer
milliseconds; tokens are :class:`~protocol.secrets.Secret`. Every model with a
``from_wire`` classmethod has a marshmallow twin (:func:`schema_of`), and the tests
check that both give the same value for the venue's example messages.

What each subscription channel delivers (the ``data`` of handlers and signals):

=============================  ==========================================
``trades.*``                   ``tuple[Trade, ...]``
``book.*``                     :class:`BookChange`
``ticker.*``                   :class:`Ticker`
``deribit_price_index.*``      :class:`PriceIndex`
``user.orders.*``              :class:`Order` or ``tuple[Order, ...]``
``user.trades.*``              ``tuple[UserTrade, ...]``
``user.portfolio.*``           :class:`AccountSummary`
``user.changes.*``             :class:`UserChanges`
anything else                  the decoded JSON value
=============================  ==========================================

Example:
    >>> from venues.deribit.models import Trade, schema_of
    >>> wire = {"trade_id": "48079269", "trade_seq": 30289442, "timestamp": 1590484512188,
    ...         "instrument_name": "BTC-PERPETUAL", "direction": "sell",
    ...         "price": 8950.0, "amount": 10.0}
    >>> Trade.from_wire(wire) == schema_of(Trade)().load(wire)
    True
"""

from __future__ import annotations

from marshmallow import Schema

from venues.deribit._account_models import AccountLimits, AccountSummary, AuthResult
from venues.deribit._market_models import (
    BookChange,
    BookLevel,
    BookLevelChange,
    Instrument,
    OrderBook,
    PriceIndex,
    Ticker,
    TickerStats,
    Trade,
)
from venues.deribit._trading_models import Order, OrderResult, Position, UserChanges, UserTrade
from venues.deribit._wire import MARKET_PRICE, schema_for

__all__ = [
    "MARKET_PRICE",
    "AccountLimits",
    "AccountSummary",
    "AuthResult",
    "BookChange",
    "BookLevel",
    "BookLevelChange",
    "Instrument",
    "Order",
    "OrderBook",
    "OrderResult",
    "Position",
    "PriceIndex",
    "Ticker",
    "TickerStats",
    "Trade",
    "UserChanges",
    "UserTrade",
    "schema_of",
]

_SCHEMAS: dict[type, type[Schema]] = {}


def schema_of(model: type) -> type[Schema]:
    """Return the marshmallow schema (``unknown = EXCLUDE``) that loads ``model``.

    Example:
        >>> schema_of(PriceIndex)().load({"index_name": "btc_usd", "price": 1, "timestamp": 2})
        PriceIndex(index_name='btc_usd', price=Decimal('1'), timestamp=2)
    """
    schema = _SCHEMAS.get(model)
    if schema is None:
        schema = _SCHEMAS[model] = schema_for(model)
    return schema
