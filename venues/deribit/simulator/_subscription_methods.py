"""``public/subscribe``, ``private/subscribe`` and their unsubscribe counterparts.

Rules (``venues/deribit.md`` 1.4, 1.5):

1. The result lists the channels actually subscribed, in request order; an unknown channel
   (or a private one sent to ``public/subscribe``) is silently left out.
2. A ``raw`` channel on an unauthenticated connection refuses the whole request with
   ``13778 raw_subscriptions_not_available_for_unauthorized``.
3. ``private/subscribe`` takes an optional ``label`` (at most 16 characters) that private
   notifications carry.
4. Unsubscribe returns only the channels this call removed; ``unsubscribe_all`` returns
   ``"ok"``.
5. Subscribing to ``book.{instrument}.{interval}`` sends its snapshot right after the reply.

Example:
    >>> from venues.deribit.simulator._config import SimulatorConfig
    >>> from venues.deribit.simulator._world import Call, World
    >>> world = World(SimulatorConfig(accounts={}, market_data_rate=0.0))
    >>> conn = world.connect(1, "/", 0.0)
    >>> public_subscribe(Call(world, conn, "public/subscribe",
    ...     {"channels": ["ticker.BTC-PERPETUAL.100ms", "nope"]}, 0.0))
    ['ticker.BTC-PERPETUAL.100ms']
"""

from __future__ import annotations

from typing import Any

from venues.deribit.simulator._channels import Channel, parse_channel
from venues.deribit.simulator._codes import RAW_NEEDS_AUTH, RpcError
from venues.deribit.simulator._envelope import notification_frame
from venues.deribit.simulator._params import Params
from venues.deribit.simulator._publish import book_snapshot
from venues.deribit.simulator._world import Call, Outgoing

__all__ = [
    "private_subscribe",
    "private_unsubscribe",
    "public_subscribe",
    "public_unsubscribe",
    "unsubscribe_all",
]

_MAX_LABEL = 16


def public_subscribe(call: Call) -> Any:
    """``public/subscribe``: public channels only.

    Example: see the module docstring.
    """
    return _subscribe(call, allow_private=False, label="")


def private_subscribe(call: Call) -> Any:
    """``private/subscribe``: public and ``user.*`` channels, with an optional ``label``.

    Example: see the module docstring.
    """
    label = Params(call.params).text("label", required=False, max_len=_MAX_LABEL)
    return _subscribe(call, allow_private=True, label=label)


def public_unsubscribe(call: Call) -> Any:
    """``public/unsubscribe``: remove public channels; returns those removed.

    Example: see the module docstring.
    """
    return _unsubscribe(call, allow_private=False)


def private_unsubscribe(call: Call) -> Any:
    """``private/unsubscribe``: remove any channels; returns those removed.

    Example: see the module docstring.
    """
    return _unsubscribe(call, allow_private=True)


def unsubscribe_all(call: Call) -> Any:
    """``public/unsubscribe_all`` / ``private/unsubscribe_all``: drop every subscription.

    Example: see the module docstring.
    """
    call.conn.subscriptions.clear()
    return "ok"


def _subscribe(call: Call, *, allow_private: bool, label: str) -> list[str]:
    names = Params(call.params).text_list("channels")
    index = call.world.instrument_index()
    parsed = [parse_channel(name, index) for name in dict.fromkeys(names)]
    wanted = [c for c in parsed if c is not None and (allow_private or not c.private)]
    if not call.conn.authenticated and any(c.raw for c in wanted):
        raise RpcError.of(RAW_NEEDS_AUTH)
    for channel in wanted:
        is_new = channel.name not in call.conn.subscriptions
        call.conn.subscriptions[channel.name] = (channel, label if channel.private else "")
        if is_new and channel.family == "book":
            _send_snapshot(call, channel)
    return [c.name for c in wanted]


def _send_snapshot(call: Call, channel: Channel) -> None:
    data = book_snapshot(call.world, channel.instrument, call.now_ms)
    call.after.append(Outgoing(call.conn.conn_id, notification_frame(channel.name, data)))


def _unsubscribe(call: Call, *, allow_private: bool) -> list[str]:
    names = Params(call.params).text_list("channels")
    removed = []
    for name in dict.fromkeys(names):
        entry = call.conn.subscriptions.get(name)
        if entry is not None and (allow_private or not entry[0].private):
            del call.conn.subscriptions[name]
            removed.append(name)
    return removed
