"""The local Coinbase order book, fed with the facts file's ``l2_data`` messages decoded
by the codec (wire frame -> Event -> ChannelMessage of Level2Event -> book), as a
``level2`` subscription handler feeds it."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.errors import InvalidParameters, VenueClientError
from protocol.messages import Event
from venues.coinbase import BookNotReady, LocalOrderBook
from venues.coinbase.channels.envelope import ChannelMessage
from venues.coinbase.channels.level2 import Level2Event
from venues.coinbase.codec import CoinbaseCodec

PRODUCT = "BTC-USD"
MESSAGES = Path(__file__).resolve().parents[2] / "fixtures" / "coinbase" / "messages.json"


def example(name: str) -> dict[str, Any]:
    """The facts file's example frame ``name`` (parsed)."""
    cases = json.loads(MESSAGES.read_text(encoding="utf-8"))
    return next(case["frame"] for case in cases if case["name"] == name)


def dec(text: str) -> Decimal:
    return Decimal(text)


class Stream:
    """The messages of one connection, decoded by one codec as a client decodes them,
    numbered as the venue numbers them; frames other than the facts file's are built
    from its ``level2 update (3.8b)`` shape."""

    def __init__(self) -> None:
        self.codec = CoinbaseCodec()
        self._sequence = 0

    def example(self, name: str) -> ChannelMessage[Level2Event]:
        return self.decode(example(name))

    def snapshot(self, *updates: tuple[str, str, str], product: str = PRODUCT) -> Any:
        return self.decode(self._frame("snapshot", product, updates))

    def update(self, *updates: tuple[str, str, str], product: str = PRODUCT) -> Any:
        return self.decode(self._frame("update", product, updates))

    def decode(self, frame: dict[str, Any]) -> ChannelMessage[Level2Event]:
        frame["sequence_num"] = self._sequence
        self._sequence += 1
        message = self.codec.decode(json.dumps(frame))
        assert isinstance(message, Event), message
        assert isinstance(message.data, ChannelMessage), message.data
        assert message.data.channel == "level2"
        return message.data

    @staticmethod
    def _frame(kind: str, product: str, updates: Any) -> dict[str, Any]:
        frame = example("level2 update (3.8b)")
        event = frame["events"][0]
        template = event["updates"][0]
        event.update(type=kind, product_id=product)
        event["updates"] = [
            dict(template, side=side, price_level=price, new_quantity=size)
            for side, price, size in updates
        ]
        return frame


@pytest.fixture
def stream() -> Stream:
    return Stream()


@pytest.fixture
def book() -> LocalOrderBook:
    return LocalOrderBook(PRODUCT)


# -- snapshot then updates ---------------------------------------------------------------


def test_the_facts_file_snapshot_then_update_give_the_documented_book(stream, book):
    book.apply_message(stream.example("level2 snapshot (3.8b)"))
    assert book.valid
    assert book.bids() == [(dec("21921.73"), dec("0.06317902"))]
    assert book.asks() == [(dec("21922.10"), dec("0.5"))]

    book.apply_message(stream.example("level2 update (3.8b)"))

    assert book.bids() == [(dec("21921.73"), dec("0.06317902"))]
    assert book.asks() == []


def test_apply_takes_the_events_of_a_message_one_by_one(stream, book):
    message = stream.snapshot(("bid", "100", "1"), ("offer", "101", "2"))

    for event in message.events:
        book.apply(event)

    assert book.best_bid() == (dec("100"), dec("1"))
    assert book.best_ask() == (dec("101"), dec("2"))


def test_a_message_with_several_events_applies_them_in_order(stream, book):
    frame = example("level2 snapshot (3.8b)")
    later = example("level2 update (3.8b)")["events"][0]
    frame["events"].append(dict(later, updates=[dict(later["updates"][0], new_quantity="0.7")]))

    book.apply_message(stream.decode(frame))

    assert book.asks() == [(dec("21922.10"), dec("0.7"))]


# -- level semantics ---------------------------------------------------------------------


def test_an_update_sets_the_absolute_size_rather_than_adding_to_it(stream, book):
    book.apply_message(stream.snapshot(("bid", "100", "3"), ("offer", "101", "4")))

    book.apply_message(stream.update(("bid", "100", "1.5"), ("offer", "101", "10")))

    assert book.bids() == [(dec("100"), dec("1.5"))]
    assert book.asks() == [(dec("101"), dec("10"))]


