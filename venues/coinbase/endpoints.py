"""Coinbase Advanced Trade WebSocket endpoints.

The market-data endpoint serves every channel (``user`` and
``futures_balance_summary`` with a JWT); the user endpoint serves ``heartbeats``,
``user`` and ``futures_balance_summary`` only, and Coinbase suggests the market
endpoint as its failover. No sandbox exists for this API.

Example:
    >>> MARKET_URL
    'wss://advanced-trade-ws.coinbase.com'
"""

from __future__ import annotations

__all__ = ["MARKET_URL", "USER_ENDPOINT_CHANNELS", "USER_URL"]

MARKET_URL = "wss://advanced-trade-ws.coinbase.com"
"""Market data (and, with a JWT, user data)."""

USER_URL = "wss://advanced-trade-ws-user.coinbase.com"
"""User order data: ``heartbeats``, ``user``, ``futures_balance_summary``."""

USER_ENDPOINT_CHANNELS = frozenset({"heartbeats", "user", "futures_balance_summary"})
"""The channels the user endpoint serves."""
