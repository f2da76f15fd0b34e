"""Shared schema pieces of the WebSocket API methods: fields, enums and the param loader.

What we send is exact (``unknown = RAISE``): DECIMAL params travel as strings, INT/LONG
params as JSON integers, enums as their names. A builder hands Python keyword values to
:func:`load_params`, which validates them and returns the wire dict, or raises
``InvalidParameters`` naming the keyword the caller used.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

from protocol.errors import InvalidParameters
from venues.binance.spot.symbols import validate_symbol

__all__ = [
    "MAX_RECV_WINDOW",
    "ORDER_TYPES",
    "SIDES",
    "TIME_IN_FORCE",
    "DecimalString",
    "ParamsSchema",
    "ResultSchema",
    "StrictInt",
    "Symbol",
    "load_params",
    "validate_recv_window",
]

SIDES = ("BUY", "SELL")
ORDER_TYPES = (
    "LIMIT",
    "LIMIT_MAKER",
    "MARKET",
    "STOP_LOSS",
    "STOP_LOSS_LIMIT",
    "TAKE_PROFIT",
    "TAKE_PROFIT_LIMIT",
)
TIME_IN_FORCE = ("GTC", "IOC", "FOK")
MAX_RECV_WINDOW = Decimal(60000)


class ParamsSchema(Schema):
    """Base of every params schema: unknown keys are refused."""

    class Meta:
        unknown = RAISE


class ResultSchema(Schema):
    """Base of every result schema: fields the venue adds later are ignored."""

    class Meta:
        unknown = EXCLUDE


class DecimalString(fields.Field):
    """A DECIMAL param: accepts ``Decimal``, ``str`` or ``int`` (never ``float``, whose
    binary value is not the number written) and sends it as a plain decimal string."""

    def __init__(self, *, positive: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._positive = positive

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, Decimal | str | int):
            raise ValidationError("must be a Decimal, str or int (not float)")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValidationError(f"{value!r} is not a decimal number") from None
        if not number.is_finite():
            raise ValidationError("must be finite")
        if self._positive and number <= 0:
            raise ValidationError("must be > 0")
        return number

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else format(value, "f")


class StrictInt(fields.Integer):
    """An INT/LONG param: a real ``int`` (``bool`` and numeric strings are refused)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise ValidationError("must be an integer, not a bool")
        return super()._deserialize(value, attr, data, **kwargs)


class Symbol(fields.String):
    """A symbol, validated and upper-cased (``btcusdt`` -> ``BTCUSDT``)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        try:
            return validate_symbol(value)
        except InvalidParameters as exc:
            raise ValidationError(exc.problem) from exc


def one_of(choices: tuple[str, ...]) -> validate.OneOf:
    """A validator naming the allowed enum values."""
    return validate.OneOf(choices, error=f"must be one of {', '.join(choices)}")


def load_params(schema: Schema, values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate Python keyword ``values`` (``None`` = not sent) and return the wire dict.

    Raises:
        InvalidParameters: naming the keyword (``time_in_force``, not ``timeInForce``).

    Example:
        >>> from venues.binance.spot.private.order_cancel import OrderCancelParams
        >>> load_params(OrderCancelParams(), {"symbol": "btcusdt", "order_id": 7})
        {'symbol': 'BTCUSDT', 'orderId': 7}
    """
    names = {field.data_key or name: name for name, field in schema.fields.items()}
    wire = {
        (schema.fields[name].data_key or name) if name in schema.fields else name: value
        for name, value in values.items()
        if value is not None
    }
    try:
        loaded = schema.load(wire)
    except ValidationError as exc:
        raise _invalid(exc, names) from exc
    dumped: dict[str, Any] = schema.dump(loaded)
    return {key: value for key, value in dumped.items() if value is not None}


def _invalid(exc: ValidationError, names: Mapping[str, str]) -> InvalidParameters:
    messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
    key, problem = sorted(messages.items())[0]
    text = "; ".join(map(str, problem)) if isinstance(problem, list) else str(problem)
    return InvalidParameters(names.get(key, key), text)


def validate_recv_window(recv_window: Any) -> Decimal | int | None:
    """Check ``recvWindow`` (ms, > 0, <= 60000, at most 3 decimals); ``None`` passes.

    Integral values come back as ``int``; fractional ones as ``Decimal`` (sent as text).

    Raises:
        InvalidParameters: naming ``recv_window``.

    Example:
        >>> validate_recv_window(5000), validate_recv_window(Decimal("6000.346"))
        (5000, Decimal('6000.346'))
    """
    if recv_window is None:
        return None
    try:
        number = DecimalString()._deserialize(recv_window, None, None)
    except ValidationError as exc:
        raise InvalidParameters("recv_window", "; ".join(map(str, exc.messages))) from exc
    if number > MAX_RECV_WINDOW:
        raise InvalidParameters("recv_window", "must be at most 60000 ms")
    if number.as_tuple().exponent < -3:  # type: ignore[operator]
        raise InvalidParameters("recv_window", "at most three decimal places")
    return int(number) if number == number.to_integral_value() else number
