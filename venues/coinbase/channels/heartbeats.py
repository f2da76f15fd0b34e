"""The ``heartbeats`` channel: one message a second that keeps quiet subscriptions open.

Subscribe: ``{"type": "subscribe", "channel": "heartbeats"}`` (no products).
Message ``channel``: ``heartbeats``; event body ``{current_time, heartbeat_counter}``.
The counter rises by one a second; a jump means heartbeats were missed.
Docs: https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels#heartbeats-channel

Example:
    >>> beat = parse_event({"current_time": "2023-06-23 20:31:56.121961769 +0000 UTC m=+9.5",
    ...                     "heartbeat_counter": "3049"})
    >>> beat.heartbeat_counter
    3049
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load

from venues.coinbase.channels._fields import require
from venues.coinbase.timestamps import Timestamp, parse_heartbeat_time

__all__ = ["CHANNEL", "Heartbeat", "HeartbeatSchema", "parse_event", "split"]

CHANNEL = "heartbeats"


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """One heartbeat.

    Attributes:
        current_time: the venue's clock when it sent the heartbeat.
        heartbeat_counter: rises by one per heartbeat on a connection.

    Example:
        >>> Heartbeat(Timestamp(0), 1).heartbeat_counter
        1
    """

    current_time: Timestamp
    heartbeat_counter: int


def parse_event(raw: Mapping[str, Any]) -> Heartbeat:
    """Build a :class:`Heartbeat` from one raw event (the fast path).

    Example:
        >>> parse_event({"current_time": "1970-01-01 00:00:01 +0000 UTC",
        ...              "heartbeat_counter": 1}).current_time.ns
        1000000000
    """
    return Heartbeat(
        parse_heartbeat_time(require(raw, "current_time")),
        int(require(raw, "heartbeat_counter")),
    )


def split(event: Heartbeat) -> list[tuple[str | None, Heartbeat]]:
    """Heartbeats concern no product: one key, the channel.

    Example:
        >>> split(Heartbeat(Timestamp(0), 1))[0][0] is None
        True
    """
    return [(None, event)]


class _HeartbeatTime(fields.Field):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Timestamp:
        try:
            return parse_heartbeat_time(value)
        except (TypeError, ValueError) as exc:
            raise self.make_error("invalid") from exc

    default_error_messages = {"invalid": "Not a heartbeat time."}


class HeartbeatSchema(Schema):
    """Declared shape of a heartbeat event (checks the fast path in tests).

    Example:
        >>> HeartbeatSchema().load({"current_time": "1970-01-01 00:00:00 +0000 UTC",
        ...                         "heartbeat_counter": "7"}).heartbeat_counter
        7
    """

    class Meta:
        unknown = EXCLUDE

    current_time = _HeartbeatTime(required=True)
    heartbeat_counter = fields.Integer(required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Heartbeat:
        return Heartbeat(**data)
