"""The ``user`` channel (JWT required): the user's orders and futures positions.

Subscribe: ``{"type": "subscribe", "channel": "user", "jwt": "..."}`` (products are an
optional venue-side filter; this library subscribes to all). Message ``channel``:
``user``; event body ``{type, orders: [...], positions: {perpetual_futures_positions,
expiring_futures_positions}}``. The first event is a ``snapshot`` of open orders
(batched by 50); later events are ``update``. A snapshot's cumulative quantities are
the state so far, not new fills.
Docs: https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels#user-channel

Example:
    >>> event = parse_event({"type": "update", "orders": [{"order_id": "a1",
    ...     "status": "OPEN", "product_id": "BTC-USD", "order_side": "BUY",
    ...     "limit_price": "68900", "leaves_quantity": "0.001"}]})
    >>> event.orders[0].limit_price, event.orders[0].stop_price
    (Decimal('68900'), None)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields as dc_fields
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load

from venues.coinbase.channels._fields import (
    OptionalDecimalText,
    OptionalTimestampText,
    opt_dec,
    opt_str,
    opt_ts,
    require,
)
from venues.coinbase.timestamps import Timestamp

__all__ = [
    "CHANNEL",
    "ExpiringFuturesPosition",
    "Order",
    "OrderSchema",
    "PerpetualFuturesPosition",
    "Positions",
    "UserEvent",
    "UserEventSchema",
    "parse_event",
    "split",
]

CHANNEL = "user"


@dataclass(frozen=True, slots=True)
class Order:
    """One order's state. Text fields the venue leaves empty are ``None``.

    Example:
        >>> Order("a1").status is None
        True
    """

    order_id: str
    client_order_id: str | None = None
    status: str | None = None
    product_id: str | None = None
    product_type: str | None = None
    order_side: str | None = None
    order_type: str | None = None
    time_in_force: str | None = None
    limit_price: Decimal | None = None
    stop_price: Decimal | None = None
    avg_price: Decimal | None = None
    cumulative_quantity: Decimal | None = None
    leaves_quantity: Decimal | None = None
    filled_value: Decimal | None = None
    number_of_fills: int | None = None
    completion_percentage: Decimal | None = None
    outstanding_hold_amount: Decimal | None = None
    total_fees: Decimal | None = None
    total_value_after_fees: Decimal | None = None
    cancel_reason: str | None = None
    reject_reason: str | None = None
    post_only: bool | None = None
    trigger_status: str | None = None
    creation_time: Timestamp | None = None
    start_time: Timestamp | None = None
    end_time: Timestamp | None = None
    retail_portfolio_id: str | None = None
    risk_managed_by: str | None = None
    contract_expiry_type: str | None = None


@dataclass(frozen=True, slots=True)
class PerpetualFuturesPosition:
    """One perpetual futures position (fields as the venue sends them).

    Example:
        >>> PerpetualFuturesPosition("BTC-PERP-INTX").net_size is None
        True
    """

    product_id: str
    portfolio_uuid: str | None = None
    vwap: Decimal | None = None
    entry_vwap: Decimal | None = None
    position_side: str | None = None
    margin_type: str | None = None
    net_size: Decimal | None = None
    buy_order_size: Decimal | None = None
    sell_order_size: Decimal | None = None
    leverage: Decimal | None = None
    mark_price: Decimal | None = None
    liquidation_price: Decimal | None = None
    im_notional: Decimal | None = None
    mm_notional: Decimal | None = None
    position_notional: Decimal | None = None
    unrealized_pnl: Decimal | None = None
    aggregated_pnl: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ExpiringFuturesPosition:
    """One expiring (dated) futures position.

    Example:
        >>> ExpiringFuturesPosition("BIT-28JUL23-CDE", side="LONG").side
        'LONG'
    """

    product_id: str
    side: str | None = None
    number_of_contracts: Decimal | None = None
    realized_pnl: Decimal | None = None
    unrealized_pnl: Decimal | None = None
    entry_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Positions:
    """The futures positions carried by a user event.

    Example:
        >>> Positions().perpetual_futures_positions
        ()
    """

    perpetual_futures_positions: tuple[PerpetualFuturesPosition, ...] = ()
    expiring_futures_positions: tuple[ExpiringFuturesPosition, ...] = ()


@dataclass(frozen=True, slots=True)
class UserEvent:
    """A ``snapshot`` (open orders so far) or an ``update``.

    Example:
        >>> UserEvent("snapshot", ()).is_snapshot
        True
    """

    type: str
    orders: tuple[Order, ...]
    positions: Positions = Positions()

    @property
    def is_snapshot(self) -> bool:
        """True for the state that starts (or restarts) the stream.

        Example:
            >>> UserEvent("update", ()).is_snapshot
            False
        """
        return self.type == "snapshot"


_TEXT = (
    "client_order_id",
    "status",
    "product_id",
    "product_type",
    "order_side",
    "order_type",
    "time_in_force",
    "cancel_reason",
    "reject_reason",
    "trigger_status",
    "retail_portfolio_id",
    "risk_managed_by",
    "contract_expiry_type",
)
_DECIMALS = (
    "limit_price",
    "stop_price",
    "avg_price",
    "cumulative_quantity",
    "leaves_quantity",
    "filled_value",
    "completion_percentage",
    "outstanding_hold_amount",
    "total_fees",
    "total_value_after_fees",
)
_TIMES = ("creation_time", "start_time", "end_time")


def _opt_int(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def _opt_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f"not a boolean: {value!r}")


def _order(raw: Mapping[str, Any]) -> Order:
    values: dict[str, Any] = {name: opt_str(raw.get(name)) for name in _TEXT}
    values.update((name, opt_dec(raw.get(name))) for name in _DECIMALS)
    values.update((name, opt_ts(raw.get(name))) for name in _TIMES)
    values["number_of_fills"] = _opt_int(raw.get("number_of_fills"))
    values["post_only"] = _opt_bool(raw.get("post_only"))
    return Order(str(require(raw, "order_id")), **values)


def _decimals_of(cls: type, raw: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in dc_fields(cls):
        if spec.name == "product_id":
            continue
        value = raw.get(spec.name)
        out[spec.name] = opt_dec(value) if "Decimal" in str(spec.type) else opt_str(value)
    return out


def _positions(raw: Mapping[str, Any] | None) -> Positions:
    if not raw:
        return Positions()
    perpetual = tuple(
        PerpetualFuturesPosition(
            str(require(p, "product_id")), **_decimals_of(PerpetualFuturesPosition, p)
        )
        for p in raw.get("perpetual_futures_positions") or ()
    )
    expiring = tuple(
        ExpiringFuturesPosition(
            str(require(p, "product_id")), **_decimals_of(ExpiringFuturesPosition, p)
        )
        for p in raw.get("expiring_futures_positions") or ()
    )
    return Positions(perpetual, expiring)


def parse_event(raw: Mapping[str, Any]) -> UserEvent:
    """Build a :class:`UserEvent` from one raw event (the fast path).

    Example:
        >>> parse_event({"type": "snapshot", "orders": []}).positions
        Positions(perpetual_futures_positions=(), expiring_futures_positions=())
    """
    return UserEvent(
        str(require(raw, "type")),
        tuple(_order(o) for o in raw.get("orders") or ()),
        _positions(raw.get("positions")),
    )


def split(event: UserEvent) -> list[tuple[str | None, UserEvent]]:
    """User events go to the one ``user`` key.

    Example:
        >>> split(UserEvent("update", ()))[0][0] is None
        True
    """
    return [(None, event)]


class _Flag(fields.Field):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        try:
            return _opt_bool(value)
        except ValueError as exc:
            raise self.make_error("invalid") from exc

    default_error_messages = {"invalid": "Not a boolean."}


def _text() -> fields.Field:
    return fields.Function(deserialize=opt_str, load_default=None, allow_none=True)


class OrderSchema(Schema):
    """Declared shape of one order (checks the fast path in tests).

    Example:
        >>> OrderSchema().load({"order_id": "x", "number_of_fills": "2"}).number_of_fills
        2
    """

    class Meta:
        unknown = EXCLUDE

    order_id = fields.String(required=True)
    client_order_id = _text()
    status = _text()
    product_id = _text()
    product_type = _text()
    order_side = _text()
    order_type = _text()
    time_in_force = _text()
    limit_price = OptionalDecimalText()
    stop_price = OptionalDecimalText()
    avg_price = OptionalDecimalText()
    cumulative_quantity = OptionalDecimalText()
    leaves_quantity = OptionalDecimalText()
    filled_value = OptionalDecimalText()
    number_of_fills = fields.Function(deserialize=_opt_int, load_default=None, allow_none=True)
    completion_percentage = OptionalDecimalText()
    outstanding_hold_amount = OptionalDecimalText()
    total_fees = OptionalDecimalText()
    total_value_after_fees = OptionalDecimalText()
    cancel_reason = _text()
    reject_reason = _text()
    post_only = _Flag(load_default=None, allow_none=True)
    trigger_status = _text()
    creation_time = OptionalTimestampText()
    start_time = OptionalTimestampText()
    end_time = OptionalTimestampText()
    retail_portfolio_id = _text()
    risk_managed_by = _text()
    contract_expiry_type = _text()

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Order:
        return Order(**data)


class UserEventSchema(Schema):
    """Declared shape of a user event (orders; positions are checked field by field).

    Example:
        >>> UserEventSchema().load({"type": "update", "orders": []}).orders
        ()
    """

    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True)
    orders = fields.List(fields.Nested(OrderSchema), load_default=list)
    positions = fields.Function(deserialize=_positions, load_default=None, allow_none=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> UserEvent:
        return UserEvent(data["type"], tuple(data["orders"]), data["positions"] or Positions())
