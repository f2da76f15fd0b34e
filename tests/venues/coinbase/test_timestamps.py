"""Timestamps keep nanoseconds, so ordering survives what datetime would lose."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from venues.coinbase.timestamps import (
    parse_heartbeat_time,
    parse_timestamp,
    parse_unix_seconds,
)


def test_nine_fractional_digits_are_kept_exactly():
    assert parse_timestamp("2023-02-09T20:32:50.714964855Z").ns == 1675974770714964855


def test_instants_300_ns_apart_still_order_correctly():
    early = parse_timestamp("2023-02-09T20:32:50.714964555Z")
    late = parse_timestamp("2023-02-09T20:32:50.714964855Z")
    assert early < late
    assert early.datetime == late.datetime  # what a datetime alone would conflate


@pytest.mark.parametrize(
    ("text", "ns"),
    [
        ("1970-01-01T00:00:00Z", 0),
        ("2023-02-09T20:32:50.9Z", 1675974770900000000),
        ("2023-02-09T21:32:50.9+01:00", 1675974770900000000),
        ("2000-02-29T00:00:00.000001Z", 951782400000001000),
    ],
)
def test_fractions_and_offsets_parse(text, ns):
    assert parse_timestamp(text).ns == ns


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "2023-02-09",
        "2023-02-09T20:32:50.abcZ",
        "",
        "2023-02-30T00:00:00Z",
        "2023-04-31T00:00:00Z",
        "2023-02-29T00:00:00Z",
    ],
)
def test_bad_text_is_refused(text):
    with pytest.raises(ValueError):
        parse_timestamp(text)


def test_heartbeat_time_ignores_the_monotonic_suffix():
    text = "2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105"
    assert parse_heartbeat_time(text).ns == 1687552316121961769


def test_a_leap_day_parses():
    assert parse_timestamp("2024-02-29T00:00:00Z").datetime.day == 29


def test_candle_start_is_unix_seconds():
    assert parse_unix_seconds("1688998200").datetime == dt.datetime(
        2023, 7, 10, 14, 10, tzinfo=dt.UTC
    )


@given(st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2200, 1, 1)))
def test_parsing_agrees_with_datetime_to_the_microsecond(moment):
    aware = moment.replace(tzinfo=dt.UTC)
    text = aware.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert parse_timestamp(text).datetime == aware
