"""The ``skip_book_changes`` fault: withheld book changes leave a ``prev_change_id`` gap."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.simulator import DeribitSimulator

BTC_BOOK = "book.BTC-PERPETUAL.100ms"
ETH_BOOK = "book.ETH-PERPETUAL.100ms"
# A gap that never comes must end the test: at 100 changes/s this is seconds of frames.
MAX_FRAMES = 1_000


def read_chain(client: Any, channel: str, last: dict[str, Any], n: int) -> dict[str, Any]:
    """Read ``n`` changes, asserting each follows the one before; return the last."""
    for _ in range(n):
        change = client.notification(channel)
        assert change["type"] == "change"
        assert change["prev_change_id"] == last["change_id"]
        assert change["change_id"] == last["change_id"] + 1
        last = change
    return last


def read_until_gap(client: Any, channel: str, last: dict[str, Any]) -> tuple[int, int]:
    """Read changes until one does not follow; return ``(last change_id seen, its prev)``."""
    for _ in range(MAX_FRAMES):
        change = client.notification(channel)
        if change["prev_change_id"] != last["change_id"]:
            return last["change_id"], change["prev_change_id"]
        last = change
    raise AssertionError(f"no gap in {MAX_FRAMES} changes")


@pytest.fixture
def simulator() -> Iterator[DeribitSimulator]:
    # One step per 0.01 s tick: one book change per instrument per tick, sent promptly.
    with DeribitSimulator(market_data_rate=100.0) as sim:
        yield sim


def test_skipped_changes_leave_a_gap_of_exactly_their_count_over_a_real_socket(
    simulator, client_of
):
    client = client_of(simulator.url)
    last = read_chain(client, BTC_BOOK, client.subscribe(BTC_BOOK), 3)
    simulator.skip_book_changes(2)
    seen, prev = read_until_gap(client, BTC_BOOK, last)
    assert prev != seen
    assert prev == seen + 2
    assert simulator.engine.world.book_gaps.pending("BTC-PERPETUAL") == 0


def test_resubscribing_after_a_gap_brings_a_snapshot_and_chained_changes(simulator, client_of):
    client = client_of(simulator.url)
    last = read_chain(client, BTC_BOOK, client.subscribe(BTC_BOOK), 1)
    simulator.skip_book_changes(2, "BTC-PERPETUAL")
    seen, prev = read_until_gap(client, BTC_BOOK, last)
    assert prev == seen + 2
    assert client.call("public/unsubscribe", {"channels": [BTC_BOOK]})["result"] == [BTC_BOOK]
    snapshot = client.subscribe(BTC_BOOK)
    assert snapshot["change_id"] > prev
    read_chain(client, BTC_BOOK, snapshot, 5)


def test_a_new_connection_after_a_gap_gets_a_snapshot_and_chained_changes(simulator, client_of):
    first = client_of(simulator.url)
    last = read_chain(first, BTC_BOOK, first.subscribe(BTC_BOOK), 1)
    simulator.skip_book_changes(1)
    seen, prev = read_until_gap(first, BTC_BOOK, last)
    assert prev == seen + 1
    second = client_of(simulator.url)
    read_chain(second, BTC_BOOK, second.subscribe(BTC_BOOK), 5)


@pytest.mark.parametrize(
    ("count", "instrument", "field"),
    [
        (0, None, "count"),
        (-3, None, "count"),
        (1.0, None, "count"),
        ("2", None, "count"),
        (True, None, "count"),
        (1, "DOGE-PERPETUAL", "instrument"),
        (1, "btc-perpetual", "instrument"),
        (1, 7, "instrument"),
    ],
)
def test_bad_arguments_are_refused_naming_the_field_and_arm_nothing(count, instrument, field):
    sim = DeribitSimulator(market_data_rate=0.0)
    with pytest.raises(InvalidParameters) as refused:
        sim.skip_book_changes(count, instrument)
    assert refused.value.field == field
    gaps = sim.engine.world.book_gaps
    assert all(gaps.pending(i.name) == 0 for i in sim.engine.world.market.instruments)


def subscribe_books(make_sim, *channels: str):
    sim = make_sim(market_data_rate=10.0)
    conn = sim.connect()
    assert conn.result("public/subscribe", {"channels": list(channels)}) == list(channels)
    sim.tick()  # starts the market's step schedule
    return sim, conn


def change_ids(conn, channel: str) -> list[tuple[int | None, int]]:
    return [(m.get("prev_change_id"), m["change_id"]) for m in conn.notifications(channel)]


def test_skipping_one_instrument_leaves_another_chaining(make_sim):
    sim, conn = subscribe_books(make_sim, BTC_BOOK, ETH_BOOK)
    sim.engine.skip_book_changes(2, "BTC-PERPETUAL")
    for _ in range(5):
        sim.tick(0.1)
    (_, btc0), *btc = change_ids(conn, BTC_BOOK)
    assert btc == [(btc0 + 2, btc0 + 3), (btc0 + 3, btc0 + 4), (btc0 + 4, btc0 + 5)]
    (_, eth0), *eth = change_ids(conn, ETH_BOOK)
    assert eth == [(eth0 + n, eth0 + n + 1) for n in range(5)]


def test_skipping_every_instrument_withholds_count_changes_of_each(make_sim):
    sim, conn = subscribe_books(make_sim, BTC_BOOK, ETH_BOOK)
    sim.engine.skip_book_changes(3)
    for _ in range(4):
        sim.tick(0.1)
    for channel in (BTC_BOOK, ETH_BOOK):
        (_, first), *changes = change_ids(conn, channel)
        assert changes == [(first + 3, first + 4)]


def test_a_withheld_change_still_advances_the_book_a_snapshot_shows(make_sim):
    sim, conn = subscribe_books(make_sim, BTC_BOOK)
    sim.engine.skip_book_changes(1, "BTC-PERPETUAL")
    sim.tick(0.1)
    ((_, before),) = change_ids(conn, BTC_BOOK)
    assert sim.engine.world.market.quotes("BTC-PERPETUAL").book.change_id == before + 1
    late = sim.connect()
    late.result("public/subscribe", {"channels": [BTC_BOOK]})
    sim.tick(0.1)
    assert change_ids(late, BTC_BOOK) == [(None, before + 1), (before + 1, before + 2)]
