"""The ``ticker_batch`` channel: the ``ticker`` body, sent every 5 s when it changed.

Subscribe: ``{"type": "subscribe", "channel": "ticker_batch", "product_ids": [...]}``.
Message ``channel``: ``ticker_batch``; event body ``{type, tickers: [...]}``, the same
fields as ``ticker`` (so the same :class:`~venues.coinbase.channels.ticker.Ticker`).
Docs: https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels#ticker-batch-channel

Example:
    >>> event = parse_event({"type": "update", "tickers": [
    ...     {"type": "ticker", "product_id": "BTC-USD", "price": "1.5"}]})
    >>> type(event).__name__, event.tickers[0].price
    ('TickerBatchEvent', Decimal('1.5'))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load

from venues.coinbase.channels._fields import require
from venues.coinbase.channels._split import split_items
from venues.coinbase.channels.ticker import Ticker, TickerSchema, parse_ticker

__all__ = ["CHANNEL", "TickerBatchEvent", "TickerBatchEventSchema", "parse_event", "split"]

CHANNEL = "ticker_batch"


@dataclass(frozen=True, slots=True)
class TickerBatchEvent:
    """A ``snapshot`` or ``update`` event of the batched ticker.

    Example:
        >>> TickerBatchEvent("update", ()).tickers
        ()
    """

    type: str
    tickers: tuple[Ticker, ...]


def parse_event(raw: Mapping[str, Any]) -> TickerBatchEvent:
    """Build a :class:`TickerBatchEvent` from one raw event.

    Example:
        >>> parse_event({"type": "snapshot", "tickers": []}).type
        'snapshot'
    """
    return TickerBatchEvent(
        str(require(raw, "type")), tuple(parse_ticker(t) for t in require(raw, "tickers"))
    )


def split(event: TickerBatchEvent) -> list[tuple[str, TickerBatchEvent]]:
    """One event per product.

    Example:
        >>> split(TickerBatchEvent("update", ()))
        []
    """
    return split_items(event, "tickers")


class TickerBatchEventSchema(Schema):
    """Declared shape of a ticker_batch event.

    Example:
        >>> TickerBatchEventSchema().load({"type": "update", "tickers": []}).type
        'update'
    """

    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True)
    tickers = fields.List(fields.Nested(TickerSchema), required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> TickerBatchEvent:
        return TickerBatchEvent(data["type"], tuple(data["tickers"]))
