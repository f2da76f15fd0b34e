from __future__ import annotations

from venues.binance.spot.public.streams.avg_price import (
    AvgPriceEvent,
    AvgPriceSchema,
    avg_price_stream,
)


def test_documented_avg_price_parses_to_exact_values(documented, check_fields):
    example = documented["avgPrice"]
    check_fields(AvgPriceEvent.from_payload(example["payload"]), example["expected"])


def test_fast_path_agrees_with_the_schema(documented):
    payload = documented["avgPrice"]["payload"]
    assert AvgPriceEvent.from_payload(payload) == AvgPriceSchema().load(payload)


def test_stream_name():
    assert avg_price_stream("BTCUSDT") == "btcusdt@avgPrice"
