"""A public Coinbase session through a storm of faults keeps every promise a user relies on.

Over real loopback sockets, a seeded sequence of faults — skipped and reordered
``sequence_num`` values, duplicated messages, skipped heartbeats, dropped connections, a
stalled venue, malformed frames — hits one session. After each, the session must be ready
again and data must flow; at the end: no duplicate reached a handler, after every gap and
every reconnect each book saw a snapshot before any update, the local books never failed
and never crossed, the client's counters match the faults injected, nothing is left stale.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from actors import Backoff, ConnectionState
from actors.signals import (
    message_dropped,
    message_rejected,
    state_changed,
    subscription_stale,
    subscriptions_restored,
)
from venues.coinbase import CoinbasePublicClient, LocalOrderBook
from venues.coinbase.simulator import CoinbaseSimulator

PRODUCTS = ("BTC-USD", "ETH-USD")
FAULTS = ("gap", "reorder", "duplicate", "heartbeat_gap", "drop", "stall", "malformed")
STEPS = 14
SEED = 20261126
OPTIONS: dict[str, Any] = {
    "backoff": Backoff(base=0.01, factor=2.0, cap=0.05),
    "request_timeout": 5.0,
    "stale_after": 0.3,  # the simulator's heartbeats come every 0.05 s
}
MALFORMED = (
    '{"channel": "l2_data", "sequence',  # cut short: not JSON
    "[1, 2, 3]",  # JSON, not an object
    '{"channel": "l2_data", "events": []}',  # no sequence_num: not an envelope
)
OUT_OF_ORDER = "duplicate or out of order"
GAP = "sequence gap"
MISSED = "missed heartbeats"


@dataclass(frozen=True)
class Seen:
    """One message as a handler got it: its key, number and what it carried."""

    key: str
    seq: int
    kinds: tuple[str, ...]  # "snapshot"/"update" per level2 event, else the channel

    def is_level2(self, product: str) -> bool:
        return self.key == f"level2:{product}"


class Observer:
    """The user's handler for every key: a local book per product, and what came in."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.books = {product: LocalOrderBook(product) for product in PRODUCTS}
        self.book_errors: list[Exception] = []
        self.crossed: list[Any] = []
        self._cond = threading.Condition()

    def __call__(self, key: str, message: Any) -> None:
        if message.channel == "level2":
            kinds = tuple("snapshot" if e.is_snapshot else "update" for e in message.events)
            self._apply(key.split(":", 1)[1], message)
        else:
            kinds = (message.channel,)
        with self._cond:
            self.seen.append(Seen(key, message.sequence_num, kinds))
            self._cond.notify_all()

    def _apply(self, product: str, message: Any) -> None:
        book = self.books[product]
        try:
            book.apply_message(message)
        except Exception as exc:
            self.book_errors.append(exc)
        bid, ask = book.best_bid(), book.best_ask()
        if bid is not None and ask is not None and bid[0] >= ask[0]:
            self.crossed.append((product, bid, ask))

    def mark(self) -> int:
        with self._cond:
            return len(self.seen)

    def snapshot(self) -> list[Seen]:
        with self._cond:
            return list(self.seen)

    def wait_for(self, predicate: Callable[[list[Seen]], bool], timeout: float = 10.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self.seen), timeout)


def _flowing(since: int) -> Callable[[list[Seen]], bool]:
    """Since ``since``: a book update and a trade for every product."""

    def check(seen: list[Seen]) -> bool:
        fresh = seen[since:]
        return all(
            any(s.is_level2(p) and "update" in s.kinds for s in fresh)
            and any(s.key == f"market_trades:{p}" for s in fresh)
            for p in PRODUCTS
        )

    return check


def _snapshots_after(since: int) -> Callable[[list[Seen]], bool]:
    """Since ``since``: a book snapshot for every product."""

    def check(seen: list[Seen]) -> bool:
        fresh = seen[since:]
        return all(any(s.is_level2(p) and "snapshot" in s.kinds for s in fresh) for p in PRODUCTS)

    return check


def _heartbeat_after_last_snapshot(seen: list[Seen]) -> bool:
    last = max(i for i, s in enumerate(seen) if "snapshot" in s.kinds)
    return any(s.key == "heartbeats" for s in seen[last + 1 :])


def _first_jump(seen: list[Seen], since: int, up: bool) -> int | None:
    """Index of the first message after ``since`` whose number skips ahead (``up``) or
    goes back (a new connection's counter)."""
    for i in range(max(since, 1), len(seen)):
        step = seen[i].seq - seen[i - 1].seq
        if (up and step > 1) or (not up and step < 0):
            return i
    return None


