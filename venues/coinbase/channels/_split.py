"""Splitting one venue event into per-product events (one subscription key each)."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

E = TypeVar("E")

__all__ = ["split_items"]


def split_items(event: E, attr: str, key: str = "product_id") -> list[tuple[str, E]]:
    """Group ``event.<attr>`` by each item's ``key``; one event per product, in order.

    The common case (every item for one product) returns the event itself untouched.
    """
    items: tuple[Any, ...] = getattr(event, attr)
    if not items:
        return []
    first = getattr(items[0], key)
    if all(getattr(item, key) == first for item in items):
        return [(first, event)]
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(getattr(item, key), []).append(item)
    return [
        (product, dataclasses.replace(event, **{attr: tuple(group)}))  # type: ignore[type-var]
        for product, group in groups.items()
    ]
