from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import NotEnoughFunds, TooManyRequests
from venues.deribit.private import buy


def test_request_equals_the_documented_market_order(frame_of, request_fixture):
    call = buy.build(
        instrument_name="ETH-PERPETUAL", amount=40, type="market", label="market0000234"
    )
    assert frame_of(call, 5275) == request_fixture("buy_market")


def test_prices_are_sent_as_exact_numbers(frame_of):
    call = buy.build(instrument_name="BTC-PERPETUAL", amount=10, price=Decimal("50000.5"))
    assert frame_of(call)["params"]["price"] == 50000.5


def test_result_is_the_order_and_its_fills_with_exact_numbers(result_of):
    result = buy.build(instrument_name="ETH-PERPETUAL", amount=40, type="market").result(
        result_of("buy_market")
    )
    assert result.order.order_id == "ETH-584849853"
    assert result.order.order_state == "filled"
    assert result.order.average_price == Decimal("203.3")
    assert result.trades[0].fee == Decimal("0.00014757")
    assert result.trades[0].liquidity == "T"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"instrument_name": "", "amount": 1, "type": "market"}, "instrument_name"),
        ({"instrument_name": "X", "amount": 0, "type": "market"}, "amount"),
        ({"instrument_name": "X", "amount": -5, "type": "market"}, "amount"),
        ({"instrument_name": "X", "type": "market"}, "amount"),
        ({"instrument_name": "X", "amount": 10}, "price"),
        ({"instrument_name": "X", "amount": 10, "type": "stop_market"}, "trigger_price"),
        ({"instrument_name": "X", "amount": 10, "type": "trailing_stop"}, "trigger_offset"),
        ({"instrument_name": "X", "amount": 10, "type": "iceberg"}, "type"),
        ({"instrument_name": "X", "amount": 10, "type": "market", "label": "x" * 65}, "label"),
        (
            {"instrument_name": "X", "amount": 10, "type": "market", "time_in_force": "gtc"},
            "time_in_force",
        ),
        ({"instrument_name": "X", "amount": 10, "type": "market", "colour": "red"}, "colour"),
        ({"instrument_name": "X", "amount": 10, "contracts": 2, "type": "market"}, "contracts"),
        (
            {
                "instrument_name": "X",
                "amount": 10,
                "contracts": 2,
                "type": "market",
                "contract_size": 10,
            },
            "contracts",
        ),
        ({"instrument_name": "X", "amount": "0.12345678901234567", "type": "market"}, "amount"),
    ],
)
def test_bad_orders_are_refused_naming_the_field(params, field):
    with pytest.raises(InvalidParameters) as excinfo:
        buy.build(**params)
    assert excinfo.value.field == field


def test_amount_and_contracts_may_both_be_sent_when_they_agree():
    call = buy.build(instrument_name="X", amount=20, contracts=2, contract_size=10, type="market")
    assert call.params["amount"] == 20 and call.params["contracts"] == 2
    assert "contract_size" not in call.params


def test_venue_errors_map_to_their_classes(error_of):
    assert isinstance(error_of("error_not_enough_funds", buy.METHOD), NotEnoughFunds)
    error = error_of("error_too_many_requests", buy.METHOD)
    assert isinstance(error, TooManyRequests)
    assert (error.code, error.method) == (10028, "private/buy")
