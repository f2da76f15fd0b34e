"""Schemas shared by several method files: field helpers, enums, order params and results.

Params schemas are strict (``unknown = RAISE``): a misspelt keyword is refused, naming
it, before anything is sent. Result schemas come from the models
(:func:`venues.deribit.models.schema_of`) and ignore fields the venue adds.

Example:
    >>> OrderParams().load({"instrument_name": "BTC-PERPETUAL", "amount": 10,
    ...                     "type": "market"})["amount"]
    Decimal('10')
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from protocol.errors import InvalidParameters
from venues.deribit._call import Call, load_params, one
from venues.deribit.models import Order, OrderResult, schema_of

__all__ = [
    "CURRENCIES",
    "KINDS",
    "ORDER_TYPES",
    "EditParams",
    "OrderParams",
    "StrictSchema",
    "cancelled",
    "check_amount_and_contracts",
    "currency",
    "flag",
    "instrument_name",
    "label",
    "order_call",
    "order_id",
    "order_result",
    "order_schema",
    "positive",
]

ORDER_TYPES = (
    "limit",
    "stop_limit",
    "take_limit",
    "market",
    "stop_market",
    "take_market",
    "market_limit",
    "trailing_stop",
)
PRICED_TYPES = ("limit", "stop_limit", "take_limit")
TRIGGERED_TYPES = ("stop_limit", "take_limit", "stop_market", "take_market")
TIME_IN_FORCE = ("good_til_cancelled", "good_til_day", "fill_or_kill", "immediate_or_cancel")
TRIGGERS = ("index_price", "mark_price", "last_price")
ADVANCED = ("usd", "implv")
CURRENCIES = ("BTC", "ETH", "USDC", "USDT", "EURR")
KINDS = ("future", "option", "spot", "future_combo", "option_combo")


class StrictSchema(Schema):
    """Base of every params schema: unknown keys are refused."""

    class Meta:
        unknown = RAISE


class _Flag(fields.Boolean):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if type(value) is not bool:  # "yes" or 1 must not pass for a flag we send
            raise self.make_error("invalid")
        return value


def flag() -> fields.Boolean:
    """A strict boolean: only ``True`` or ``False``."""
    return _Flag()


def instrument_name(required: bool = True) -> fields.String:
    """A non-empty instrument name field."""
    return fields.String(required=required, validate=validate.Length(min=1))


def order_id() -> fields.String:
    """A required, non-empty order id field."""
    return fields.String(required=True, validate=validate.Length(min=1))


def positive() -> fields.Decimal:
    """A finite number > 0, kept exact."""
    return fields.Decimal(validate=validate.Range(min=0, min_inclusive=False))


def label(max_length: int = 64) -> fields.String:
    """A user label of at most ``max_length`` characters."""
    return fields.String(validate=validate.Length(max=max_length))


def currency(required: bool = True, extra: tuple[str, ...] = ()) -> fields.String:
    """A settlement currency (BTC, ETH, USDC, USDT, EURR, plus ``extra``)."""
    return fields.String(required=required, validate=validate.OneOf(CURRENCIES + extra))


def _one_of(choices: tuple[str, ...]) -> fields.String:
    return fields.String(validate=validate.OneOf(choices))


class _Adjustable(StrictSchema):
    amount = positive()
    contracts = positive()
    price = positive()
    post_only = flag()
    reject_post_only = flag()
    reduce_only = flag()
    advanced = _one_of(ADVANCED)
    trigger_price = positive()
    trigger_offset = fields.Decimal()
    mmp = flag()
    valid_until = fields.Integer(strict=True, validate=validate.Range(min=1))
    display_amount = positive()


class OrderParams(_Adjustable):
    """Params of ``private/buy`` and ``private/sell`` (the same for both).

    Example:
        >>> OrderParams().load({"instrument_name": "X", "amount": 1})
        Traceback (most recent call last):
        ...
        marshmallow.exceptions.ValidationError: {'price': ['required for limit orders']}
    """

    instrument_name = instrument_name()
    type = _one_of(ORDER_TYPES)
    label = label()
    time_in_force = _one_of(TIME_IN_FORCE)
    trigger = _one_of(TRIGGERS)
    linked_order_type = fields.String()
    trigger_fill_condition = fields.String()
    otoco_config = fields.List(fields.Dict())

    @validates_schema
    def _consistent(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "amount" not in data and "contracts" not in data:
            raise ValidationError("give amount or contracts", field_name="amount")
        kind = data.get("type", "limit")
        if kind in PRICED_TYPES and "price" not in data:
            raise ValidationError(f"required for {kind} orders", field_name="price")
        if kind in TRIGGERED_TYPES and "trigger_price" not in data:
            raise ValidationError(f"required for {kind} orders", field_name="trigger_price")
        if kind == "trailing_stop" and "trigger_offset" not in data:
            raise ValidationError("required for trailing_stop orders", field_name="trigger_offset")


class EditParams(_Adjustable):
    """Params of ``private/edit``.

    Example:
        >>> EditParams().load({"order_id": "ETH-1", "price": 10})["price"]
        Decimal('10')
    """

    order_id = order_id()


def check_amount_and_contracts(
    amount: Any, contracts: Any, contract_size: Decimal | int | str | None
) -> None:
    """Refuse ``amount`` and ``contracts`` together unless they agree.

    Deribit requires both to agree when both are sent; that is only checkable with the
    instrument's ``contract_size`` (``amount == contracts * contract_size``).

    Example:
        >>> check_amount_and_contracts(100, 10, 10)
        >>> check_amount_and_contracts(100, 9, 10)
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'contracts': 9 contracts ...
    """
    if amount is None or contracts is None:
        return
    if contract_size is None:
        problem = "send amount or contracts, not both (or pass contract_size to check them)"
        raise InvalidParameters("contracts", problem)
    try:
        agree = Decimal(str(amount)) == Decimal(str(contracts)) * Decimal(str(contract_size))
    except ArithmeticError as exc:
        raise InvalidParameters(
            "contracts", "amount, contracts and contract_size must be numbers"
        ) from exc
    if not agree:
        problem = f"{contracts} contracts of {contract_size} do not make amount {amount}"
        raise InvalidParameters("contracts", problem)


order_schema = schema_of(Order)()
order_result = schema_of(OrderResult)()


def order_call(
    method: str, schema: Schema, given: dict[str, Any], contract_size: Any
) -> Call[OrderResult]:
    """The call of buy, sell or edit: validated params, an :class:`OrderResult` result."""
    check_amount_and_contracts(given.get("amount"), given.get("contracts"), contract_size)
    return Call(method, load_params(schema, given), one(order_result.load))


def cancelled(raw: Any) -> int | tuple[Order, ...]:
    """The result of the cancel-many methods: a count, or (``detailed``) the orders.

    Example:
        >>> cancelled(4)
        4
        >>> cancelled([{"currency": "BTC", "type": "limit", "result": []}])
        ()
    """
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, Decimal) and raw == raw.to_integral_value():
        return int(raw)
    if not isinstance(raw, list):
        raise TypeError(f"expected a count or a list of reports, got {type(raw).__name__}")
    return tuple(order_schema.load(order) for report in raw for order in report["result"])
