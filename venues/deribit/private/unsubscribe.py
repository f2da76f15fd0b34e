"""``private/unsubscribe``: the result lists only the channels this call removed.

Docs: https://docs.deribit.com/#private-unsubscribe

Example:
    >>> call = build(channels=["user.orders.BTC-PERPETUAL.raw"])
    >>> call.method, call.result(["user.orders.BTC-PERPETUAL.raw"])
    ('private/unsubscribe', ['user.orders.BTC-PERPETUAL.raw'])
"""

from __future__ import annotations

from collections.abc import Sequence

from marshmallow import fields

from venues.deribit import channels as names
from venues.deribit._call import Call, load_params
from venues.deribit._schemas import StrictSchema
from venues.deribit.public.subscribe import channel_list

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/unsubscribe"


class Params(StrictSchema):
    """``channels``: a non-empty list of channel names."""

    channels = fields.List(fields.String(), required=True)


def build(*, channels: Sequence[str]) -> Call[list[str]]:
    """Return the call; its result is the list of channels removed.

    Raises:
        InvalidParameters: empty channel list or a blank name.

    Example:
        >>> build(channels=[""])
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'channels': '' is not a channel name
    """
    checked = names.validate(channels)
    return Call(METHOD, load_params(Params(), {"channels": checked}), channel_list)
