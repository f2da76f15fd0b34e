"""A book handler only ever sees changes that chain from its snapshot, whatever the wire does.

Over real loopback sockets: the simulator withholds book changes (a ``prev_change_id``
gap) or drops the connection; the client holds the broken chain back, says so, and
re-subscribes for a fresh snapshot.
"""

from __future__ import annotations

import threading

import pytest

from actors import Backoff
from actors.signals import message_dropped, subscription_stale
from tests.actors.rpc_server import Recorder
from venues.deribit import DeribitPublicClient, LocalOrderBook, channels
from venues.deribit.models import BookChange
from venues.deribit.simulator import DeribitSimulator

FAST = {"backoff": Backoff(base=0.01, factor=2.0, cap=0.05), "request_timeout": 5.0}
BTC = "BTC-PERPETUAL"


@pytest.fixture
def sim():
    with DeribitSimulator(accounts={}, market_data_rate=100.0, heartbeat_scale=0.01) as server:
        yield server


class ChainChecker:
    """A book handler that records every change that does not follow the last one."""

    def __init__(self) -> None:
        self.last: int | None = None
        self.snapshots = 0
        self.changes_since_snapshot = 0
        self.broken: list[tuple[int | None, int | None]] = []
        self._cond = threading.Condition()

    def __call__(self, channel: str, change: BookChange) -> None:
        with self._cond:
            if change.is_snapshot:
                self.snapshots += 1
                self.changes_since_snapshot = 0
            elif self.last is None or not change.follows(self.last):
                self.broken.append((self.last, change.prev_change_id))
            else:
                self.changes_since_snapshot += 1
            self.last = change.change_id
            self._cond.notify_all()

    def wait_for(self, snapshots: int, changes: int, timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(
                lambda: self.snapshots >= snapshots and self.changes_since_snapshot >= changes,
                timeout,
            )


def test_a_book_gap_is_held_back_signalled_and_healed_by_a_fresh_snapshot(sim):
    book = ChainChecker()
    channel = channels.book(BTC)
    with DeribitPublicClient(url=sim.url, **FAST) as client:
        stale = Recorder(subscription_stale, client)
        dropped = Recorder(message_dropped, client)
        client.subscribe([channel], book)
        assert book.wait_for(snapshots=1, changes=3)
        sim.skip_book_changes(2, BTC)
        assert stale.wait_for(lambda calls: len(calls) >= 1)
        assert book.wait_for(snapshots=2, changes=3)
        assert client.connection_stats().reconnects == 0
    assert book.broken == []
    assert stale.calls == [{"channels": [channel], "reason": "book gap"}]
    assert "book gap" in dropped.values("reason")
    assert client.books_recovered == 1


def test_after_a_reconnect_the_book_starts_again_from_a_snapshot_without_a_gap(sim):
    book = ChainChecker()
    with DeribitPublicClient(url=sim.url, **FAST) as client:
        stale = Recorder(subscription_stale, client)
        client.subscribe([channels.book(BTC)], book)
        assert book.wait_for(snapshots=1, changes=3)
        sim.drop_connections()
        assert book.wait_for(snapshots=2, changes=3)
    assert book.broken == []
    assert stale.calls == []
    assert client.books_recovered == 0


def test_a_gap_on_one_book_leaves_the_other_book_flowing(sim):
    btc, eth = ChainChecker(), ChainChecker()
    with DeribitPublicClient(url=sim.url, **FAST) as client:
        stale = Recorder(subscription_stale, client)
        client.subscribe([channels.book(BTC)], btc)
        client.subscribe([channels.book("ETH-PERPETUAL")], eth)
        assert btc.wait_for(snapshots=1, changes=2) and eth.wait_for(snapshots=1, changes=2)
        sim.skip_book_changes(1, BTC)
        assert btc.wait_for(snapshots=2, changes=2)
    assert btc.broken == [] and eth.broken == []
    assert eth.snapshots == 1  # never re-subscribed
    assert stale.values("channels") == [[channels.book(BTC)]]


def test_a_local_book_fed_by_the_handler_never_meets_a_gap_and_never_crosses(sim):
    book, chain = LocalOrderBook(BTC), ChainChecker()
    errors: list[Exception] = []
    crossed: list[tuple[object, object]] = []

    def on_book(channel: str, change: BookChange) -> None:
        try:
            book.apply(change)
        except Exception as exc:  # a BookGap here would mean the client let one through
            errors.append(exc)
        bid, ask = book.best_bid(), book.best_ask()
        if bid is not None and ask is not None and bid[0] >= ask[0]:
            crossed.append((bid, ask))
        chain(channel, change)

    with DeribitPublicClient(url=sim.url, **FAST) as client:
        client.subscribe([channels.book(BTC)], on_book)
        assert chain.wait_for(snapshots=1, changes=3)
        sim.skip_book_changes(3, BTC)
        assert chain.wait_for(snapshots=2, changes=3)
        sim.drop_connections()
        assert chain.wait_for(snapshots=3, changes=3)
    assert errors == [] and crossed == []
    assert book.valid and book.bids() and book.asks()