def test_a_zero_quantity_removes_the_level_and_removing_an_absent_one_changes_nothing(stream, book):
    book.apply_message(stream.snapshot(("bid", "100", "1"), ("bid", "99", "2")))

    book.apply_message(stream.update(("bid", "100", "0"), ("offer", "105", "0.00")))

    assert book.bids() == [(dec("99"), dec("2"))]
    assert book.asks() == []


def test_new_price_levels_are_inserted_in_price_order(stream, book):
    book.apply_message(stream.snapshot(("bid", "100", "1"), ("offer", "102", "1")))

    book.apply_message(
        stream.update(("bid", "100.5", "2"), ("bid", "99", "3"), ("offer", "101.5", "4"))
    )

    assert [price for price, _ in book.bids()] == [dec("100.5"), dec("100"), dec("99")]
    assert [price for price, _ in book.asks()] == [dec("101.5"), dec("102")]


# -- before a snapshot, invalidation, recovery -------------------------------------------


def test_an_update_before_any_snapshot_is_refused_with_book_not_ready(stream, book):
    stream.example("level2 snapshot (3.8b)")  # delivered before this book existed

    with pytest.raises(BookNotReady) as caught:
        book.apply_message(stream.example("level2 update (3.8b)"))

    assert caught.value.product_id == PRODUCT
    assert "BTC-USD" in str(caught.value) and "snapshot" in str(caught.value)
    assert not book.valid and book.bids() == [] and book.asks() == []


def test_an_invalidated_book_refuses_updates_until_a_new_snapshot_recovers_it(stream, book):
    book.apply_message(stream.snapshot(("bid", "100", "1"), ("offer", "101", "1")))

    book.invalidate()

    assert not book.valid and book.bids() == [] and book.best_ask() is None
    with pytest.raises(BookNotReady):
        book.apply_message(stream.update(("bid", "100", "5")))
    book.apply_message(stream.snapshot(("bid", "98", "2"), ("offer", "99", "3")))
    book.apply_message(stream.update(("offer", "99.5", "4")))
    assert book.valid
    assert book.bids() == [(dec("98"), dec("2"))]
    assert book.asks() == [(dec("99"), dec("3")), (dec("99.5"), dec("4"))]


def test_book_not_ready_is_a_venue_client_error_that_pickles_with_its_field():
    error = pickle.loads(pickle.dumps(BookNotReady("ETH-USD")))

    assert type(error) is BookNotReady and issubclass(BookNotReady, VenueClientError)
    assert error.product_id == "ETH-USD"
    assert str(error) == "book ETH-USD: an update arrived before any snapshot"


# -- snapshots replace -------------------------------------------------------------------


def test_a_second_snapshot_replaces_the_book_rather_than_merging_into_it(stream, book):
    book.apply_message(stream.example("level2 snapshot (3.8b)"))

    book.apply_message(stream.snapshot(("bid", "21000", "1"), ("offer", "21001", "2")))

    assert book.bids() == [(dec("21000"), dec("1"))]
    assert book.asks() == [(dec("21001"), dec("2"))]


def test_a_snapshot_after_a_reconnect_replaces_the_book(book):
    before = Stream()
    book.apply_message(before.example("level2 snapshot (3.8b)"))
    after = Stream()  # a new connection counts from 0 again

    book.apply_message(after.snapshot(("offer", "21950", "1")))

    assert book.bids() == []
    assert book.asks() == [(dec("21950"), dec("1"))]


# -- products ----------------------------------------------------------------------------


def test_an_event_for_another_product_is_refused_and_changes_nothing(stream, book):
    book.apply_message(stream.example("level2 snapshot (3.8b)"))

    with pytest.raises(InvalidParameters) as caught:
        book.apply_message(stream.snapshot(("bid", "1500", "1"), product="ETH-USD"))

    assert caught.value.field == "event"
    assert book.best_bid() == (dec("21921.73"), dec("0.06317902"))


def test_a_usdc_book_takes_the_usd_data_the_venue_serves_for_it():
    stream, book = Stream(), LocalOrderBook("BTC-USDC")
    stream.codec.routes.add(["level2:BTC-USDC"])

    message = stream.example("level2 snapshot (3.8b)")
    book.apply_message(message)

    assert message.key == "level2:BTC-USDC"
    assert book.best_ask() == (dec("21922.10"), dec("0.5"))


