from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import Forbidden, error_for
from venues.deribit.private import get_open_orders_by_currency


def test_request_carries_currency_kind_and_type(frame_of):
    call = get_open_orders_by_currency.build(currency="ETH", kind="future", type="limit")
    assert frame_of(call)["params"] == {"currency": "ETH", "kind": "future", "type": "limit"}


def test_result_is_a_tuple_of_orders(result_of):
    orders = get_open_orders_by_currency.build(currency="ETH").result([result_of("cancel")])
    assert [o.order_id for o in orders] == ["ETH-SLIS-12"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"currency": "btc"}, "currency"), ({"currency": "BTC", "type": "iceberg"}, "type")],
)
def test_bad_parameters_are_refused(params, field):
    with pytest.raises(InvalidParameters) as excinfo:
        get_open_orders_by_currency.build(**params)
    assert excinfo.value.field == field


def test_scope_errors_map_to_forbidden():
    assert isinstance(error_for(13021, "forbidden"), Forbidden)
