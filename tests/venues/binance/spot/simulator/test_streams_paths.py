from __future__ import annotations

import pytest

from venues.binance.spot.simulator.streams_paths import StreamPath, parse_path


@pytest.mark.parametrize(("path", "expected"), [
    ("/stream?streams=btcusdt@trade/btcusdt@depth", StreamPath(True, ("btcusdt@trade",
                                                                      "btcusdt@depth"))),
    ("/stream", StreamPath(True, ())),
    ("/stream?streams=btcusdt@kline_1d@+08:00&timeUnit=MICROSECOND",
     StreamPath(True, ("btcusdt@kline_1d@+08:00",))),
    ("/ws/bnbbtc@aggTrade", StreamPath(False, ("bnbbtc@aggTrade",))),
    ("/ws", StreamPath(False, ())),
    ("/ws/!miniTicker@arr", StreamPath(False, ("!miniTicker@arr",))),
])  # fmt: skip
def test_paths_name_their_streams_and_framing(path, expected):
    assert parse_path(path) == expected


@pytest.mark.parametrize("path", ["/", "/ws-api/v3", "/stream?streams=btcusdt@nope"])
def test_unknown_paths_and_streams_are_refused(path):
    with pytest.raises(ValueError):
        parse_path(path)
