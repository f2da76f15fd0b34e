"""The simulated instruments and their ``public/get_instruments`` records.

Four instruments by default: ``BTC-PERPETUAL``, ``ETH-PERPETUAL``, the future ``BTC-26MAR27``
and the call option ``BTC-26MAR27-60000-C``. Futures are inverse (``instrument_type``
``reversed``): their ``amount`` is in USD and must be a multiple of ``contract_size``; the
option's amount is in BTC (``venues/deribit.md`` 1.4). Field names follow the
``public/get_instruments`` example of the Deribit OpenAPI document.

Example:
    >>> btc = DEFAULT_INSTRUMENTS[0]
    >>> btc.name, btc.to_wire()["tick_size"], btc.to_wire()["contract_size"]
    ('BTC-PERPETUAL', 0.5, 10.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_INDEX_PRICES", "DEFAULT_INSTRUMENTS", "Instrument"]

_PERPETUAL_EXPIRY = 32503708800000
_MAR27_EXPIRY = 1806048000000  # 2027-03-26 08:00 UTC
_CREATED = 1534167754000

DEFAULT_INDEX_PRICES: dict[str, float] = {"btc_usd": 50_000.0, "eth_usd": 3_000.0}


@dataclass(frozen=True, slots=True)
class Instrument:
    """One tradable instrument.

    ``premium`` is the future's basis over its index (its synthetic mid is
    ``index * (1 + premium)``); options are priced from ``strike`` instead.

    Example:
        >>> DEFAULT_INSTRUMENTS[3].is_option, DEFAULT_INSTRUMENTS[3].currency
        (True, 'BTC')
    """

    name: str
    kind: str
    currency: str
    settlement_period: str
    tick_size: float
    min_trade_amount: float
    contract_size: float
    instrument_id: int
    expiration_timestamp: int = _PERPETUAL_EXPIRY
    premium: float = 0.0
    strike: float = 0.0
    option_type: str = ""
    maker_commission: float = 0.0
    taker_commission: float = 0.0005

    @property
    def is_option(self) -> bool:
        """Whether this is an option (amounts in coin, prices in coin).

        Example:
            >>> DEFAULT_INSTRUMENTS[0].is_option
            False
        """
        return self.kind == "option"

    @property
    def is_perpetual(self) -> bool:
        """Whether this is a perpetual swap.

        Example:
            >>> DEFAULT_INSTRUMENTS[2].is_perpetual
            False
        """
        return self.settlement_period == "perpetual"

    @property
    def index_name(self) -> str:
        """The price index this instrument follows, e.g. ``btc_usd``.

        Example:
            >>> DEFAULT_INSTRUMENTS[1].index_name
            'eth_usd'
        """
        return f"{self.currency.lower()}_usd"

    def to_wire(self) -> dict[str, Any]:
        """The ``public/get_instruments`` record.

        Example:
            >>> DEFAULT_INSTRUMENTS[3].to_wire()["option_type"]
            'call'
        """
        wire: dict[str, Any] = {
            "tick_size": self.tick_size,
            "tick_size_steps": [],
            "taker_commission": self.taker_commission,
            "settlement_period": self.settlement_period,
            "settlement_currency": self.currency,
            "quote_currency": self.currency if self.is_option else "USD",
            "price_index": self.index_name,
            "min_trade_amount": self.min_trade_amount,
            "maker_commission": self.maker_commission,
            "kind": self.kind,
            "is_active": True,
            "instrument_name": self.name,
            "instrument_id": self.instrument_id,
            "expiration_timestamp": self.expiration_timestamp,
            "creation_timestamp": _CREATED,
            "counter_currency": "USD",
            "contract_size": self.contract_size,
            "block_trade_tick_size": self.tick_size,
            "block_trade_min_trade_amount": self.min_trade_amount * 100,
            "block_trade_commission": self.taker_commission / 2,
            "base_currency": self.currency,
        }
        return wire | (self._option_fields() if self.is_option else self._future_fields())

    def _future_fields(self) -> dict[str, Any]:
        return {
            "instrument_type": "reversed",
            "future_type": "reversed",
            "max_leverage": 50,
            "max_liquidation_commission": 0.0075,
        }

    def _option_fields(self) -> dict[str, Any]:
        return {
            "instrument_type": "reversed",
            "strike": self.strike,
            "option_type": self.option_type,
        }


DEFAULT_INSTRUMENTS: tuple[Instrument, ...] = (
    Instrument("BTC-PERPETUAL", "future", "BTC", "perpetual", 0.5, 10.0, 10.0, 124972),
    Instrument("ETH-PERPETUAL", "future", "ETH", "perpetual", 0.05, 1.0, 1.0, 124973),
    Instrument(
        "BTC-26MAR27", "future", "BTC", "month", 2.5, 10.0, 10.0, 138583,
        expiration_timestamp=_MAR27_EXPIRY, premium=0.005,
    ),
    Instrument(
        "BTC-26MAR27-60000-C", "option", "BTC", "month", 0.0005, 0.1, 1.0, 139001,
        expiration_timestamp=_MAR27_EXPIRY, strike=60_000.0, option_type="call",
        maker_commission=0.0003, taker_commission=0.0003,
    ),
)  # fmt: skip