def _first_level2_kinds(seen: list[Seen], since: int) -> dict[str, tuple[str, ...]]:
    """The kinds of the first level2 message each product got from ``since`` on."""
    first: dict[str, tuple[str, ...]] = {}
    for s in seen[since:]:
        for product in PRODUCTS:
            if s.is_level2(product) and product not in first:
                first[product] = s.kinds
    return first


class Storm:
    """Injects one fault at a time and waits until its effect and its recovery are seen."""

    def __init__(self, sim: CoinbaseSimulator, client: Any, observer: Observer, recorder: Any):
        self.sim, self.client, self.observer = sim, client, observer
        self.rng = random.Random(SEED)
        self.stale = recorder()
        self.dropped = recorder()
        self.rejected = recorder()
        self.restored = recorder()
        self.states = recorder()
        self.faults: list[str] = []
        self.duplicates = 0
        self.missed_heartbeats = 0
        self.heartbeats_reordered = 0  # heartbeats dropped as out of order: missed too
        self.malformed = 0
        self.gaps_at: list[int] = []  # where in ``observer.seen`` each gap landed
        self.reconnects_at: list[int] = []  # the first message of each new connection
        self.signals = (
            (subscription_stale, self.stale),
            (message_dropped, self.dropped),
            (message_rejected, self.rejected),
            (subscriptions_restored, self.restored),
            (state_changed, self.states),
        )

    def connect_signals(self) -> None:
        for signal, receiver in self.signals:
            signal.connect(receiver, sender=self.client)

    def disconnect_signals(self) -> None:
        for signal, receiver in self.signals:
            signal.disconnect(receiver, sender=self.client)

    def step(self) -> str:
        fault = self.rng.choice(FAULTS)
        self.faults.append(fault)
        mark = self.observer.mark()
        getattr(self, f"_{fault}")(mark)
        assert self.client.wait_ready(10.0), f"not ready again after {fault}"
        assert self.observer.wait_for(_flowing(self.observer.mark())), f"no data after {fault}"
        return fault

    # -- the faults -------------------------------------------------------------------

    def _gap(self, mark: int) -> None:
        skip = self.rng.randint(10, 30)
        jump = self._recovered_from_gap(mark, self.sim.skip_sequence, skip)
        assert jump > skip, "the first jump after the fault is not the skipped numbers"

    def _reorder(self, mark: int) -> None:
        before = _count(self.dropped.items, OUT_OF_ORDER)
        signalled = len(self.stale.items)
        self._recovered_from_gap(mark, self.sim.reorder_next)
        assert self.dropped.wait_for(lambda items: _count(items, OUT_OF_ORDER) > before)
        # The message held back, and then dropped as out of order, may have been a
        # heartbeat: the next one shows a jump of one. Once a heartbeat after the gap
        # reached the handler, that jump (if any) has been signalled.
        at = self.gaps_at[-1]
        assert self.observer.wait_for(lambda seen: any(s.key == "heartbeats" for s in seen[at:]))
        jumps = [i["reason"] for i in self.stale.items[signalled:] if MISSED in i["reason"]]
        assert len(jumps) <= 1 and all("(1 missed)" in r for r in jumps), jumps
        self.heartbeats_reordered += len(jumps)

    def _recovered_from_gap(self, mark: int, inject: Callable[..., None], *args: Any) -> int:
        """Inject, wait for the recovery's snapshots; return how far the numbers jumped."""
        before = _count(self.stale.items, GAP)
        inject(*args)
        assert self.stale.wait_for(lambda items: _count(items, GAP) > before)
        assert self.observer.wait_for(_snapshots_after(mark))
        seen = self.observer.snapshot()
        at = _first_jump(seen, mark, up=True)
        assert at is not None, "the gap never showed in the numbers the handler got"
        self.gaps_at.append(at)
        return seen[at].seq - seen[at - 1].seq

    def _duplicate(self, mark: int) -> None:
        copies = self.rng.randint(1, 3)
        self.duplicates += copies
        before = _count(self.dropped.items, OUT_OF_ORDER)
        self.sim.duplicate_next(copies)
        assert self.dropped.wait_for(lambda items: _count(items, OUT_OF_ORDER) >= before + copies)

    def _heartbeat_gap(self, mark: int) -> None:
        missed = self.rng.randint(1, 3)
        self.missed_heartbeats += missed
        before = _count(self.stale.items, MISSED)
        # The client takes the first heartbeat after subscribing them as it comes, so a
        # jump shows only once one has been seen. Heartbeats are subscribed before level2
        # (on connect and restore): one delivered after the last snapshot was counted.
        assert self.observer.wait_for(_heartbeat_after_last_snapshot)
        self.sim.skip_heartbeats(missed)
        assert self.stale.wait_for(lambda items: _count(items, MISSED) > before)
        last = [i["reason"] for i in self.stale.items if MISSED in i["reason"]][-1]
        assert f"({missed} missed)" in last, last

    def _drop(self, mark: int) -> None:
        self._reconnected(mark, self.sim.drop_connections)

    def _stall(self, mark: int) -> None:
        seen = len(self.states.items)

        def went_stale(items: list[dict[str, Any]]) -> bool:
            return any(
                item["new"] is ConnectionState.RECONNECTING and "stale" in item["reason"]
                for item in items[seen:]
            )

        def stall_until_stale() -> None:
            self.sim.stall()
            try:
                assert self.states.wait_for(went_stale)
            finally:
                self.sim.resume()

        self._reconnected(mark, stall_until_stale)

    def _reconnected(self, mark: int, inject: Callable[[], Any]) -> None:
        before = len(self.restored.items)
        inject()
        assert self.restored.wait_for(lambda items: len(items) > before)
        assert self.observer.wait_for(_snapshots_after(mark))
        at = _first_jump(self.observer.snapshot(), mark, up=False)
        assert at is not None, "the new connection's numbers never started over"
        self.reconnects_at.append(at)

    def _malformed(self, mark: int) -> None:
        frame = self.rng.choice(MALFORMED)
        before = len(self.rejected.items)
        sent = self.sim.send_malformed(frame)
        self.malformed += sent
        assert sent == 1
        assert self.rejected.wait_for(lambda items: len(items) >= before + sent)


