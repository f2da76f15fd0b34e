"""One order book level: a price and the absolute quantity resting at it.

Example:
    >>> from decimal import Decimal
    >>> PriceLevel(Decimal("0.0024"), Decimal("10")).quantity
    Decimal('10')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import fields

__all__ = ["LevelsField", "PriceLevel"]


@dataclass(frozen=True, slots=True)
class PriceLevel:
    """A book level; a ``quantity`` of zero in a diff means "remove this price".

    Example:
        >>> PriceLevel(Decimal("1.5"), Decimal("0")).quantity.is_zero()
        True
    """

    price: Decimal
    quantity: Decimal


class LevelsField(fields.List):
    """Marshmallow field for ``[["price", "qty"], ...]`` -> ``tuple[PriceLevel, ...]``.

    Example:
        >>> LevelsField().deserialize([["1.0", "2"]])
        (PriceLevel(price=Decimal('1.0'), quantity=Decimal('2')),)
    """

    def __init__(self, **kwargs: Any) -> None:
        pair = fields.Tuple((fields.Decimal(), fields.Decimal()))
        super().__init__(pair, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        pairs: list[Any] = super()._deserialize(value, attr, data, **kwargs) or []
        return tuple(PriceLevel(price, quantity) for price, quantity in pairs)
