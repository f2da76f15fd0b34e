"""What every method file builds: a validated :class:`Call`, and the loaders behind it.

A method file declares a params schema (``unknown = RAISE``: what we send is exact) and
a result loader, and its keyword-only ``build`` returns a :class:`Call`. Building
validates everything, so bad input raises :class:`~protocol.errors.InvalidParameters`
naming the field before anything is sent. Clients only send calls and parse results.

Example:
    >>> from marshmallow import Schema, fields
    >>> class Params(Schema):
    ...     depth = fields.Integer(required=True)
    >>> call = Call("public/get_order_book", load_params(Params(), {"depth": 5}), int)
    >>> call.method, call.params, call.result(7)
    ('public/get_order_book', {'depth': 5}, 7)
    >>> load_params(Params(), {"depth": "x"})
    Traceback (most recent call last):
    ...
    protocol.errors.InvalidParameters: invalid parameter 'depth': Not a valid integer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from marshmallow import Schema, ValidationError

from protocol.errors import InvalidParameters, MalformedMessage
from venues.deribit._wire import to_wire_number

__all__ = ["Call", "load_params", "load_result", "many", "ok", "one"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """A request ready to send: ``method``, validated ``params``, and how to read the result.

    Example:
        >>> Call("public/get_time", {}, int).result(1550147385946)
        1550147385946
    """

    method: str
    params: Mapping[str, Any] = field(repr=False)
    parse: Callable[[Any], T] = field(repr=False)

    def __repr__(self) -> str:
        # Params may hold a secret (auth) and are never shown; their names are.
        return f"Call({self.method!r}, params={sorted(self.params)})"

    def result(self, raw: Any) -> T:
        """Turn the raw ``result`` into the typed value.

        Raises:
            MalformedMessage: the venue's answer does not have the documented shape.
        """
        try:
            return self.parse(raw)
        except MalformedMessage:
            raise
        except ValidationError as exc:
            field, problem = _first_error(exc.messages)
            raise MalformedMessage(f"{self.method} result: {field}: {problem}") from exc
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            reason = f"{self.method} result: {type(exc).__name__}: {exc}"
            raise MalformedMessage(reason) from exc


def load_params(schema: Schema, given: Mapping[str, Any]) -> dict[str, Any]:
    """Validate ``given`` (``None`` values dropped) and return the wire params.

    Decimals become exact JSON numbers (:func:`~venues.deribit._wire.to_wire_number`).

    Raises:
        InvalidParameters: naming the first bad or unknown field.
    """
    present = {key: value for key, value in given.items() if value is not None}
    try:
        loaded = schema.load(present)
    except ValidationError as exc:
        field, problem = _first_error(exc.messages)
        raise InvalidParameters(field, problem) from exc
    # Keep the caller's order: the frame then reads like the call that made it.
    ordered = [key for key in present if key in loaded] + [k for k in loaded if k not in present]
    return {key: _wire(key, loaded[key]) for key in ordered}


def _wire(field: str, value: Any) -> Any:
    return to_wire_number(field, value) if isinstance(value, Decimal) else value


def _first_error(messages: Any, prefix: str = "") -> tuple[str, str]:
    if isinstance(messages, Mapping):
        key, inner = next(iter(messages.items()))
        name = prefix if key == "_schema" else f"{prefix}.{key}" if prefix else str(key)
        return _first_error(inner, name)
    if isinstance(messages, list) and messages:
        return _first_error(messages[0], prefix)
    return prefix or "params", str(messages)


def load_result(schema: Schema) -> Callable[[Any], Any]:
    """A parser that loads a result with ``schema`` (``ValidationError`` -> malformed)."""
    return schema.load


def one(loader: Callable[[Mapping[str, Any]], T]) -> Callable[[Any], T]:
    """A parser for a result that is one object.

    Example:
        >>> one(dict)({"a": 1})
        {'a': 1}
    """

    def parse(raw: Any) -> T:
        if not isinstance(raw, Mapping):
            raise TypeError(f"expected an object, got {type(raw).__name__}")
        return loader(raw)

    return parse


def many(loader: Callable[[Mapping[str, Any]], T]) -> Callable[[Any], tuple[T, ...]]:
    """A parser for a result that is a list of objects.

    Example:
        >>> many(dict)([{"a": 1}])
        ({'a': 1},)
    """
    item = one(loader)

    def parse(raw: Any) -> tuple[T, ...]:
        if not isinstance(raw, list):
            raise TypeError(f"expected a list, got {type(raw).__name__}")
        return tuple(item(entry) for entry in raw)

    return parse


def ok(raw: Any) -> str:
    """A parser for the ``"ok"`` that session methods return.

    Example:
        >>> ok("ok")
        'ok'
    """
    if raw != "ok":
        raise ValueError(f"expected 'ok', got {raw!r}")
    return "ok"