def _count(items: list[dict[str, Any]], reason: str) -> int:
    return sum(reason in item["reason"] for item in items)


def test_a_public_session_keeps_every_promise_through_a_storm_of_faults(recorder):
    observer = Observer()
    with (
        CoinbaseSimulator(updates_per_second=50.0, heartbeat_interval=0.05) as sim,
        CoinbasePublicClient(url=sim.url, **OPTIONS) as client,
    ):
        storm = Storm(sim, client, observer, recorder)
        storm.connect_signals()
        try:
            assert client.subscribe("heartbeats", handler=observer) == ["heartbeats"]
            client.subscribe("level2", PRODUCTS, observer)
            client.subscribe("market_trades", PRODUCTS, observer)
            assert observer.wait_for(_snapshots_after(0))
            assert observer.wait_for(_flowing(0))
            for _ in range(STEPS):
                storm.step()
            stats = client.connection_stats()
            counters = (
                client.sequence_gaps,
                client.dropped_out_of_order,
                client.heartbeat_gaps,
                client.missed_heartbeats,
            )
        finally:
            storm.disconnect_signals()
    # Read once the client has closed: its resync thread is joined, nothing is in flight.
    assert client.stale_channels == frozenset()
    faults = storm.faults
    assert set(faults) == set(FAULTS)  # the seed exercises every kind
    seen = observer.snapshot()

    # No duplicate reached a handler: on one connection the numbers only go up; they
    # go back only where a new connection starts its counter over.
    starts = [i for i in range(1, len(seen)) if seen[i].seq <= seen[i - 1].seq]
    assert all(seen[i].seq < seen[i - 1].seq for i in starts), "a number came twice"
    assert set(storm.reconnects_at) <= set(starts)
    assert faults.count("drop") + faults.count("stall") <= len(starts) <= stats.reconnects

    # First of all, after every gap and after every reconnect, each book's next level2
    # event is a snapshot.
    for at in [0, *storm.gaps_at, *storm.reconnects_at]:
        first = _first_level2_kinds(seen, at)
        assert set(first) == set(PRODUCTS)
        assert all(kinds[0] == "snapshot" for kinds in first.values()), (at, first)
    assert len(storm.gaps_at) == faults.count("gap") + faults.count("reorder")

    assert observer.book_errors == [] and observer.crossed == []
    for book in observer.books.values():
        assert book.valid and book.bids() and book.asks()

    gaps = faults.count("gap") + faults.count("reorder")
    assert counters == (
        gaps,
        storm.duplicates + faults.count("reorder"),
        faults.count("heartbeat_gap") + storm.heartbeats_reordered,
        storm.missed_heartbeats + storm.heartbeats_reordered,
    )
    assert _count(storm.stale.items, GAP) == gaps
    assert _count(storm.stale.items, MISSED) == counters[2]
    assert _count(storm.dropped.items, OUT_OF_ORDER) == counters[1]
    assert stats.malformed == storm.malformed == len(storm.rejected.items) > 0
    assert stats.reconnects >= faults.count("drop") + faults.count("stall")
