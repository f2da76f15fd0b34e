"""Every market-data channel end to end over real loopback sockets: the simulator's
frames reach the handler and ``message_received`` as typed events (``Decimal`` prices,
nanosecond timestamps kept whole and in order); multi-megabyte level2 snapshots too."""

from __future__ import annotations

import json
import re
import threading
from decimal import Decimal
from typing import Any

import pytest

from actors.signals import message_received
from venues.coinbase import ChannelMessage, CoinbasePublicClient
from venues.coinbase.channels import (
    CandlesEvent,
    Heartbeat,
    Level2Event,
    MarketTradesEvent,
    StatusEvent,
    TickerBatchEvent,
    TickerEvent,
)
from venues.coinbase.simulator import CoinbaseSimulator
from venues.coinbase.timestamps import Timestamp


@pytest.fixture(scope="module")
def sim():
    with CoinbaseSimulator(
        updates_per_second=40.0,
        heartbeat_interval=0.02,
        candles_interval=0.02,
        ticker_batch_interval=0.02,
        status_interval=0.02,
    ) as simulator:
        yield simulator


class Messages:
    """Records (key, message) pairs from a handler or a signal; wakes waiters."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, ChannelMessage[Any]]] = []
        self.cond = threading.Condition()

    def __call__(self, key: str, message: ChannelMessage[Any]) -> None:
        with self.cond:
            self.calls.append((key, message))
            self.cond.notify_all()

    def on_signal(self, sender: Any, channel: str, data: Any) -> None:
        self(channel, data)

    def for_key(self, key: str) -> list[ChannelMessage[Any]]:
        with self.cond:
            return [message for k, message in self.calls if k == key]

    def wait_for(self, key: str, count: int, timeout: float = 10.0) -> bool:
        with self.cond:
            return self.cond.wait_for(
                lambda: sum(k == key for k, _ in self.calls) >= count, timeout
            )


def _exact_nanoseconds(stamp: Timestamp) -> None:
    # The simulator writes nine fractional digits: every one of them survives.
    assert isinstance(stamp, Timestamp)
    fraction = re.search(r"\.(\d+)", stamp.text)
    assert fraction is not None and len(fraction.group(1)) == 9
    assert stamp.ns % 1_000_000_000 == int(fraction.group(1))


def _heartbeat(event: Any) -> list[Any]:
    assert isinstance(event, Heartbeat)
    _exact_nanoseconds(event.current_time)
    return [event.heartbeat_counter]


def _ticker(event: Any, kind: type) -> list[Any]:
    assert isinstance(event, kind)
    return [(t.price, t.best_bid, t.best_ask_quantity, t.volume_24_h) for t in event.tickers]


def _level2(event: Any) -> list[Any]:
    assert isinstance(event, Level2Event) and event.product_id == "BTC-USD"
    return [(u.price_level, u.new_quantity) for u in event.updates]


def _trades(event: Any) -> list[Any]:
    assert isinstance(event, MarketTradesEvent)
    for trade in event.trades:
        _exact_nanoseconds(trade.time)
    return [(t.price, t.size) for t in event.trades]


def _candles(event: Any) -> list[Any]:
    assert isinstance(event, CandlesEvent)
    return [(c.open, c.high, c.low, c.close, c.volume) for c in event.candles]


def _status(event: Any) -> list[Any]:
    assert isinstance(event, StatusEvent)
    return [(p.base_increment, p.quote_increment, p.min_market_funds) for p in event.products]


CHANNELS = {
    "heartbeats": (None, _heartbeat),
    "ticker": (["BTC-USD"], lambda e: _ticker(e, TickerEvent)),
    "ticker_batch": (["BTC-USD"], lambda e: _ticker(e, TickerBatchEvent)),
    "level2": (["BTC-USD"], _level2),
    "market_trades": (["BTC-USD"], _trades),
    "candles": (["BTC-USD"], _candles),
    "status": (["BTC-USD"], _status),
}


def _decimals(values: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for value in values:
        flat += list(value) if isinstance(value, tuple) else [value]
    return [v for v in flat if not isinstance(v, int)]


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_each_channel_reaches_the_handler_and_the_signal_typed_and_in_order(sim, channel):
    products, check = CHANNELS[channel]
    handled, signalled = Messages(), Messages()
    with (
        CoinbasePublicClient(url=sim.url, heartbeats=channel != "heartbeats") as client,
        message_received.connected_to(signalled.on_signal, sender=client),
    ):
        (key,) = client.subscribe(channel, products, handled)
        assert handled.wait_for(key, 3) and signalled.wait_for(key, 3)
    messages = handled.for_key(key)
    # The handler sees exactly what the signal sees, message for message, from the
    # handler's first message on (the fallback heartbeats may be signalled before the
    # handler is registered).
    seen = signalled.for_key(key)
    start = seen.index(messages[0])
    assert messages == seen[start : start + len(messages)]
    values: list[Any] = []
    for message in messages:
        assert (message.channel, message.key) == (channel, key) and message.events
        _exact_nanoseconds(message.timestamp)
        for event in message.events:
            values += check(event)
    decimals = [v for v in _decimals(values) if v is not None]
    if channel == "heartbeats":
        counters = [v for v in values if isinstance(v, int)]
        assert counters == sorted(counters) and len(set(counters)) == len(counters)
    else:
        assert decimals and all(isinstance(v, Decimal) for v in decimals)
    stamps = [m.timestamp for m in messages]
    assert stamps == sorted(stamps)
    sequence = [m.sequence_num for m in messages]
    assert sequence == sorted(sequence) and len(set(sequence)) == len(sequence)


def test_a_level2_snapshot_of_several_megabytes_arrives_whole():
    levels = 25_000  # per side: about 5 MB of JSON, as deep books really are
    book = Messages()
    with (
        CoinbaseSimulator(products=("BTC-USD",), book_levels=levels, updates_per_second=1.0) as big,
        CoinbasePublicClient(url=big.url, request_timeout=30.0) as client,
    ):
        assert client.subscribe("level2", ["BTC-USD"], book, timeout=30.0) == ["level2:BTC-USD"]
        assert book.wait_for("level2:BTC-USD", 1, timeout=30.0)
        assert client.connection_stats().reconnects == 0
    snapshot = book.for_key("level2:BTC-USD")[0].events[0]
    assert snapshot.is_snapshot and len(snapshot.updates) == 2 * levels
    sides = {side: [u for u in snapshot.updates if u.side == side] for side in ("bid", "offer")}
    assert len(sides["bid"]) == len(sides["offer"]) == levels
    assert max(u.price_level for u in sides["bid"]) < min(u.price_level for u in sides["offer"])
    assert len(_as_sent(snapshot)) > 4_000_000  # the frame held at least this much


def _as_sent(event: Level2Event) -> str:
    levels = [
        {
            "side": u.side,
            "event_time": u.event_time.text,
            "price_level": str(u.price_level),
            "new_quantity": str(u.new_quantity),
        }
        for u in event.updates
    ]
    body = {"type": event.type, "product_id": event.product_id, "updates": levels}
    return json.dumps(body, separators=(",", ":"))
