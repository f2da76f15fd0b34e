"""The private Coinbase Advanced Trade client, its credentials and JWTs.

Example:
    >>> from venues.coinbase.private import CoinbasePrivateClient, Credentials
    >>> CoinbasePrivateClient.__name__
    'CoinbasePrivateClient'
"""

from __future__ import annotations

from venues.coinbase.private.client import CoinbasePrivateClient
from venues.coinbase.private.credentials import Credentials
from venues.coinbase.private.jwt import build_jwt

__all__ = ["CoinbasePrivateClient", "Credentials", "build_jwt"]
