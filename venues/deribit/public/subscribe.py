"""``public/subscribe``: subscribe public channels; the result lists those subscribed.

A bad channel may simply be missing from the result (or fail with 11052), so callers
compare. ``raw`` intervals need an authenticated connection (13778): builders for the
public client pass ``allow_raw=False`` and refuse them before sending.

Docs: https://docs.deribit.com/#public-subscribe

Example:
    >>> call = build(channels=["trades.BTC-PERPETUAL.100ms"])
    >>> call.params, call.result(["trades.BTC-PERPETUAL.100ms"])
    ({'channels': ['trades.BTC-PERPETUAL.100ms']}, ['trades.BTC-PERPETUAL.100ms'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from marshmallow import fields

from protocol.errors import InvalidParameters
from venues.deribit import channels as names
from venues.deribit._call import Call, load_params
from venues.deribit._schemas import StrictSchema

__all__ = ["METHOD", "Params", "build", "channel_list"]

METHOD = "public/subscribe"
_CHANNELS = fields.List(fields.String(), required=True)


def channel_list(raw: Any) -> list[str]:
    """Read a result that lists channel names (subscribe and unsubscribe, both kinds).

    Example:
        >>> channel_list(["ticker.BTC-PERPETUAL.100ms"])
        ['ticker.BTC-PERPETUAL.100ms']
    """
    return list(_CHANNELS.deserialize(raw))


class Params(StrictSchema):
    """``channels``: a non-empty list of public channel names."""

    channels = fields.List(fields.String(), required=True)


def build(*, channels: Sequence[str], allow_raw: bool = True) -> Call[list[str]]:
    """Return the call; its result is the list of channels subscribed.

    Args:
        channels: public channel names (``user.*`` needs ``private/subscribe``).
        allow_raw: False refuses ``raw`` intervals (unauthenticated connections).

    Raises:
        InvalidParameters: ``channels`` is empty, holds a private channel, or a ``raw``
            one when ``allow_raw`` is False.

    Example:
        >>> build(channels=["book.BTC-PERPETUAL.raw"], allow_raw=False)
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'channels': \
'book.BTC-PERPETUAL.raw' needs an authenticated connection (raw interval)
    """
    checked = names.validate(channels)
    for channel in checked:
        if names.is_private(channel):
            raise InvalidParameters("channels", f"{channel!r} is private (private/subscribe)")
        if not allow_raw and names.requires_auth(channel):
            problem = f"{channel!r} needs an authenticated connection (raw interval)"
            raise InvalidParameters("channels", problem)
    return Call(METHOD, load_params(Params(), {"channels": checked}), channel_list)
