from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.public.streams.agg_trade import (
    KIND,
    AggTradeEvent,
    AggTradeSchema,
    agg_trade_stream,
)


def test_documented_agg_trade_parses_to_exact_values(documented, check_fields):
    example = documented["aggTrade"]
    check_fields(AggTradeEvent.from_payload(example["payload"]), example["expected"])


def test_fast_path_agrees_with_the_schema(documented):
    payload = documented["aggTrade"]["payload"]
    assert AggTradeEvent.from_payload(payload) == AggTradeSchema().load(payload)


def test_aggregate_id_orders_the_stream(documented):
    assert KIND.sequence(KIND.parse("bnbbtc@aggTrade", documented["aggTrade"]["payload"])) == 12345


def test_stream_name_keeps_the_camel_case_suffix():
    assert agg_trade_stream("ETHBTC") == "ethbtc@aggTrade"


def test_invalid_symbol_is_refused_naming_the_field():
    with pytest.raises(InvalidParameters) as info:
        agg_trade_stream("ETH BTC")
    assert info.value.field == "symbol"