def test_a_message_from_another_channel_is_refused(stream, book):
    ticker = stream.codec.decode(json.dumps(example("ticker (3.8d)")))
    assert isinstance(ticker, Event)

    with pytest.raises(InvalidParameters) as caught:
        book.apply_message(ticker.data)

    assert caught.value.field == "message"


def test_a_product_id_is_required():
    with pytest.raises(InvalidParameters) as caught:
        LocalOrderBook("")
    assert caught.value.field == "product_id"


# -- reading -----------------------------------------------------------------------------


def test_depth_limits_the_levels_best_first(stream, book):
    book.apply_message(
        stream.snapshot(
            ("bid", "97", "3"),
            ("bid", "99", "1"),
            ("bid", "98", "2"),
            ("offer", "102", "5"),
            ("offer", "100", "4"),
            ("offer", "101", "6"),
        )
    )

    assert book.bids(depth=2) == [(dec("99"), dec("1")), (dec("98"), dec("2"))]
    assert book.asks(depth=1) == [(dec("100"), dec("4"))]
    assert book.bids(depth=0) == [] and book.asks(depth=0) == []
    assert book.asks(depth=10) == book.asks()
    assert book.asks() == [(dec("100"), dec("4")), (dec("101"), dec("6")), (dec("102"), dec("5"))]


@pytest.mark.parametrize("depth", [-1, 2.0, "1", False])
def test_a_depth_that_is_not_a_non_negative_int_is_refused(book, depth):
    with pytest.raises(InvalidParameters) as caught:
        book.asks(depth=depth)
    assert caught.value.field == "depth"
    with pytest.raises(InvalidParameters):
        book.bids(depth=depth)


def test_best_levels_are_the_top_of_each_side_or_none_when_a_side_is_empty(stream, book):
    assert book.best_bid() is None and book.best_ask() is None
    book.apply_message(stream.snapshot(("bid", "99", "1"), ("bid", "99.5", "2")))

    assert book.best_bid() == (dec("99.5"), dec("2"))
    assert book.best_ask() is None

    book.apply_message(stream.update(("bid", "99.5", "0"), ("offer", "100", "7")))

    assert book.best_bid() == (dec("99"), dec("1"))
    assert book.best_ask() == (dec("100"), dec("7"))


# -- never crossed from valid input ------------------------------------------------------

# A market: each state has bids strictly below its mid and offers at or above it, in
# cents; the stream sends the first state as a snapshot, then the diff to each next one.
_side = st.dictionaries(st.integers(0, 12), st.integers(1, 50), max_size=8)
_state = st.tuples(st.integers(2180000, 2180020), _side, _side)


def _levels(mid: int, offsets: dict[int, int], below: bool) -> dict[Decimal, Decimal]:
    sign, start = (-1, 1) if below else (1, 0)
    return {
        Decimal(mid + sign * (start + off)) / 100: Decimal(size) / 1000
        for off, size in offsets.items()
    }


def _diff(side: str, old: dict[Decimal, Decimal], new: dict[Decimal, Decimal]) -> list[Any]:
    gone = [(side, str(price), "0") for price in old if price not in new]
    return gone + [(side, str(p), str(s)) for p, s in new.items() if old.get(p) != s]


@settings(max_examples=150, deadline=None)
@given(states=st.lists(_state, min_size=1, max_size=10))
def test_the_book_follows_a_valid_stream_exactly_and_is_never_crossed(states):
    stream, book = Stream(), LocalOrderBook(PRODUCT)
    bids: dict[Decimal, Decimal] = {}
    asks: dict[Decimal, Decimal] = {}
    for index, (mid, bid_offsets, ask_offsets) in enumerate(states):
        new_bids, new_asks = _levels(mid, bid_offsets, True), _levels(mid, ask_offsets, False)
        if index == 0:
            message = stream.snapshot(*_diff("bid", {}, new_bids), *_diff("offer", {}, new_asks))
        else:
            message = stream.update(*_diff("bid", bids, new_bids), *_diff("offer", asks, new_asks))
        book.apply_message(message)
        bids, asks = new_bids, new_asks

        assert book.bids() == sorted(bids.items(), reverse=True)
        assert book.asks() == sorted(asks.items())
        best_bid, best_ask = book.best_bid(), book.best_ask()
        if best_bid is not None and best_ask is not None:
            assert best_bid[0] < best_ask[0]
