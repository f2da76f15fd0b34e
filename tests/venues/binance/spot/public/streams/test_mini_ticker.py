from __future__ import annotations

import pytest

from venues.binance.spot.public.streams.mini_ticker import (
    ALL_MARKET_KIND,
    MiniTickerEvent,
    MiniTickerSchema,
    all_market_mini_tickers_stream,
    mini_ticker_stream,
)


def test_documented_mini_ticker_parses_to_exact_values(documented, check_fields):
    example = documented["miniTicker"]
    check_fields(MiniTickerEvent.from_payload(example["payload"]), example["expected"])


def test_fast_path_agrees_with_the_schema(documented):
    payload = documented["miniTicker"]["payload"]
    assert MiniTickerEvent.from_payload(payload) == MiniTickerSchema().load(payload)


def test_all_market_array_becomes_a_tuple_of_events(documented):
    example = documented["all_market_mini_tickers"]
    events = ALL_MARKET_KIND.parse(example["stream"], example["payload"])
    assert events == (MiniTickerSchema().load(example["payload"][0]),)
    assert ALL_MARKET_KIND.sequence(events) == 1672515782136


def test_all_market_payload_must_be_an_array(documented):
    with pytest.raises(TypeError):
        ALL_MARKET_KIND.parse("!miniTicker@arr", documented["miniTicker"]["payload"])


def test_stream_names():
    assert mini_ticker_stream("BNBBTC") == "bnbbtc@miniTicker"
    assert all_market_mini_tickers_stream() == "!miniTicker@arr"
