"""``order.test`` (TRADE): validate an order and its signature without placing it.

Takes every ``order.place`` parameter plus ``compute_commission_rates``. Weight 1, or 20
with ``compute_commission_rates=True`` (then the reply carries the commission rates).

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/trading-requests#test-new-order-trade

Example:
    >>> call = build(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1",
    ...              compute_commission_rates=True)
    >>> (call.weight, call.params["computeCommissionRates"], call.orders)
    (20, True, 0)
    >>> call.parse({}).standard is None
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import fields, post_load

from protocol.errors import InvalidParameters
from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._schema import ResultSchema, validate_recv_window
from venues.binance.spot.private.order_place import place_params

__all__ = [
    "METHOD",
    "WEIGHT",
    "WEIGHT_WITH_COMMISSION",
    "CommissionRates",
    "OrderTestResult",
    "build",
    "parse",
]

METHOD = "order.test"
WEIGHT = 1
WEIGHT_WITH_COMMISSION = 20


@dataclass(frozen=True, slots=True)
class CommissionRates:
    """Maker and taker commission rates.

    Example:
        >>> CommissionRates(Decimal("0.001"), Decimal("0.002")).taker
        Decimal('0.002')
    """

    maker: Decimal
    taker: Decimal


@dataclass(frozen=True, slots=True)
class OrderTestResult:
    """What ``order.test`` answers: nothing, or the commission rates if asked for.

    Example:
        >>> OrderTestResult().special is None
        True
    """

    standard: CommissionRates | None = None
    special: CommissionRates | None = None
    tax: CommissionRates | None = None


class _RatesSchema(ResultSchema):
    maker = fields.Decimal(required=True)
    taker = fields.Decimal(required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> CommissionRates:
        return CommissionRates(**data)


class OrderTestResultSchema(ResultSchema):
    """``{}`` or the ``*CommissionForOrder`` objects."""

    standard = fields.Nested(_RatesSchema, data_key="standardCommissionForOrder")
    special = fields.Nested(_RatesSchema, data_key="specialCommissionForOrder")
    tax = fields.Nested(_RatesSchema, data_key="taxCommissionForOrder")

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> OrderTestResult:
        return OrderTestResult(**data)


def parse(result: Any) -> OrderTestResult:
    """Parse the ``order.test`` reply.

    Example:
        >>> parse({"standardCommissionForOrder": {"maker": "0.1", "taker": "0.2"}}).standard.maker
        Decimal('0.1')
    """
    loaded: OrderTestResult = OrderTestResultSchema().load(result)
    return loaded


def build(
    *,
    compute_commission_rates: bool | None = None,
    recv_window: int | Decimal | None = None,
    **order: Any,
) -> ApiCall[OrderTestResult]:
    """Return a validated ``order.test`` call; ``order`` takes ``order.place``'s keywords.

    Raises:
        InvalidParameters: as for ``order.place``, or a non-bool
            ``compute_commission_rates``.

    Example:
        >>> build(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1").weight
        1
    """
    if compute_commission_rates is not None and not isinstance(compute_commission_rates, bool):
        raise InvalidParameters("compute_commission_rates", "must be a bool")
    window = validate_recv_window(recv_window)
    params = place_params(order)
    weight = WEIGHT
    if compute_commission_rates:
        params["computeCommissionRates"] = True
        weight = WEIGHT_WITH_COMMISSION
    return ApiCall(METHOD, params, weight, "signed", parse, recv_window=window)
