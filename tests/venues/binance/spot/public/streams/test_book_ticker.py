from __future__ import annotations

from venues.binance.spot.public.streams.book_ticker import (
    KIND,
    BookTickerEvent,
    BookTickerSchema,
    book_ticker_stream,
)


def test_documented_book_ticker_without_event_type_parses(documented, check_fields):
    example = documented["bookTicker"]
    check_fields(KIND.parse(example["stream"], example["payload"]), example["expected"])


def test_fast_path_agrees_with_the_schema(documented):
    payload = documented["bookTicker"]["payload"]
    assert BookTickerEvent.from_payload(payload) == BookTickerSchema().load(payload)


def test_update_id_orders_the_stream(documented):
    event = BookTickerEvent.from_payload(documented["bookTicker"]["payload"])
    assert KIND.sequence(event) == 400900217


def test_stream_name():
    assert book_ticker_stream("BNBUSDT") == "bnbusdt@bookTicker"
