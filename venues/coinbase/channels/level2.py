"""The ``level2`` channel: the order book, a snapshot then absolute-size updates.

Subscribe: ``{"type": "subscribe", "channel": "level2", "product_ids": ["BTC-USD"]}``.
Message ``channel``: **``l2_data``**; event body ``{type, product_id, updates: [{side,
event_time, price_level, new_quantity}]}`` with ``side`` ``bid`` or ``offer``.
``new_quantity`` is the new size at the level (``"0"`` deletes it), not a delta. The
first event per product is a ``snapshot`` of the whole book (its ``event_time`` values
may be the epoch, 1970-01-01).
Docs: https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels#level2-channel

Example:
    >>> event = parse_event({"type": "snapshot", "product_id": "BTC-USD", "updates": [
    ...     {"side": "bid", "event_time": "1970-01-01T00:00:00Z",
    ...      "price_level": "21921.73", "new_quantity": "0.06317902"}]})
    >>> event.is_snapshot, event.updates[0].price_level
    (True, Decimal('21921.73'))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load, validate

from venues.coinbase.channels._fields import DecimalText, TimestampText, dec, require
from venues.coinbase.timestamps import Timestamp, parse_timestamp

__all__ = [
    "CHANNEL",
    "SIDES",
    "Level2Event",
    "Level2EventSchema",
    "Level2Update",
    "Level2UpdateSchema",
    "parse_event",
    "split",
]

CHANNEL = "level2"
SIDES = ("bid", "offer")


@dataclass(frozen=True, slots=True)
class Level2Update:
    """The new size at one price level (``new_quantity == 0`` removes the level).

    Example:
        >>> Level2Update("offer", Timestamp(0), Decimal("2"), Decimal("0")).removes
        True
    """

    side: str
    event_time: Timestamp
    price_level: Decimal
    new_quantity: Decimal

    @property
    def removes(self) -> bool:
        """True when the level leaves the book.

        Example:
            >>> Level2Update("bid", Timestamp(0), Decimal(1), Decimal(0)).removes
            True
        """
        return self.new_quantity == 0


@dataclass(frozen=True, slots=True)
class Level2Event:
    """A ``snapshot`` (the whole book) or an ``update`` for one product.

    Example:
        >>> Level2Event("update", "BTC-USD", ()).is_snapshot
        False
    """

    type: str
    product_id: str
    updates: tuple[Level2Update, ...]

    @property
    def is_snapshot(self) -> bool:
        """True for the full book that starts (or restarts) the stream.

        Example:
            >>> Level2Event("snapshot", "BTC-USD", ()).is_snapshot
            True
        """
        return self.type == "snapshot"


def _update(raw: Mapping[str, Any]) -> Level2Update:
    side = require(raw, "side")
    if side not in SIDES:
        raise ValueError(f"side must be 'bid' or 'offer', not {side!r}")
    return Level2Update(
        side,
        parse_timestamp(require(raw, "event_time")),
        dec(require(raw, "price_level")),
        dec(require(raw, "new_quantity")),
    )


def parse_event(raw: Mapping[str, Any]) -> Level2Event:
    """Build a :class:`Level2Event` from one raw event (the fast path).

    Example:
        >>> parse_event({"type": "update", "product_id": "ETH-USD", "updates": []}).product_id
        'ETH-USD'
    """
    return Level2Event(
        str(require(raw, "type")),
        str(require(raw, "product_id")),
        tuple(_update(u) for u in require(raw, "updates")),
    )


def split(event: Level2Event) -> list[tuple[str, Level2Event]]:
    """Level2 events already name their product.

    Example:
        >>> split(Level2Event("update", "BTC-USD", ()))[0][0]
        'BTC-USD'
    """
    return [(event.product_id, event)]


class Level2UpdateSchema(Schema):
    """Declared shape of one book level.

    Example:
        >>> Level2UpdateSchema().load({"side": "bid", "event_time": "1970-01-01T00:00:00Z",
        ...     "price_level": "1", "new_quantity": "2"}).new_quantity
        Decimal('2')
    """

    class Meta:
        unknown = EXCLUDE

    side = fields.String(required=True, validate=validate.OneOf(SIDES))
    event_time = TimestampText(required=True)
    price_level = DecimalText(required=True)
    new_quantity = DecimalText(required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Level2Update:
        return Level2Update(**data)


class Level2EventSchema(Schema):
    """Declared shape of an ``l2_data`` event.

    Example:
        >>> Level2EventSchema().load({"type": "update", "product_id": "BTC-USD",
        ...                           "updates": []}).type
        'update'
    """

    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True)
    product_id = fields.String(required=True)
    updates = fields.List(fields.Nested(Level2UpdateSchema), required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Level2Event:
        return Level2Event(data["type"], data["product_id"], tuple(data["updates"]))
