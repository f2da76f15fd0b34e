"""Strict, fast field readers shared by the stream events' fast constructors.

Each reader checks the JSON type the venue documents and raises ``TypeError`` or
``ValueError`` otherwise, so a hostile frame becomes ``Malformed`` in the codec instead of a
wrongly typed event. Prices and quantities arrive as decimal strings and become exact
``Decimal`` values.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from venues.binance.spot.public.streams.price_level import PriceLevel

__all__ = ["boolean", "decimal", "integer", "levels", "text"]


def decimal(value: Any) -> Decimal:
    """Return the exact ``Decimal`` of a finite decimal string."""
    if type(value) is not str:
        raise TypeError(f"expected a decimal string, got {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a finite decimal: {value!r}")
    return number


def integer(value: Any) -> int:
    """Return ``value`` if it is a JSON integer (never a bool or a string)."""
    if type(value) is not int:
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def boolean(value: Any) -> bool:
    """Return ``value`` if it is a JSON boolean."""
    if type(value) is not bool:
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


def text(value: Any) -> str:
    """Return ``value`` if it is a JSON string."""
    if type(value) is not str:
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def levels(value: Any) -> tuple[PriceLevel, ...]:
    """Return ``[[price, qty], ...]`` as price levels."""
    if type(value) is not list:
        raise TypeError(f"expected a list of levels, got {type(value).__name__}")
    return tuple(_level(item) for item in value)


def _level(item: Any) -> PriceLevel:
    if type(item) is not list or len(item) != 2:
        raise ValueError("a level is [price, quantity]")
    return PriceLevel(decimal(item[0]), decimal(item[1]))
