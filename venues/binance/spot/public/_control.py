"""What every stream control message shares: the request schema and the reply checks."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, fields, validate

from protocol.errors import MalformedMessage
from venues.binance.spot.stream_codec import CONTROL_METHODS

__all__ = ["ControlRequestSchema", "expect_null", "wrap"]


class ControlRequestSchema(Schema):
    """The exact shape of a control frame we send: ``{"method", "params"?, "id"}``.

    Example:
        >>> ControlRequestSchema().load({"method": "LIST_SUBSCRIPTIONS", "id": 3})["id"]
        3
    """

    class Meta:
        unknown = RAISE

    method = fields.String(required=True, validate=validate.OneOf(sorted(CONTROL_METHODS)))
    params = fields.List(fields.Raw())
    id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))


def wrap(values: list[Any]) -> dict[str, list[Any]]:
    """The params mapping the stream codec turns into the request's ``params`` array."""
    return {"params": values}


def expect_null(result: Any, method: str) -> None:
    """A non-query request succeeded only if its result is ``null``."""
    if result is not None:
        raise MalformedMessage(f"{method} answered {type(result).__name__}, expected null")
