"""A private Deribit session through a storm of faults keeps every promise a user relies on.

Over real loopback sockets, a seeded sequence of faults — dropped connections, a stalled
server, malformed frames, withheld book changes, slow replies — hits one session. After
each, the session must come back ready and data must flow again; at the end: trades were
never duplicated or reordered, the local book never met a gap and never crossed, every
malformed frame was counted, and the session still trades.
"""

from __future__ import annotations

import random
import threading
from typing import Any

from actors import Backoff, ConnectionState
from actors.signals import state_changed
from tests.actors.rpc_server import Recorder
from venues.deribit import Credentials, DeribitPrivateClient, LocalOrderBook, channels
from venues.deribit.models import BookChange
from venues.deribit.simulator import DeribitSimulator

BTC = "BTC-PERPETUAL"
ACCOUNT = ("storm", "storm-secret")
FAULTS = ("drop", "stall", "malformed", "book_gap", "slow_replies")
OPTIONS = {
    "backoff": Backoff(base=0.01, factor=2.0, cap=0.05),
    "request_timeout": 5.0,
    "heartbeat_interval": 10,  # 0.1 s on the simulator's scaled clock
    "stale_after": 0.3,
}


class Observer:
    """The user's handler: trades in order, a local book, and how much data came."""

    def __init__(self) -> None:
        self.trade_seqs: list[int] = []
        self.book = LocalOrderBook(BTC)
        self.book_errors: list[Exception] = []
        self.crossed: list[Any] = []
        self.events = 0
        self._cond = threading.Condition()

    def __call__(self, channel: str, data: Any) -> None:
        if isinstance(data, BookChange):
            self._apply(data)
        else:
            self.trade_seqs.extend(trade.trade_seq for trade in data)
        with self._cond:
            self.events += 1
            self._cond.notify_all()

    def _apply(self, change: BookChange) -> None:
        try:
            self.book.apply(change)
        except Exception as exc:
            self.book_errors.append(exc)
        bid, ask = self.book.best_bid(), self.book.best_ask()
        if bid is not None and ask is not None and bid[0] >= ask[0]:
            self.crossed.append((bid, ask))

    def wait_more(self, count: int, timeout: float = 10.0) -> bool:
        with self._cond:
            target = self.events + count
            return self._cond.wait_for(lambda: self.events >= target, timeout)


def _stall_until_stale(sim: DeribitSimulator, states: Recorder) -> None:
    seen = len(states.calls)

    def went_stale(calls: list[dict[str, Any]]) -> bool:
        return any(
            c["new"] is ConnectionState.RECONNECTING and "stale" in c["reason"]
            for c in calls[seen:]
        )

    sim.stall()
    try:
        assert states.wait_for(went_stale, timeout=10.0)
    finally:
        sim.resume()


def test_a_private_session_keeps_every_promise_through_a_storm_of_faults():
    rng = random.Random(20261125)
    observer = Observer()
    malformed_sent = 0
    faults: list[str] = []
    with (
        DeribitSimulator(dict([ACCOUNT]), market_data_rate=100.0, heartbeat_scale=0.01) as sim,
        DeribitPrivateClient(Credentials(*ACCOUNT), url=sim.url, **OPTIONS) as client,
    ):
        states = Recorder(state_changed, client)
        client.subscribe([channels.trades(BTC, "raw"), channels.book(BTC)], observer, timeout=5)
        assert observer.wait_more(10)
        for _ in range(14):
            fault = rng.choice(FAULTS)
            faults.append(fault)
            if fault == "drop":
                sim.drop_connections()
            elif fault == "stall":
                _stall_until_stale(sim, states)
            elif fault == "malformed":
                malformed_sent += sim.send_malformed('{"jsonrpc": "2.0", "method": ')
            elif fault == "book_gap":
                sim.skip_book_changes(rng.randint(1, 3), BTC)
            else:
                sim.delay_replies(0.05)
            assert client.wait_ready(10), f"not ready again after {fault}"
            assert observer.wait_more(10), f"no data after {fault}"
            sim.delay_replies(0)
        order = client.buy(instrument_name=BTC, amount=10, price=1000, label="storm", timeout=5)
        assert client.cancel(order_id=order.order.order_id, timeout=5).order_state == "cancelled"
        stats = client.connection_stats()
    assert set(faults) == set(FAULTS)  # the seed exercises every kind
    assert observer.trade_seqs == sorted(set(observer.trade_seqs)), "duplicated or reordered"
    assert observer.book_errors == [] and observer.crossed == []
    assert observer.book.valid
    assert stats.malformed == malformed_sent > 0
    assert stats.reconnects >= faults.count("drop") + faults.count("stall")
