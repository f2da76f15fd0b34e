"""``private/subscribe``: subscribe channels on an authenticated connection.

Needed for ``user.*`` channels; public channels (``raw`` included) work too. The result
lists the channels subscribed: a channel missing from it was refused.

Docs: https://docs.deribit.com/#private-subscribe

Example:
    >>> call = build(channels=["user.orders.BTC-PERPETUAL.raw"])
    >>> call.params, call.result(["user.orders.BTC-PERPETUAL.raw"])
    ({'channels': ['user.orders.BTC-PERPETUAL.raw']}, ['user.orders.BTC-PERPETUAL.raw'])
"""

from __future__ import annotations

from collections.abc import Sequence

from marshmallow import fields

from venues.deribit import channels as names
from venues.deribit._call import Call, load_params
from venues.deribit._schemas import StrictSchema, label
from venues.deribit.public.subscribe import channel_list

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/subscribe"


class Params(StrictSchema):
    """``channels`` (non-empty) and an optional ``label`` of at most 16 characters."""

    channels = fields.List(fields.String(), required=True)
    label = label(max_length=16)


def build(*, channels: Sequence[str], label: str | None = None) -> Call[list[str]]:
    """Return the call; its result is the list of channels subscribed.

    Raises:
        InvalidParameters: empty channel list, a blank name, a label over 16 chars.

    Example:
        >>> build(channels=["user.trades.any.any.raw"], label="x" * 17)
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'label': Longer than maximum length 16.
    """
    given = {"channels": names.validate(channels), "label": label}
    return Call(METHOD, load_params(Params(), given), channel_list)
