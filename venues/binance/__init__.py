"""Binance venues built on the venue-actors runtime.

Binance Spot lives in :mod:`venues.binance.spot`: the public market-data streams client,
the private WebSocket API client and a protocol-faithful simulator.

Example:
    >>> import venues.binance
    >>> venues.binance.__all__
    []
"""

from __future__ import annotations

__all__: list[str] = []
