from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.public.streams._registry import resolve
from venues.binance.spot.public.streams.ticker import TickerEvent, TickerSchema, ticker_stream


def test_documented_ticker_parses_to_exact_values(documented, check_fields):
    example = documented["ticker"]
    check_fields(TickerEvent.from_payload(example["payload"]), example["expected"])


def test_fast_path_agrees_with_the_schema(documented):
    payload = documented["ticker"]["payload"]
    assert TickerEvent.from_payload(payload) == TickerSchema().load(payload)


def test_stream_name():
    assert ticker_stream("BNBBTC") == "bnbbtc@ticker"


def test_deprecated_all_market_ticker_stream_is_not_offered():
    assert resolve("!ticker@arr") is None


def test_invalid_symbol_is_refused_naming_the_field():
    with pytest.raises(InvalidParameters) as info:
        ticker_stream(None)  # type: ignore[arg-type]
    assert info.value.field == "symbol"
