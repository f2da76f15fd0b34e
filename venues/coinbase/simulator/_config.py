"""How the simulated Coinbase venue behaves: rates, intervals, time rules, accounts.

Example:
    >>> EngineConfig().products
    ('BTC-USD', 'ETH-USD')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EngineConfig"]


@dataclass(frozen=True)
class EngineConfig:
    """How the simulated venue behaves (every rate is per second, every time in s).

    Example:
        >>> EngineConfig(subscribe_window=None).subscribe_window is None
        True
    """

    products: tuple[str, ...] = ("BTC-USD", "ETH-USD")
    quiet_products: tuple[str, ...] = ()
    seed: int = 7
    updates_per_second: float = 20.0
    heartbeat_interval: float = 1.0
    candles_interval: float = 1.0
    ticker_batch_interval: float = 5.0
    status_interval: float = 10.0
    user_updates_per_second: float = 1.0
    balance_interval: float = 5.0
    subscribe_window: float | None = 5.0
    idle_timeout: float | None = 60.0
    batch_products: bool = False
    book_levels: int = 10
    accounts: Mapping[str, Any] = field(default_factory=dict)
