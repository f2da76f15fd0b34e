"""``ping``: test connectivity to the WebSocket API (weight 1, no security).

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/general-requests#test-connectivity

Example:
    >>> call = build()
    >>> (call.method, dict(call.params), call.weight, call.parse({}))
    ('ping', {}, 1, None)
"""

from __future__ import annotations

from typing import Any

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._schema import ParamsSchema, ResultSchema, load_params

__all__ = ["METHOD", "WEIGHT", "PingParams", "PingResult", "build", "parse"]

METHOD = "ping"
WEIGHT = 1


class PingParams(ParamsSchema):
    """``ping`` takes no parameters."""


class PingResult(ResultSchema):
    """``ping`` answers ``{}``."""


def parse(result: Any) -> None:
    """Check the reply is an object; ``ping`` returns nothing.

    Example:
        >>> parse({}) is None
        True
    """
    PingResult().load(result)


def build() -> ApiCall[None]:
    """Return the ``ping`` call.

    Example:
        >>> build().security
        'none'
    """
    return ApiCall(METHOD, load_params(PingParams(), {}), WEIGHT, "none", parse)
