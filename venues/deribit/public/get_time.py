"""``public/get_time``: the server's clock, in milliseconds since the epoch.

Docs: https://docs.deribit.com/#public-get_time

Example:
    >>> call = build()
    >>> call.method, call.params, call.result(1550147385946)
    ('public/get_time', {}, 1550147385946)
"""

from __future__ import annotations

from marshmallow import fields

from venues.deribit._call import Call, load_params
from venues.deribit._schemas import StrictSchema

__all__ = ["METHOD", "Params", "build"]

METHOD = "public/get_time"


class Params(StrictSchema):
    """No parameters."""


_RESULT = fields.Integer(strict=True, required=True)


def build() -> Call[int]:
    """Return the call; its result is an int (ms).

    Example:
        >>> build().method
        'public/get_time'
    """
    return Call(METHOD, load_params(Params(), {}), _RESULT.deserialize)
