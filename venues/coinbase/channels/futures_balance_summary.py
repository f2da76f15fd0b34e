"""The ``futures_balance_summary`` channel (JWT required): the user's FCM balances.

Subscribe: ``{"type": "subscribe", "channel": "futures_balance_summary", "jwt": "..."}``
(no products). Message ``channel``: ``futures_balance_summary``; event body ``{type,
fcm_balance_summary: {futures_buying_power, total_usd_balance, ...,
intraday_margin_window_measure, overnight_margin_window_measure}}``.
Docs: https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels#futures-balance-summary-channel

Example:
    >>> event = parse_event({"type": "snapshot", "fcm_balance_summary": {
    ...     "futures_buying_power": "100.5", "total_usd_balance": "200"}})
    >>> event.fcm_balance_summary.futures_buying_power
    Decimal('100.5')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load

from venues.coinbase.channels._fields import OptionalDecimalText, opt_dec, opt_str, require

__all__ = [
    "CHANNEL",
    "FcmBalanceSummary",
    "FcmBalanceSummarySchema",
    "FuturesBalanceSummaryEvent",
    "FuturesBalanceSummaryEventSchema",
    "MarginWindowMeasure",
    "parse_event",
    "split",
]

CHANNEL = "futures_balance_summary"

_AMOUNTS = (
    "futures_buying_power",
    "total_usd_balance",
    "cbi_usd_balance",
    "cfm_usd_balance",
    "total_open_orders_hold_amount",
    "unrealized_pnl",
    "daily_realized_pnl",
    "initial_margin",
    "available_margin",
    "liquidation_threshold",
    "liquidation_buffer_amount",
    "liquidation_buffer_percentage",
)
_WINDOW_AMOUNTS = (
    "initial_margin",
    "maintenance_margin",
    "liquidation_buffer_percentage",
    "total_hold",
    "futures_buying_power",
)


@dataclass(frozen=True, slots=True)
class MarginWindowMeasure:
    """Margin figures of one margin window (intraday or overnight).

    Example:
        >>> MarginWindowMeasure("FCM_MARGIN_WINDOW_TYPE_INTRADAY").total_hold is None
        True
    """

    margin_window_type: str | None = None
    margin_level: str | None = None
    initial_margin: Decimal | None = None
    maintenance_margin: Decimal | None = None
    liquidation_buffer_percentage: Decimal | None = None
    total_hold: Decimal | None = None
    futures_buying_power: Decimal | None = None


@dataclass(frozen=True, slots=True)
class FcmBalanceSummary:
    """The futures balance summary; amounts the venue leaves out are ``None``.

    Example:
        >>> FcmBalanceSummary().available_margin is None
        True
    """

    futures_buying_power: Decimal | None = None
    total_usd_balance: Decimal | None = None
    cbi_usd_balance: Decimal | None = None
    cfm_usd_balance: Decimal | None = None
    total_open_orders_hold_amount: Decimal | None = None
    unrealized_pnl: Decimal | None = None
    daily_realized_pnl: Decimal | None = None
    initial_margin: Decimal | None = None
    available_margin: Decimal | None = None
    liquidation_threshold: Decimal | None = None
    liquidation_buffer_amount: Decimal | None = None
    liquidation_buffer_percentage: Decimal | None = None
    intraday_margin_window_measure: MarginWindowMeasure | None = None
    overnight_margin_window_measure: MarginWindowMeasure | None = None


@dataclass(frozen=True, slots=True)
class FuturesBalanceSummaryEvent:
    """A ``snapshot`` or ``update`` with the balance summary.

    Example:
        >>> FuturesBalanceSummaryEvent("update", FcmBalanceSummary()).type
        'update'
    """

    type: str
    fcm_balance_summary: FcmBalanceSummary


def _window(raw: Mapping[str, Any] | None) -> MarginWindowMeasure | None:
    if not raw:
        return None
    amounts = {name: opt_dec(raw.get(name)) for name in _WINDOW_AMOUNTS}
    return MarginWindowMeasure(
        opt_str(raw.get("margin_window_type")), opt_str(raw.get("margin_level")), **amounts
    )


def _summary(raw: Mapping[str, Any]) -> FcmBalanceSummary:
    return FcmBalanceSummary(
        **{name: opt_dec(raw.get(name)) for name in _AMOUNTS},
        intraday_margin_window_measure=_window(raw.get("intraday_margin_window_measure")),
        overnight_margin_window_measure=_window(raw.get("overnight_margin_window_measure")),
    )


def parse_event(raw: Mapping[str, Any]) -> FuturesBalanceSummaryEvent:
    """Build a :class:`FuturesBalanceSummaryEvent` from one raw event.

    Example:
        >>> parse_event({"type": "update", "fcm_balance_summary": {}}).type
        'update'
    """
    return FuturesBalanceSummaryEvent(
        str(require(raw, "type")), _summary(require(raw, "fcm_balance_summary"))
    )


def split(
    event: FuturesBalanceSummaryEvent,
) -> list[tuple[str | None, FuturesBalanceSummaryEvent]]:
    """The summary goes to the one ``futures_balance_summary`` key.

    Example:
        >>> split(FuturesBalanceSummaryEvent("update", FcmBalanceSummary()))[0][0] is None
        True
    """
    return [(None, event)]


class _MarginWindowSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    margin_window_type = fields.String(load_default=None, allow_none=True)
    margin_level = fields.String(load_default=None, allow_none=True)
    initial_margin = OptionalDecimalText()
    maintenance_margin = OptionalDecimalText()
    liquidation_buffer_percentage = OptionalDecimalText()
    total_hold = OptionalDecimalText()
    futures_buying_power = OptionalDecimalText()

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> MarginWindowMeasure:
        return MarginWindowMeasure(**data)


class FcmBalanceSummarySchema(Schema):
    """Declared shape of the balance summary.

    Example:
        >>> FcmBalanceSummarySchema().load({"total_usd_balance": "5"}).total_usd_balance
        Decimal('5')
    """

    class Meta:
        unknown = EXCLUDE

    futures_buying_power = OptionalDecimalText()
    total_usd_balance = OptionalDecimalText()
    cbi_usd_balance = OptionalDecimalText()
    cfm_usd_balance = OptionalDecimalText()
    total_open_orders_hold_amount = OptionalDecimalText()
    unrealized_pnl = OptionalDecimalText()
    daily_realized_pnl = OptionalDecimalText()
    initial_margin = OptionalDecimalText()
    available_margin = OptionalDecimalText()
    liquidation_threshold = OptionalDecimalText()
    liquidation_buffer_amount = OptionalDecimalText()
    liquidation_buffer_percentage = OptionalDecimalText()
    intraday_margin_window_measure = fields.Nested(
        _MarginWindowSchema, load_default=None, allow_none=True
    )
    overnight_margin_window_measure = fields.Nested(
        _MarginWindowSchema, load_default=None, allow_none=True
    )

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> FcmBalanceSummary:
        return FcmBalanceSummary(**data)


class FuturesBalanceSummaryEventSchema(Schema):
    """Declared shape of a futures_balance_summary event.

    Example:
        >>> FuturesBalanceSummaryEventSchema().load(
        ...     {"type": "update", "fcm_balance_summary": {}}).type
        'update'
    """

    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True)
    fcm_balance_summary = fields.Nested(FcmBalanceSummarySchema, required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> FuturesBalanceSummaryEvent:
        return FuturesBalanceSummaryEvent(**data)
