"""Wire values -> model fields: exact numbers, and two loaders per model from one declaration.

Each model is a frozen dataclass whose annotations name its wire kinds (``str``, ``int``,
``bool``, ``Decimal``, ``Price``, ``Any``, or a registered nested model). From that one
declaration come:

- :func:`fast_loader`: plain dict reads and conversions, used for market data (a
  marshmallow ``load`` costs about 25 µs a message, several times the whole receive);
- :func:`schema_for`: the marshmallow schema (``unknown = EXCLUDE``) used for replies
  and by the tests that check the fast path gives the same answer.

Numbers are exact: the codec parses JSON floats as :class:`~decimal.Decimal`, and a
float that still arrives is converted through its shortest ``repr``.

Example:
    >>> dec(8950.5), dec(40), price_value("market_price")
    (Decimal('8950.5'), Decimal('40'), 'market_price')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load

from protocol.errors import InvalidParameters

__all__ = [
    "MARKET_PRICE",
    "Price",
    "dec",
    "fast_loader",
    "price_value",
    "register_kind",
    "schema_for",
    "to_wire_number",
]

MARKET_PRICE = "market_price"
"""The ``price`` Deribit reports for market and stop-market orders."""

T = TypeVar("T")
Price = Decimal | str
"""The annotation kind of an order price: a Decimal or :data:`MARKET_PRICE`."""
Converter = Callable[[Any], Any]
FieldFactory = Callable[..., fields.Field]


def dec(value: Any) -> Decimal:
    """Return ``value`` (a JSON number or numeric string) as an exact Decimal.

    Example:
        >>> dec("0.00014757")
        Decimal('0.00014757')
    """
    kind = type(value)
    if kind is Decimal:
        return value
    if kind is int:
        return Decimal(value)
    if kind is float or kind is str:
        return Decimal(repr(value) if kind is float else value)
    raise TypeError(f"not a number: {kind.__name__}")


def price_value(value: Any) -> Decimal | str:
    """A price: a Decimal, or the string ``"market_price"``.

    Example:
        >>> price_value(207.3)
        Decimal('207.3')
    """
    return value if value == MARKET_PRICE else dec(value)


def _same(value: Any) -> Any:
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"not an integer: {type(value).__name__}")
    return value


class _DecimalField(fields.Field):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        try:
            return dec(value)
        except (TypeError, InvalidOperation) as exc:
            raise ValidationError("Not a valid number.") from exc


class _PriceField(_DecimalField):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        return value if value == MARKET_PRICE else super()._deserialize(value, attr, data)


_KINDS: dict[str, tuple[Converter, FieldFactory]] = {
    "str": (_same, fields.String),
    "int": (_int, lambda **kw: fields.Integer(strict=True, **kw)),
    "bool": (_same, fields.Boolean),
    "Decimal": (dec, _DecimalField),
    "Price": (price_value, _PriceField),
    "Any": (_same, fields.Raw),
}


def register_kind(name: str, converter: Converter, field: FieldFactory) -> None:
    """Make a nested model usable as an annotation kind in other models.

    Example:
        >>> register_kind("Answer", int, fields.Integer)
    """
    _KINDS[name] = (converter, field)


Plan = tuple[tuple[str, Converter, bool, Any], ...]
_PLANS: dict[type, Plan] = {}


def _plan(cls: type) -> Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = tuple(
            (f.name, _KINDS[_kind(f.type)][0], _required(f), _default(f))
            for f in dataclasses.fields(cls)
        )
        _PLANS[cls] = plan
    return plan


def _kind(annotation: Any) -> str:
    # Annotations are strings here (postponed evaluation); a class given directly works too.
    text = annotation.__name__ if isinstance(annotation, type) else str(annotation)
    return text.replace(" | None", "")


def _required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return None if field.default is dataclasses.MISSING else field.default


def fast_loader(cls: type[T]) -> Callable[[Mapping[str, Any]], T]:
    """Return a function building ``cls`` from a wire mapping without marshmallow.

    Missing required fields raise ``KeyError``; wrong types raise ``TypeError`` or
    ``InvalidOperation`` (the codec turns those into a malformed-frame report).

    Example:
        >>> @dataclasses.dataclass(frozen=True)
        ... class Px:
        ...     price: Decimal
        ...     note: str | None = None
        >>> fast_loader(Px)({"price": 1.5, "extra": 1})
        Px(price=Decimal('1.5'), note=None)
    """

    def load(data: Mapping[str, Any]) -> T:
        kwargs = {}
        for name, convert, required, default in _plan(cls):
            value = data[name] if required else data.get(name)
            kwargs[name] = default if value is None else convert(value)
        return cls(**kwargs)

    return load


def schema_for(cls: type[T]) -> type[Schema]:
    """Return the marshmallow schema (``unknown = EXCLUDE``) whose ``load`` builds ``cls``.

    Example:
        >>> @dataclasses.dataclass(frozen=True)
        ... class Px:
        ...     price: Decimal
        >>> schema_for(Px)().load({"price": 2, "extra": True})
        Px(price=Decimal('2'))
    """
    attrs: dict[str, Any] = {
        f.name: _field_for(f)
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
    }
    attrs["Meta"] = type("Meta", (), {"unknown": EXCLUDE})
    attrs["_build"] = post_load(lambda self, data, **kwargs: cls(**data))
    return type(f"{cls.__name__}Schema", (Schema,), attrs)


def _field_for(field: dataclasses.Field[Any]) -> fields.Field:
    factory = _KINDS[_kind(field.type)][1]
    if _required(field):
        return factory(required=True)
    return factory(load_default=_default(field), allow_none=True)


def to_wire_number(field: str, value: Decimal) -> int | float:
    """Return a validated Decimal as the JSON number Deribit expects, exactly.

    Integral values become ``int``. Others become the ``float`` whose shortest repr is
    the same decimal; a value a float cannot carry exactly is refused.

    Raises:
        InvalidParameters: more precision than a JSON double holds.

    Example:
        >>> to_wire_number("price", Decimal("50000.5")), to_wire_number("amount", Decimal("10"))
        (50000.5, 10)
    """
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    if Decimal(repr(number)) != value:
        raise InvalidParameters(field, f"{value} has more digits than a JSON number carries")
    return number
