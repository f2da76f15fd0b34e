from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.public.streams.rolling_window_ticker import (
    ALL_MARKET_KIND,
    ROLLING_WINDOWS,
    RollingWindowTickerEvent,
    RollingWindowTickerSchema,
    all_market_rolling_window_tickers_stream,
    rolling_window_ticker_stream,
)


def test_documented_rolling_ticker_parses_to_exact_values(documented, check_fields):
    example = documented["rolling_window_ticker"]
    check_fields(RollingWindowTickerEvent.from_payload(example["payload"]), example["expected"])


def test_fast_path_agrees_with_the_schema(documented):
    payload = documented["rolling_window_ticker"]["payload"]
    assert RollingWindowTickerEvent.from_payload(payload) == RollingWindowTickerSchema().load(
        payload
    )


def test_all_market_array_carries_the_window_of_each_event(documented):
    example = documented["all_market_rolling_window_tickers"]
    (event,) = ALL_MARKET_KIND.parse(example["stream"], example["payload"])
    assert event.window == "4h"


@pytest.mark.parametrize("window", ROLLING_WINDOWS)
def test_every_documented_window_builds_stream_names(window):
    assert rolling_window_ticker_stream("BNBBTC", window) == f"bnbbtc@ticker_{window}"
    assert all_market_rolling_window_tickers_stream(window) == f"!ticker_{window}@arr"


def test_unknown_window_is_refused_naming_the_field():
    with pytest.raises(InvalidParameters) as info:
        rolling_window_ticker_stream("BNBBTC", "2h")
    assert info.value.field == "window"


def test_unknown_event_type_is_refused(documented):
    payload = dict(documented["rolling_window_ticker"]["payload"], e="2hTicker")
    with pytest.raises(ValueError):
        RollingWindowTickerEvent.from_payload(payload)
