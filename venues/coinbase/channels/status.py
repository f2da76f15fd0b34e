"""The ``status`` channel: product status (trading, halted...), on a fixed interval.

Subscribe: ``{"type": "subscribe", "channel": "status", "product_ids": ["BTC-USD"]}``.
Message ``channel``: ``status``; event body ``{type, products: [{product_type, id,
base_currency, quote_currency, base_increment, quote_increment, display_name, status,
status_message, min_market_funds}]}``.
Docs: https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels#status-channel

Example:
    >>> event = parse_event({"type": "snapshot", "products": [{"product_type": "SPOT",
    ...     "id": "BTC-USD", "base_currency": "BTC", "quote_currency": "USD",
    ...     "base_increment": "0.00000001", "quote_increment": "0.01",
    ...     "display_name": "BTC/USD", "status": "online", "status_message": "",
    ...     "min_market_funds": "1"}]})
    >>> event.products[0].status
    'online'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load

from venues.coinbase.channels._fields import OptionalDecimalText, opt_dec, require
from venues.coinbase.channels._split import split_items

__all__ = [
    "CHANNEL",
    "ProductStatus",
    "ProductStatusSchema",
    "StatusEvent",
    "StatusEventSchema",
    "parse_event",
    "split",
]

CHANNEL = "status"


@dataclass(frozen=True, slots=True)
class ProductStatus:
    """The status of one product (``id`` is the product id).

    Example:
        >>> ProductStatus("SPOT", "BTC-USD", "BTC", "USD").status
        ''
    """

    product_type: str
    id: str
    base_currency: str
    quote_currency: str
    base_increment: Decimal | None = None
    quote_increment: Decimal | None = None
    display_name: str = ""
    status: str = ""
    status_message: str = ""
    min_market_funds: Decimal | None = None

    @property
    def product_id(self) -> str:
        """The product id (the venue calls it ``id`` here).

        Example:
            >>> ProductStatus("SPOT", "BTC-USD", "BTC", "USD").product_id
            'BTC-USD'
        """
        return self.id


@dataclass(frozen=True, slots=True)
class StatusEvent:
    """A ``snapshot`` or ``update`` event with product statuses.

    Example:
        >>> StatusEvent("update", ()).products
        ()
    """

    type: str
    products: tuple[ProductStatus, ...]


def _product(raw: Mapping[str, Any]) -> ProductStatus:
    return ProductStatus(
        str(require(raw, "product_type")),
        str(require(raw, "id")),
        str(require(raw, "base_currency")),
        str(require(raw, "quote_currency")),
        opt_dec(raw.get("base_increment")),
        opt_dec(raw.get("quote_increment")),
        str(raw.get("display_name", "")),
        str(raw.get("status", "")),
        str(raw.get("status_message", "")),
        opt_dec(raw.get("min_market_funds")),
    )


def parse_event(raw: Mapping[str, Any]) -> StatusEvent:
    """Build a :class:`StatusEvent` from one raw event.

    Example:
        >>> parse_event({"type": "update", "products": []}).type
        'update'
    """
    return StatusEvent(
        str(require(raw, "type")), tuple(_product(p) for p in require(raw, "products"))
    )


def split(event: StatusEvent) -> list[tuple[str, StatusEvent]]:
    """One event per product (keyed by the product's ``id``).

    Example:
        >>> split(StatusEvent("update", ()))
        []
    """
    return split_items(event, "products", key="id")


class ProductStatusSchema(Schema):
    """Declared shape of one product status.

    Example:
        >>> ProductStatusSchema().load({"product_type": "SPOT", "id": "BTC-USD",
        ...     "base_currency": "BTC", "quote_currency": "USD"}).id
        'BTC-USD'
    """

    class Meta:
        unknown = EXCLUDE

    product_type = fields.String(required=True)
    id = fields.String(required=True)
    base_currency = fields.String(required=True)
    quote_currency = fields.String(required=True)
    base_increment = OptionalDecimalText()
    quote_increment = OptionalDecimalText()
    display_name = fields.String(load_default="")
    status = fields.String(load_default="")
    status_message = fields.String(load_default="")
    min_market_funds = OptionalDecimalText()

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> ProductStatus:
        return ProductStatus(**data)


class StatusEventSchema(Schema):
    """Declared shape of a status event.

    Example:
        >>> StatusEventSchema().load({"type": "update", "products": []}).type
        'update'
    """

    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True)
    products = fields.List(fields.Nested(ProductStatusSchema), required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> StatusEvent:
        return StatusEvent(data["type"], tuple(data["products"]))
