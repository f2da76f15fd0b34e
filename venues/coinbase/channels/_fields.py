"""Fast field converters shared by the channel parsers, and their marshmallow twins.

The parsers build dataclasses straight from decoded JSON (no schema per frame: a
marshmallow ``load`` costs several times a whole frame receive). Each channel module
also declares a marshmallow schema producing the same dataclasses; tests load every
fixture both ways and require equal results, so the fast path cannot drift from the
declared shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import fields

from venues.coinbase.timestamps import Timestamp, parse_timestamp

__all__ = [
    "DecimalText",
    "OptionalDecimalText",
    "OptionalTimestampText",
    "TimestampText",
    "dec",
    "opt_dec",
    "opt_str",
    "opt_ts",
    "require",
]


def require(raw: Mapping[str, Any], name: str) -> Any:
    """Return ``raw[name]``; a missing field is a ``KeyError`` naming it."""
    try:
        return raw[name]
    except KeyError:
        raise KeyError(f"missing field {name!r}") from None


def dec(value: Any) -> Decimal:
    """A decimal from the venue's string (or number); rejects NaN and infinities."""
    try:
        result = Decimal(value if type(value) is str else str(value))
    except InvalidOperation:
        raise ValueError(f"not a decimal: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"not a finite decimal: {value!r}")
    return result


def opt_dec(value: Any) -> Decimal | None:
    """Like :func:`dec`, but ``None`` and ``""`` (the venue's "not set") give ``None``."""
    if value is None or value == "":
        return None
    return dec(value)


def opt_str(value: Any) -> str | None:
    """``None`` for missing or empty text, the text otherwise."""
    if value is None or value == "":
        return None
    return str(value)


def opt_ts(value: Any) -> Timestamp | None:
    """A timestamp, or ``None`` for missing or empty text."""
    if value is None or value == "":
        return None
    return parse_timestamp(value)


class DecimalText(fields.Field):
    """A required decimal sent as a string (schema twin of :func:`dec`)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        try:
            return dec(value)
        except ValueError as exc:
            raise self.make_error("invalid") from exc

    default_error_messages = {"invalid": "Not a valid decimal string."}


class OptionalDecimalText(fields.Field):
    """An optional decimal: ``""`` and ``null`` load as ``None`` (twin of :func:`opt_dec`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(load_default=None, allow_none=True, **kwargs)

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Decimal | None:
        try:
            return opt_dec(value)
        except ValueError as exc:
            raise self.make_error("invalid") from exc

    default_error_messages = {"invalid": "Not a valid decimal string."}


class TimestampText(fields.Field):
    """A required RFC 3339 time (twin of ``parse_timestamp``)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Timestamp:
        try:
            return parse_timestamp(value)
        except (TypeError, ValueError) as exc:
            raise self.make_error("invalid") from exc

    default_error_messages = {"invalid": "Not an RFC 3339 time."}


class OptionalTimestampText(fields.Field):
    """An optional RFC 3339 time (twin of :func:`opt_ts`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(load_default=None, allow_none=True, **kwargs)

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Timestamp | None:
        try:
            return opt_ts(value)
        except (TypeError, ValueError) as exc:
            raise self.make_error("invalid") from exc

    default_error_messages = {"invalid": "Not an RFC 3339 time."}
