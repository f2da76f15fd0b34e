"""Binance Spot symbol validation.

Symbols travel upper-case in payloads (``"s": "BNBBTC"``) and lower-case in stream names
(``bnbbtc@trade``). Both forms are checked against the venue's symbol pattern
``^[A-Z0-9-_.]{1,20}$`` before anything is sent.

Example:
    >>> validate_symbol("btcusdt")
    'BTCUSDT'
    >>> stream_symbol("BTCUSDT")
    'btcusdt'
"""

from __future__ import annotations

import re

from protocol.errors import InvalidParameters

__all__ = ["SYMBOL_PATTERN", "stream_symbol", "validate_symbol"]

SYMBOL_PATTERN = re.compile(r"^[A-Z0-9\-_.]{1,20}$")
"""The venue's symbol pattern (upper-case form)."""


def validate_symbol(symbol: object, field: str = "symbol") -> str:
    """Return ``symbol`` upper-cased, or raise ``InvalidParameters`` naming ``field``.

    Example:
        >>> validate_symbol("bnbbtc")
        'BNBBTC'
    """
    if not isinstance(symbol, str):
        raise InvalidParameters(field, f"must be a string, got {type(symbol).__name__}")
    upper = symbol.upper()
    if not SYMBOL_PATTERN.match(upper):
        raise InvalidParameters(
            field, f"{symbol!r} is not a symbol (1-20 of A-Z, 0-9, '-', '_', '.')"
        )
    return upper


def stream_symbol(symbol: object, field: str = "symbol") -> str:
    """Return ``symbol`` validated and lower-cased, as stream names spell it.

    Example:
        >>> stream_symbol("ETHBTC")
        'ethbtc'
    """
    return validate_symbol(symbol, field).lower()
