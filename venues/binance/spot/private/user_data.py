"""User data stream events as typed frozen dataclasses (amounts as ``Decimal``).

After ``userDataStream.subscribe`` the WebSocket API pushes
``{"subscriptionId": N, "event": {"e": <type>, ...}}``. The codec hands each ``event``
to :func:`decode_user_data_event`:

- ``executionReport`` -> :class:`ExecutionReport` (every order update),
- ``outboundAccountPosition`` -> :class:`OutboundAccountPosition` (balances changed),
- ``balanceUpdate`` -> :class:`BalanceUpdate` (deposit, withdrawal, transfer),
- anything else (``listStatus``, ``eventStreamTerminated``, ``externalLockUpdate``, ...)
  -> :class:`UserDataEvent` with the raw fields kept read-only.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/user-data-stream

Example:
    >>> event = decode_user_data_event({"e": "balanceUpdate", "E": 1573200697110,
    ...     "a": "BTC", "d": "100.00000000", "T": 1573200697068}, 0)
    >>> (type(event).__name__, event.asset, event.delta)
    ('BalanceUpdate', 'BTC', Decimal('100.00000000'))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from marshmallow import ValidationError, fields, post_load

from venues.binance.spot.private._schema import ResultSchema

__all__ = [
    "AccountBalance",
    "BalanceUpdate",
    "ExecutionReport",
    "OutboundAccountPosition",
    "UserDataEvent",
    "decode_user_data_event",
]


@dataclass(frozen=True, slots=True)
class ExecutionReport:
    """An order update (``executionReport``).

    ``execution_type`` says what happened (NEW, CANCELED, REPLACED, REJECTED, TRADE,
    EXPIRED, TRADE_PREVENTION); ``order_status`` is the order's status after it.

    Example:
        >>> report = decode_user_data_event(_EXAMPLE_EXECUTION, 0)
        >>> (report.symbol, report.execution_type, report.order_id, report.price)
        ('ETHBTC', 'NEW', 4293153, Decimal('0.10264410'))
    """

    subscription_id: int | None
    event_time: int
    symbol: str
    client_order_id: str
    side: str
    order_type: str
    time_in_force: str
    quantity: Decimal
    price: Decimal
    stop_price: Decimal
    iceberg_qty: Decimal
    order_list_id: int
    orig_client_order_id: str
    execution_type: str
    order_status: str
    reject_reason: str
    order_id: int
    last_executed_qty: Decimal
    cumulative_filled_qty: Decimal
    last_executed_price: Decimal
    commission: Decimal
    commission_asset: str | None
    transaction_time: int
    trade_id: int
    execution_id: int | None = None
    is_working: bool | None = None
    is_maker: bool | None = None
    order_creation_time: int | None = None
    cumulative_quote_qty: Decimal | None = None
    last_quote_qty: Decimal | None = None
    quote_order_qty: Decimal | None = None
    working_time: int | None = None
    self_trade_prevention_mode: str | None = None
    expiry_reason: str | None = None


@dataclass(frozen=True, slots=True)
class AccountBalance:
    """One asset in an ``outboundAccountPosition``.

    Example:
        >>> AccountBalance("ETH", Decimal("1"), Decimal("0")).asset
        'ETH'
    """

    asset: str
    free: Decimal
    locked: Decimal


@dataclass(frozen=True, slots=True)
class OutboundAccountPosition:
    """The balances that changed (``outboundAccountPosition``).

    Example:
        >>> position = decode_user_data_event({"e": "outboundAccountPosition", "E": 2,
        ...     "u": 1, "B": [{"a": "ETH", "f": "10000.000000", "l": "0.000000"}]}, 0)
        >>> position.balances[0].free
        Decimal('10000.000000')
    """

    subscription_id: int | None
    event_time: int
    last_update_time: int
    balances: tuple[AccountBalance, ...]


@dataclass(frozen=True, slots=True)
class BalanceUpdate:
    """A deposit, withdrawal or transfer (``balanceUpdate``); ``delta`` may be negative.

    Example:
        >>> BalanceUpdate(0, 1, "BTC", Decimal("-1"), 1).delta
        Decimal('-1')
    """

    subscription_id: int | None
    event_time: int
    asset: str
    delta: Decimal
    clear_time: int


@dataclass(frozen=True, slots=True)
class UserDataEvent:
    """Any other user data event: its type, time and read-only raw fields.

    Example:
        >>> event = decode_user_data_event({"e": "eventStreamTerminated", "E": 5}, 0)
        >>> (event.event_type, event.event_time)
        ('eventStreamTerminated', 5)
    """

    subscription_id: int | None
    event_type: str
    event_time: int | None
    fields: Mapping[str, Any]


class _ExecutionReportSchema(ResultSchema):
    event_time = fields.Integer(data_key="E", required=True)
    symbol = fields.String(data_key="s", required=True)
    client_order_id = fields.String(data_key="c", required=True)
    side = fields.String(data_key="S", required=True)
    order_type = fields.String(data_key="o", required=True)
    time_in_force = fields.String(data_key="f", required=True)
    quantity = fields.Decimal(data_key="q", required=True)
    price = fields.Decimal(data_key="p", required=True)
    stop_price = fields.Decimal(data_key="P", required=True)
    iceberg_qty = fields.Decimal(data_key="F", required=True)
    order_list_id = fields.Integer(data_key="g", required=True)
    orig_client_order_id = fields.String(data_key="C", required=True)
    execution_type = fields.String(data_key="x", required=True)
    order_status = fields.String(data_key="X", required=True)
    reject_reason = fields.String(data_key="r", required=True)
    order_id = fields.Integer(data_key="i", required=True)
    last_executed_qty = fields.Decimal(data_key="l", required=True)
    cumulative_filled_qty = fields.Decimal(data_key="z", required=True)
    last_executed_price = fields.Decimal(data_key="L", required=True)
    commission = fields.Decimal(data_key="n", required=True)
    commission_asset = fields.String(data_key="N", required=True, allow_none=True)
    transaction_time = fields.Integer(data_key="T", required=True)
    trade_id = fields.Integer(data_key="t", required=True)
    execution_id = fields.Integer(data_key="I")
    is_working = fields.Boolean(data_key="w")
    is_maker = fields.Boolean(data_key="m")
    order_creation_time = fields.Integer(data_key="O")
    cumulative_quote_qty = fields.Decimal(data_key="Z")
    last_quote_qty = fields.Decimal(data_key="Y")
    quote_order_qty = fields.Decimal(data_key="Q")
    working_time = fields.Integer(data_key="W")
    self_trade_prevention_mode = fields.String(data_key="V")
    expiry_reason = fields.String(data_key="eR")


class _AccountBalanceSchema(ResultSchema):
    asset = fields.String(data_key="a", required=True)
    free = fields.Decimal(data_key="f", required=True)
    locked = fields.Decimal(data_key="l", required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> AccountBalance:
        return AccountBalance(**data)


class _OutboundAccountPositionSchema(ResultSchema):
    event_time = fields.Integer(data_key="E", required=True)
    last_update_time = fields.Integer(data_key="u", required=True)
    balances = fields.List(fields.Nested(_AccountBalanceSchema), data_key="B", required=True)


class _BalanceUpdateSchema(ResultSchema):
    event_time = fields.Integer(data_key="E", required=True)
    asset = fields.String(data_key="a", required=True)
    delta = fields.Decimal(data_key="d", required=True)
    clear_time = fields.Integer(data_key="T", required=True)


_TYPED: dict[str, tuple[ResultSchema, type[Any]]] = {
    "executionReport": (_ExecutionReportSchema(), ExecutionReport),
    "outboundAccountPosition": (_OutboundAccountPositionSchema(), OutboundAccountPosition),
    "balanceUpdate": (_BalanceUpdateSchema(), BalanceUpdate),
}


def decode_user_data_event(event: Mapping[str, Any], subscription_id: int | None) -> Any:
    """Turn one user data ``event`` object into its typed value.

    Raises:
        ValueError: a known event type with missing or malformed fields (the codec
            reports the frame as malformed).

    Example:
        >>> type(decode_user_data_event({"e": "listStatus", "E": 1}, None)).__name__
        'UserDataEvent'
    """
    typed = _TYPED.get(str(event.get("e")))
    if typed is None:
        event_time = event.get("E")
        return UserDataEvent(
            subscription_id,
            str(event.get("e")),
            event_time if isinstance(event_time, int) else None,
            MappingProxyType(dict(event)),
        )
    schema, cls = typed
    try:
        data: dict[str, Any] = schema.load(event)
    except ValidationError as exc:
        raise ValueError(f"malformed {event.get('e')} event: {sorted(exc.messages)}") from exc
    if "balances" in data:
        data["balances"] = tuple(data["balances"])
    return cls(subscription_id=subscription_id, **data)


_EXAMPLE_EXECUTION = {
    "e": "executionReport",
    "E": 1499405658658,
    "s": "ETHBTC",
    "c": "mUvoqJxFIILMdfAW5iGSOW",
    "S": "BUY",
    "o": "LIMIT",
    "f": "GTC",
    "q": "1.00000000",
    "p": "0.10264410",
    "P": "0.00000000",
    "F": "0.00000000",
    "g": -1,
    "C": "",
    "x": "NEW",
    "X": "NEW",
    "r": "NONE",
    "i": 4293153,
    "l": "0.00000000",
    "z": "0.00000000",
    "L": "0.00000000",
    "n": "0",
    "N": None,
    "T": 1499405658657,
    "t": -1,
    "I": 8641984,
    "w": True,
    "m": False,
    "M": False,
    "O": 1499405658657,
    "Z": "0.00000000",
    "Y": "0.00000000",
    "Q": "0.00000000",
    "W": 1499405658657,
    "V": "NONE",
}
