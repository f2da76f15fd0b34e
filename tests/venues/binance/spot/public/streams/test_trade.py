from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.public.streams.trade import KIND, TradeEvent, TradeSchema, trade_stream


def test_documented_trade_parses_to_exact_values(documented, check_fields):
    example = documented["trade"]
    check_fields(TradeEvent.from_payload(example["payload"]), example["expected"])


def test_fast_path_agrees_with_the_schema(documented):
    payload = documented["trade"]["payload"]
    assert TradeEvent.from_payload(payload) == TradeSchema().load(payload)


def test_trade_id_orders_the_stream(documented):
    event = KIND.parse("bnbbtc@trade", documented["trade"]["payload"])
    assert KIND.sequence(event) == 12345


def test_stream_name_is_lower_cased():
    assert trade_stream("BNBBTC") == "bnbbtc@trade"


@pytest.mark.parametrize("symbol", ["", "BTC/USDT", "A" * 21, 42])
def test_invalid_symbol_is_refused_naming_the_field(symbol):
    with pytest.raises(InvalidParameters) as info:
        trade_stream(symbol)
    assert info.value.field == "symbol"


@pytest.mark.parametrize(
    ("key", "value"), [("p", 0.001), ("t", "12345"), ("m", "true"), ("p", "NaN")]
)
def test_wrongly_typed_field_is_refused_by_the_fast_path(documented, key, value):
    payload = dict(documented["trade"]["payload"], **{key: value})
    with pytest.raises((TypeError, ValueError)):
        TradeEvent.from_payload(payload)
