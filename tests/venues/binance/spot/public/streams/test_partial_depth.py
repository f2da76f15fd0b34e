from __future__ import annotations

from decimal import Decimal

import pytest

from protocol.errors import InvalidParameters
from venues.binance.spot.public.streams.partial_depth import (
    DEPTH_LEVELS,
    KIND,
    PartialDepthSchema,
    partial_depth_stream,
)
from venues.binance.spot.public.streams.price_level import PriceLevel


def _levels(pairs):
    return tuple(PriceLevel(Decimal(p), Decimal(q)) for p, q in pairs)


def test_symbol_and_level_count_come_from_the_stream_name(documented, check_fields):
    example = documented["partial_depth"]
    event = KIND.parse(example["stream"], example["payload"])
    check_fields(event, example["expected"])
    assert event.bids == _levels(example["expected_bids"])
    assert event.asks == _levels(example["expected_asks"])


def test_fast_path_agrees_with_the_schema(documented):
    example = documented["partial_depth"]
    loaded = PartialDepthSchema().load({"symbol": "BNBBTC", "levels": 5, **example["payload"]})
    assert KIND.parse(example["stream"], example["payload"]) == loaded


@pytest.mark.parametrize("levels", DEPTH_LEVELS)
@pytest.mark.parametrize(("speed", "suffix"), [("1000ms", ""), ("100ms", "@100ms")])
def test_every_level_count_and_speed_builds_a_name(levels, speed, suffix):
    name = partial_depth_stream("BNBBTC", levels, update_speed=speed)
    assert name == f"bnbbtc@depth{levels}{suffix}"


@pytest.mark.parametrize(("levels", "speed", "field"), [
    (15, "1000ms", "levels"), ("5", "1000ms", "levels"), (5, "250ms", "update_speed"),
])  # fmt: skip
def test_invalid_arguments_are_refused_naming_the_field(levels, speed, field):
    with pytest.raises(InvalidParameters) as info:
        partial_depth_stream("BNBBTC", levels, update_speed=speed)
    assert info.value.field == field


def test_a_level_that_is_not_a_pair_is_refused(documented):
    payload = dict(documented["partial_depth"]["payload"], bids=[["0.1"]])
    with pytest.raises(ValueError):
        KIND.parse("bnbbtc@depth5", payload)
