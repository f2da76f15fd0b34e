"""``time``: the venue's current time in epoch ms (weight 1, no security).

The file is not called ``time.py`` so that it never shadows the standard module.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/general-requests#check-server-time

Example:
    >>> call = build()
    >>> (call.method, call.weight, call.parse({"serverTime": 1656400526260}))
    ('time', 1, 1656400526260)
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._schema import ParamsSchema, ResultSchema, load_params

__all__ = ["METHOD", "WEIGHT", "ServerTimeParams", "ServerTimeResult", "build", "parse"]

METHOD = "time"
WEIGHT = 1


class ServerTimeParams(ParamsSchema):
    """``time`` takes no parameters."""


class ServerTimeResult(ResultSchema):
    """``{"serverTime": ms}``."""

    server_time = fields.Integer(data_key="serverTime", required=True)


def parse(result: Any) -> int:
    """Return ``serverTime`` (epoch ms).

    Example:
        >>> parse({"serverTime": 5})
        5
    """
    loaded: dict[str, int] = ServerTimeResult().load(result)
    return loaded["server_time"]


def build() -> ApiCall[int]:
    """Return the ``time`` call.

    Example:
        >>> build().params
        {}
    """
    return ApiCall(METHOD, load_params(ServerTimeParams(), {}), WEIGHT, "none", parse)
