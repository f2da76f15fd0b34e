"""``private/enable_cancel_on_disconnect``: cancel every order if this connection drops.

``scope="connection"`` (default) covers this WebSocket; ``"account"`` every connection
of the account. A missed heartbeat ``test_request`` also triggers it.

Docs: https://docs.deribit.com/#private-enable_cancel_on_disconnect

Example:
    >>> call = build(scope="account")
    >>> call.params, call.result("ok")
    ({'scope': 'account'}, 'ok')
"""

from __future__ import annotations

from marshmallow import fields, validate

from venues.deribit._call import Call, load_params, ok
from venues.deribit._schemas import StrictSchema

__all__ = ["METHOD", "SCOPES", "Params", "build"]

METHOD = "private/enable_cancel_on_disconnect"
SCOPES = ("connection", "account")


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
