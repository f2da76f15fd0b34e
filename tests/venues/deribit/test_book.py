"""The local Deribit order book, fed with the facts file's ``book.*`` messages decoded by
the codec (wire frame -> Event -> BookChange -> book), as a subscription handler feeds it."""

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
from venues.deribit import BookGap, LocalOrderBook
from venues.deribit.codec import DeribitCodec
from venues.deribit.models import BookChange

INSTRUMENT = "BTC-PERPETUAL"
CHANNEL = "book.BTC-PERPETUAL.100ms"
GROUPED = "book.BTC-PERPETUAL.none.10.100ms"
NOTIFICATIONS = Path(__file__).resolve().parents[2] / "fixtures" / "deribit" / "notifications.json"


def wire(name: str) -> str:
    """The facts file's example notification ``name`` as the text frame it arrives in."""
    return json.dumps(json.loads(NOTIFICATIONS.read_text())[name])


def dec(text: str) -> Decimal:
    return Decimal(text)


class Stream:
    """The notifications of one subscription, decoded by one codec as a client decodes
    them; frames other than the facts file's are built from its ``book_change`` shape."""

    def __init__(self) -> None:
        self.codec = DeribitCodec()

    def example(self, name: str) -> BookChange:
        return self.decode(wire(name))

    def snapshot(
        self, change_id: int, bids: Any = (), asks: Any = (), instrument: str = INSTRUMENT
    ) -> BookChange:
        data = {"type": "snapshot", "change_id": change_id, "bids": bids, "asks": asks}
        return self.decode(self._frame(f"book.{instrument}.100ms", instrument, data))

    def grouped(self, change_id: int, bids: Any = (), asks: Any = ()) -> BookChange:
        # Grouped channels send [price, amount] levels, no type, no prev_change_id.
        data = {"change_id": change_id, "bids": bids, "asks": asks}
        return self.decode(self._frame(GROUPED, INSTRUMENT, data, drop=("type", "prev_change_id")))

    def change(self, prev: int, change_id: int, bids: Any = (), asks: Any = ()) -> BookChange:
        data = {"prev_change_id": prev, "change_id": change_id, "bids": bids, "asks": asks}
        return self.decode(self._frame(CHANNEL, INSTRUMENT, data))

    def decode(self, frame: str) -> BookChange:
        message = self.codec.decode(frame)
        assert isinstance(message, Event), message
        assert isinstance(message.data, BookChange), message.data
        return message.data

    def _frame(
        self, channel: str, instrument: str, data: dict[str, Any], drop: tuple[str, ...] = ()
    ) -> str:
        message = json.loads(wire("book_change"))
        body = message["params"]["data"]
        body.update(data, instrument_name=instrument)
        body["bids"], body["asks"] = list(body["bids"]), list(body["asks"])
        for key in drop:
            body.pop(key)
        message["params"]["channel"] = channel
        return json.dumps(message)


@pytest.fixture
def stream() -> Stream:
    return Stream()


@pytest.fixture
def book() -> LocalOrderBook:
    return LocalOrderBook(INSTRUMENT)


# -- snapshot then changes ---------------------------------------------------------------


def test_the_facts_file_snapshot_then_change_give_the_documented_book(stream, book):
    book.apply(stream.example("book_snapshot"))
    assert book.valid and book.change_id == 297217
    assert book.bids() == [(dec("5042.34"), dec("30")), (dec("5041.94"), dec("20"))]
    assert book.asks() == [(dec("5042.64"), dec("40"))]

    book.apply(stream.example("book_change"))

    assert book.change_id == 297218
    assert book.bids() == [(dec("5042.34"), dec("10"))]
    assert book.asks() == [(dec("5042.64"), dec("40"))]


