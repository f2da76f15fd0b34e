from __future__ import annotations

import pytest
from marshmallow import ValidationError

from venues.binance.spot.public.list_subscriptions import ListSubscriptionsResultSchema


def test_result_is_a_list_of_stream_names():
    assert ListSubscriptionsResultSchema().load(["btcusdt@aggTrade"]) == ["btcusdt@aggTrade"]


@pytest.mark.parametrize("result", [None, "btcusdt@trade", [1]])
def test_anything_else_is_refused(result):
    with pytest.raises(ValidationError):
        ListSubscriptionsResultSchema().load(result)
