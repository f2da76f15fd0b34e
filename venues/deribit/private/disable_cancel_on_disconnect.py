"""``private/disable_cancel_on_disconnect``: stop cancelling orders on disconnect.

Docs: https://docs.deribit.com/#private-disable_cancel_on_disconnect

Example:
    >>> call = build(scope="account")
    >>> call.params, call.result("ok")
    ({'scope': 'account'}, 'ok')
"""

from __future__ import annotations

from marshmallow import fields, validate

from venues.deribit._call import Call, load_params, ok
from venues.deribit._schemas import StrictSchema
from venues.deribit.private import enable_cancel_on_disconnect

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/disable_cancel_on_disconnect"
SCOPES = enable_cancel_on_disconnect.SCOPES


class Params(StrictSchema):
    """Optional ``scope``: ``connection`` or ``account``."""

    scope = fields.String(validate=validate.OneOf(SCOPES))


def build(*, scope: str | None = None) -> Call[str]:
    """Return the call; its result is ``"ok"``.

    Raises:
        InvalidParameters: an unknown scope.

    Example:
        >>> build(scope="everything")
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'scope': Must be one of: ...
    """
    return Call(METHOD, load_params(Params(), {"scope": scope}), ok)
