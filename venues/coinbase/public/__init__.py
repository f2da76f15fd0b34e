"""The public (market data) Coinbase Advanced Trade client.

Example:
    >>> from venues.coinbase.public import CoinbasePublicClient
    >>> CoinbasePublicClient.__name__
    'CoinbasePublicClient'
"""

from __future__ import annotations

from venues.coinbase.public.client import CoinbasePublicClient

__all__ = ["CoinbasePublicClient"]
