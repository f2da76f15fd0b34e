"""``private/logout``: end the session; the server closes the socket (no reply body).

Logout does not trigger cancel-on-disconnect.

Docs: https://docs.deribit.com/#private-logout

Example:
    >>> call = build(invalidate_token=False)
    >>> call.params, call.result(None)
    ({'invalidate_token': False}, None)
"""

from __future__ import annotations

from typing import Any

from venues.deribit._call import Call, load_params
from venues.deribit._schemas import StrictSchema, flag

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/logout"


class Params(StrictSchema):
    """Optional ``invalidate_token`` (Deribit's default: true)."""

    invalidate_token = flag()


def _nothing(raw: Any) -> None:
    return None


def build(*, invalidate_token: bool | None = None) -> Call[None]:
    """Return the call; there is no result.

    Example:
        >>> build().params
        {}
    """
    return Call(METHOD, load_params(Params(), {"invalidate_token": invalidate_token}), _nothing)
