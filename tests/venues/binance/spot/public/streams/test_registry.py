from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.public.streams._registry import resolve, validate_stream


@pytest.mark.parametrize(("stream", "kind"), [
    ("btcusdt@trade", "trade"), ("btcusdt@aggTrade", "aggTrade"),
    ("btcusdt@kline_1M@+08:00", "kline"), ("btcusdt@miniTicker", "miniTicker"),
    ("!miniTicker@arr", "!miniTicker@arr"), ("btcusdt@ticker", "ticker"),
    ("btcusdt@ticker_4h", "ticker_<window>"), ("!ticker_1d@arr", "!ticker_<window>@arr"),
    ("btcusdt@bookTicker", "bookTicker"), ("btcusdt@avgPrice", "avgPrice"),
    ("btcusdt@depth20@100ms", "depth<N>"), ("btcusdt@depth@100ms", "depth"),
    ("1000satsusdt@trade", "trade"),
])  # fmt: skip
def test_every_stream_kind_resolves(stream, kind):
    resolved = resolve(stream)
    assert resolved is not None and resolved.name == kind


@pytest.mark.parametrize("stream", [
    "BTCUSDT@trade", "btcusdt@trades", "btcusdt@depth7", "btcusdt@depth@250ms",
    "@trade", "btcusdt", "!bookTicker", "btc usdt@trade",
])  # fmt: skip
def test_invalid_stream_names_are_refused_naming_the_field(stream):
    with pytest.raises(InvalidParameters) as info:
        validate_stream(stream, "streams[2]")
    assert info.value.field == "streams[2]"