def test_changes_chain_one_after_another(stream, book):
    book.apply(stream.snapshot(1, bids=[["new", 100.0, 1.0]], asks=[["new", 101.0, 1.0]]))
    book.apply(stream.change(1, 2, bids=[["new", 99.5, 3.0]]))
    book.apply(stream.change(2, 5, asks=[["new", 102.0, 4.0]]))

    assert book.change_id == 5
    assert book.bids() == [(dec("100"), dec("1")), (dec("99.5"), dec("3"))]
    assert book.asks() == [(dec("101"), dec("1")), (dec("102"), dec("4"))]


# -- level actions -----------------------------------------------------------------------


def test_new_and_change_set_the_absolute_amount_rather_than_adding_to_it(stream, book):
    book.apply(stream.snapshot(1, bids=[["new", 100.0, 30.0]], asks=[["new", 101.0, 40.0]]))

    book.apply(stream.change(1, 2, bids=[["change", 100.0, 5.0]], asks=[["new", 101.0, 7.0]]))

    assert book.bids() == [(dec("100"), dec("5"))]
    assert book.asks() == [(dec("101"), dec("7"))]


def test_delete_removes_the_level_and_deleting_an_absent_level_changes_nothing(stream, book):
    book.apply(stream.snapshot(1, bids=[["new", 100.0, 1.0], ["new", 99.0, 2.0]]))

    book.apply(stream.change(1, 2, bids=[["delete", 100.0, 0.0], ["delete", 42.0, 0.0]]))

    assert book.bids() == [(dec("99"), dec("2"))]
    assert book.change_id == 2


def test_a_level_changed_to_a_zero_amount_is_not_listed(stream, book):
    book.apply(stream.snapshot(1, asks=[["new", 101.0, 1.0], ["new", 102.0, 2.0]]))

    book.apply(stream.change(1, 2, asks=[["change", 101.0, 0.0]]))

    assert book.asks() == [(dec("102"), dec("2"))]
    assert book.best_ask() == (dec("102"), dec("2"))


# -- gaps and recovery -------------------------------------------------------------------


def test_a_change_that_does_not_follow_raises_book_gap_and_throws_the_book_away(stream, book):
    book.apply(stream.example("book_snapshot"))
    stream.example("book_change")  # delivered, but this book never sees it
    missed_one = stream.change(297218, 297219, bids=[["new", 5040.0, 1.0]])

    with pytest.raises(BookGap) as caught:
        book.apply(missed_one)

    gap = caught.value
    assert (gap.instrument_name, gap.expected, gap.got) == (INSTRUMENT, 297217, 297218)
    assert gap.change_id == 297219
    assert "BTC-PERPETUAL" in str(gap) and "297217" in str(gap)
    assert not book.valid and book.change_id is None
    assert book.bids() == [] and book.asks() == []
    assert book.best_bid() is None and book.best_ask() is None


def test_every_later_change_is_refused_until_a_snapshot_arrives(stream, book):
    book.apply(stream.snapshot(1, bids=[["new", 100.0, 1.0]]))
    stream.change(1, 2)
    with pytest.raises(BookGap):
        book.apply(stream.change(2, 3))

    # This one follows the change before it, but the book has nothing to apply it to.
    with pytest.raises(BookGap) as caught:
        book.apply(stream.change(3, 4, bids=[["new", 100.0, 9.0]]))

    assert (caught.value.expected, caught.value.got) == (None, 3)
    assert not book.valid and book.bids() == []


def test_a_new_snapshot_recovers_the_book_after_a_gap(stream, book):
    book.apply(stream.snapshot(1, bids=[["new", 100.0, 1.0]], asks=[["new", 101.0, 1.0]]))
    stream.change(1, 2)
    with pytest.raises(BookGap):
        book.apply(stream.change(2, 3, bids=[["new", 99.0, 5.0]]))

    book.apply(stream.snapshot(50, bids=[["new", 98.0, 2.0]], asks=[["new", 99.0, 3.0]]))
    book.apply(stream.change(50, 51, asks=[["new", 99.5, 4.0]]))

    assert book.valid and book.change_id == 51
    assert book.bids() == [(dec("98"), dec("2"))]
    assert book.asks() == [(dec("99"), dec("3")), (dec("99.5"), dec("4"))]


