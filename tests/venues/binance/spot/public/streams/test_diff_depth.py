from __future__ import annotations

from decimal import Decimal

from venues.binance.spot.public.streams.diff_depth import (
    KIND,
    DiffDepthEvent,
    DiffDepthSchema,
    diff_depth_stream,
)
from venues.binance.spot.public.streams.price_level import PriceLevel


def test_documented_diff_depth_parses_to_exact_values(documented, check_fields):
    example = documented["diff_depth"]
    event = DiffDepthEvent.from_payload(example["payload"])
    check_fields(event, example["expected"])
    assert event.bids == (PriceLevel(Decimal("0.0024"), Decimal("10")),)
    assert event.asks == (PriceLevel(Decimal("0.0026"), Decimal("100")),)


def test_fast_path_agrees_with_the_schema(documented):
    payload = documented["diff_depth"]["payload"]
    assert DiffDepthEvent.from_payload(payload) == DiffDepthSchema().load(payload)


def test_final_update_id_orders_the_stream(documented):
    assert KIND.sequence(DiffDepthEvent.from_payload(documented["diff_depth"]["payload"])) == 160


def test_stream_names_for_both_speeds():
    assert diff_depth_stream("BNBBTC") == "bnbbtc@depth"
    assert diff_depth_stream("BNBBTC", update_speed="100ms") == "bnbbtc@depth@100ms"
