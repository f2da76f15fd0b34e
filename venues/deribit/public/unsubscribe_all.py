"""``public/unsubscribe_all``: drop every subscription of this connection.

Docs: https://docs.deribit.com/#public-unsubscribe_all

Example:
    >>> call = build()
    >>> call.method, call.result("ok")
    ('public/unsubscribe_all', 'ok')
"""

from __future__ import annotations

from venues.deribit._call import Call, load_params, ok
from venues.deribit._schemas import StrictSchema

__all__ = ["METHOD", "Params", "build"]

METHOD = "public/unsubscribe_all"


class Params(StrictSchema):
    """No parameters."""


def build() -> Call[str]:
    """Return the call; its result is ``"ok"``.

    Example:
        >>> build().params
        {}
    """
    return Call(METHOD, load_params(Params(), {}), ok)