def test_a_change_before_any_snapshot_is_a_gap(stream, book):
    stream.example("book_snapshot")  # delivered before this book existed

    with pytest.raises(BookGap) as caught:
        book.apply(stream.example("book_change"))

    assert (caught.value.expected, caught.value.got) == (None, 297217)
    assert "snapshot" in str(caught.value)
    assert not book.valid and book.bids() == [] and book.asks() == []


def test_invalidate_throws_the_book_away_until_the_next_snapshot(stream, book):
    book.apply(stream.snapshot(1, bids=[["new", 100.0, 1.0]]))

    book.invalidate()

    assert not book.valid and book.bids() == []
    with pytest.raises(BookGap):
        book.apply(stream.change(1, 2))
    book.apply(stream.snapshot(7, bids=[["new", 90.0, 1.0]]))
    assert book.valid and book.bids() == [(dec("90"), dec("1"))]


def test_book_gap_is_a_venue_client_error_that_pickles_with_its_fields():
    gap = pickle.loads(pickle.dumps(BookGap(INSTRUMENT, 10, 12, 13)))

    assert type(gap) is BookGap and issubclass(BookGap, VenueClientError)
    assert (gap.instrument_name, gap.expected, gap.got, gap.change_id) == (INSTRUMENT, 10, 12, 13)
    assert str(gap) == "book BTC-PERPETUAL: change 13 follows 12, expected 10"


# -- snapshots replace -------------------------------------------------------------------


def test_a_second_snapshot_replaces_the_book_rather_than_merging_into_it(stream, book):
    book.apply(stream.example("book_snapshot"))
    book.apply(stream.example("book_change"))

    book.apply(stream.snapshot(400000, bids=[["new", 5030.0, 1.0]], asks=[["new", 5031.0, 2.0]]))

    assert book.change_id == 400000
    assert book.bids() == [(dec("5030"), dec("1"))]
    assert book.asks() == [(dec("5031"), dec("2"))]


def test_grouped_channel_snapshots_without_a_type_each_replace_the_book(stream, book):
    book.apply(stream.grouped(10, bids=[[100.0, 1.0], [99.0, 2.0]], asks=[[101.0, 3.0]]))
    book.apply(stream.grouped(11, bids=[[98.0, 4.0]], asks=[[102.0, 5.0], [101.5, 6.0]]))

    assert book.valid and book.change_id == 11
    assert book.bids() == [(dec("98"), dec("4"))]
    assert book.asks() == [(dec("101.5"), dec("6")), (dec("102"), dec("5"))]


def test_a_notification_for_another_instrument_is_refused_and_changes_nothing(stream, book):
    book.apply(stream.example("book_snapshot"))

    with pytest.raises(InvalidParameters) as caught:
        book.apply(stream.snapshot(5, bids=[["new", 1.0, 1.0]], instrument="ETH-PERPETUAL"))

    assert caught.value.field == "change"
    assert book.valid and book.change_id == 297217
    assert book.best_bid() == (dec("5042.34"), dec("30"))


# -- reading -----------------------------------------------------------------------------


def test_depth_limits_the_levels_best_first(stream, book):
    book.apply(
        stream.snapshot(
            1,
            bids=[["new", 97.0, 3.0], ["new", 99.0, 1.0], ["new", 98.0, 2.0]],
            asks=[["new", 102.0, 5.0], ["new", 100.0, 4.0], ["new", 101.0, 6.0]],
        )
    )

    assert book.bids(depth=2) == [(dec("99"), dec("1")), (dec("98"), dec("2"))]
    assert book.asks(depth=2) == [(dec("100"), dec("4")), (dec("101"), dec("6"))]
    assert book.bids(depth=0) == [] and book.asks(depth=0) == []
    assert book.bids(depth=10) == book.bids()
    assert book.bids() == [(dec("99"), dec("1")), (dec("98"), dec("2")), (dec("97"), dec("3"))]


