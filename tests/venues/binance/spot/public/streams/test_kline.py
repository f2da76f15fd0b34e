from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.public.streams._registry import resolve
from venues.binance.spot.public.streams.kline import (
    KLINE_INTERVALS,
    KlineEvent,
    KlineEventSchema,
    kline_stream,
)


@pytest.mark.parametrize("name", ["kline", "kline_utc8"])
def test_documented_kline_parses_to_exact_values(documented, check_fields, name):
    example = documented[name]
    event = KlineEvent.from_payload(example["payload"])
    check_fields(event, example["expected"])
    check_fields(event.kline, example["expected_kline"])


@pytest.mark.parametrize("name", ["kline", "kline_utc8"])
def test_fast_path_agrees_with_the_schema(documented, name):
    payload = documented[name]["payload"]
    assert KlineEvent.from_payload(payload) == KlineEventSchema().load(payload)


def test_every_documented_interval_is_known():
    assert KLINE_INTERVALS == (
        "1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h",
        "1d", "3d", "1w", "1M",
    )  # fmt: skip


@pytest.mark.parametrize("interval", KLINE_INTERVALS)
def test_every_interval_builds_a_stream_the_codec_resolves(interval):
    for name in (
        kline_stream("BTCUSDT", interval),
        kline_stream("BTCUSDT", interval, utc_offset="+08:00"),
    ):
        kind = resolve(name)
        assert kind is not None and kind.name == "kline"


def test_utc8_variant_appends_the_offset():
    assert kline_stream("BNBBTC", "1d", utc_offset="+08:00") == "bnbbtc@kline_1d@+08:00"


def test_unknown_interval_is_refused_naming_the_field():
    with pytest.raises(InvalidParameters) as info:
        kline_stream("BNBBTC", "2m")
    assert info.value.field == "interval"


def test_undocumented_offset_is_refused_naming_the_field():
    with pytest.raises(InvalidParameters) as info:
        kline_stream("BNBBTC", "1h", utc_offset="+09:00")
    assert info.value.field == "utc_offset"
