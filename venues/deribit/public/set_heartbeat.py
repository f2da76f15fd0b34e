"""``public/set_heartbeat``: ask for heartbeats every ``interval`` seconds (at least 10).

The server then sends ``heartbeat`` notifications and, periodically, a
``test_request`` that must be answered with ``public/test`` or the connection closes.

Docs: https://docs.deribit.com/#public-set_heartbeat

Example:
    >>> call = build(interval=30)
    >>> call.params, call.result("ok")
    ({'interval': 30}, 'ok')
"""

from __future__ import annotations

from marshmallow import fields, validate

from venues.deribit._call import Call, load_params, ok
from venues.deribit._schemas import StrictSchema

__all__ = ["METHOD", "MIN_INTERVAL", "Params", "build"]

METHOD = "public/set_heartbeat"
MIN_INTERVAL = 10


class Params(StrictSchema):
    """``interval``: whole seconds, at least 10."""

    interval = fields.Integer(required=True, strict=True, validate=validate.Range(min=MIN_INTERVAL))


def build(*, interval: int) -> Call[str]:
    """Return the call; its result is ``"ok"``.

    Raises:
        InvalidParameters: ``interval`` is not an integer >= 10.

    Example:
        >>> build(interval=5)
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'interval': ...
    """
    return Call(METHOD, load_params(Params(), {"interval": interval}), ok)