@pytest.mark.parametrize("depth", [-1, 1.5, "3", True])
def test_a_depth_that_is_not_a_non_negative_int_is_refused(book, depth):
    with pytest.raises(InvalidParameters) as caught:
        book.bids(depth=depth)
    assert caught.value.field == "depth"
    with pytest.raises(InvalidParameters):
        book.asks(depth=depth)


def test_best_levels_are_the_top_of_each_side_or_none_when_a_side_is_empty(stream, book):
    assert book.best_bid() is None and book.best_ask() is None
    book.apply(stream.snapshot(1, bids=[["new", 99.0, 1.0], ["new", 99.5, 2.0]]))

    assert book.best_bid() == (dec("99.5"), dec("2"))
    assert book.best_ask() is None

    book.apply(stream.change(1, 2, bids=[["delete", 99.5, 0.0]], asks=[["new", 100.0, 7.0]]))

    assert book.best_bid() == (dec("99"), dec("1"))
    assert book.best_ask() == (dec("100"), dec("7"))


def test_an_instrument_name_is_required():
    with pytest.raises(InvalidParameters) as caught:
        LocalOrderBook("")
    assert caught.value.field == "instrument_name"


# -- never crossed from valid input ------------------------------------------------------

# A market: each state has bids strictly below its mid and asks at or above it, in half
# ticks; the stream sends the first state as a snapshot, then the diff to each next one.
_side = st.dictionaries(st.integers(0, 12), st.integers(1, 50), max_size=8)
_state = st.tuples(st.integers(180, 220), _side, _side)


def _prices(mid: int, offsets: dict[int, int], below: bool) -> dict[float, float]:
    sign = -1 if below else 1
    start = 1 if below else 0
    return {(mid + sign * (start + off)) / 2: float(amount) for off, amount in offsets.items()}


def _diff(old: dict[float, float], new: dict[float, float]) -> list[list[Any]]:
    levels: list[list[Any]] = [["delete", price, 0.0] for price in old if price not in new]
    for price, amount in new.items():
        if price not in old:
            levels.append(["new", price, amount])
        elif old[price] != amount:
            levels.append(["change", price, amount])
    return levels


def _expected(levels: dict[float, float], descending: bool) -> list[tuple[Decimal, Decimal]]:
    ordered = sorted(levels.items(), reverse=descending)
    return [(Decimal(repr(p)), Decimal(repr(a))) for p, a in ordered]


@settings(max_examples=150, deadline=None)
@given(states=st.lists(_state, min_size=1, max_size=10))
def test_the_book_follows_a_valid_stream_exactly_and_is_never_crossed(states):
    stream, book = Stream(), LocalOrderBook(INSTRUMENT)
    bids: dict[float, float] = {}
    asks: dict[float, float] = {}
    for change_id, (mid, bid_offsets, ask_offsets) in enumerate(states, start=1):
        new_bids, new_asks = _prices(mid, bid_offsets, True), _prices(mid, ask_offsets, False)
        if change_id == 1:
            snapshot = [["new", p, a] for p, a in new_bids.items()]
            change = stream.snapshot(1, snapshot, [["new", p, a] for p, a in new_asks.items()])
        else:
            change = stream.change(
                change_id - 1, change_id, _diff(bids, new_bids), _diff(asks, new_asks)
            )
        book.apply(change)
        bids, asks = new_bids, new_asks

        assert book.bids() == _expected(bids, descending=True)
        assert book.asks() == _expected(asks, descending=False)
        best_bid, best_ask = book.best_bid(), book.best_ask()
        if best_bid is not None and best_ask is not None:
            assert best_bid[0] < best_ask[0]
