"""``public/disable_heartbeat``: stop heartbeats on this connection.

Docs: https://docs.deribit.com/#public-disable_heartbeat

Example:
    >>> call = build()
    >>> call.method, call.params, call.result("ok")
    ('public/disable_heartbeat', {}, 'ok')
"""

from __future__ import annotations

from venues.deribit._call import Call, load_params, ok
from venues.deribit._schemas import StrictSchema

__all__ = ["METHOD", "Params", "build"]

METHOD = "public/disable_heartbeat"


class Params(StrictSchema):
    """No parameters."""


def build() -> Call[str]:
    """Return the call; its result is ``"ok"``.

    Example:
        >>> build().params
        {}
    """
    return Call(METHOD, load_params(Params(), {}), ok)
