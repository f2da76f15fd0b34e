from __future__ import annotations

import threading

from protocol.messages import Control, Event
from venues.binance.spot.public._gate import DUPLICATE, Mode, SlotGate
from venues.binance.spot.public.streams.trade import KIND, TradeEvent


def _trade(trade_id):
    return TradeEvent(1, "BTCUSDT", trade_id, 1, 1, 1, False)  # type: ignore[arg-type]


def _ids(messages):
    return [m.data.trade_id for m in messages if isinstance(m, Event)]


def test_live_gate_delivers_everything_in_order():
    gate = SlotGate().link()
    assert _ids([gate("btcusdt@trade", KIND, _trade(i)) for i in (1, 2, 3)]) == [1, 2, 3]


def test_new_connection_discards_until_the_hand_over():
    slot = SlotGate()
    new = slot.link(Mode.DISCARD)
    assert new("btcusdt@trade", KIND, _trade(1)) == Control(DUPLICATE, "btcusdt@trade")


def test_hand_over_delivers_each_trade_once_and_in_order():
    slot = SlotGate(hold_timeout=5.0)
    old, new = slot.link(), slot.link(Mode.DISCARD)
    delivered = _ids([old("btcusdt@trade", KIND, _trade(i)) for i in (1, 2, 3)])
    assert new("btcusdt@trade", KIND, _trade(3)).kind == DUPLICATE  # still discarding
    slot.hold(new)
    slot.cut(old, new)
    assert old("btcusdt@trade", KIND, _trade(4)).kind == DUPLICATE  # retired
    slot.release(new)
    delivered += _ids([new("btcusdt@trade", KIND, _trade(i)) for i in (3, 4, 5)])
    assert delivered == [1, 2, 3, 4, 5]


def test_held_reader_waits_for_the_release():
    slot = SlotGate(hold_timeout=5.0)
    old, new = slot.link(), slot.link(Mode.DISCARD)
    old("btcusdt@trade", KIND, _trade(7))
    slot.hold(new)
    results = []
    reader = threading.Thread(target=lambda: results.append(new("btcusdt@trade", KIND, _trade(8))))
    reader.start()
    assert new.first_data.wait(5.0)
    assert results == []
    assert slot.cut(old, new) == 1
    slot.release(new)
    reader.join(5.0)
    assert _ids(results) == [8]


def test_aborted_rotation_delivers_nothing_from_the_new_connection():
    slot = SlotGate()
    new = slot.link(Mode.DISCARD)
    slot.abort(new)
    assert new("btcusdt@trade", KIND, _trade(1)).kind == DUPLICATE
