"""The change_id chains that decide which book notifications reach the user."""

from __future__ import annotations

import json

from protocol.messages import Control, Event
from venues.deribit._book_chains import AWAITING_SNAPSHOT, DELIVER, GAP, BookChains
from venues.deribit.codec import BookDropped, DeribitCodec
from venues.deribit.models import BookChange

CHANNEL = "book.BTC-PERPETUAL.100ms"


def snapshot(change_id: int) -> BookChange:
    return BookChange("BTC-PERPETUAL", 0, change_id, (), (), type="snapshot")


def change(prev: int, change_id: int) -> BookChange:
    return BookChange("BTC-PERPETUAL", 0, change_id, (), (), type="change", prev_change_id=prev)


def test_changes_that_chain_from_the_snapshot_are_delivered():
    chains = BookChains()
    verdicts = [chains.admit(CHANNEL, c) for c in (snapshot(10), change(10, 11), change(11, 12))]
    assert verdicts == [DELIVER, DELIVER, DELIVER]


def test_a_change_that_breaks_the_chain_is_one_gap_then_held_until_a_snapshot():
    chains = BookChains()
    chains.admit(CHANNEL, snapshot(10))
    assert chains.admit(CHANNEL, change(12, 13)) == GAP
    # Even a change that follows the dropped one is not applied to a broken book.
    assert chains.admit(CHANNEL, change(13, 14)) == AWAITING_SNAPSHOT
    assert chains.admit(CHANNEL, snapshot(20)) == DELIVER
    assert chains.admit(CHANNEL, change(20, 21)) == DELIVER


def test_a_change_before_any_snapshot_is_a_gap():
    assert BookChains().admit(CHANNEL, change(1, 2)) == GAP


def test_one_channels_gap_leaves_every_other_channel_alone():
    chains = BookChains()
    other = "book.ETH-PERPETUAL.100ms"
    chains.admit(CHANNEL, snapshot(1))
    chains.admit(other, snapshot(100))
    assert chains.admit(CHANNEL, change(5, 6)) == GAP
    assert chains.admit(other, change(100, 101)) == DELIVER


def test_reset_forgets_every_chain_and_counts_the_connection():
    chains = BookChains()
    chains.admit(CHANNEL, snapshot(1))
    chains.reset()
    assert chains.epoch == 1
    assert chains.admit(CHANNEL, change(1, 2)) == GAP  # a new connection needs its snapshot


def _frame(data: dict) -> str:
    params = {
        "channel": CHANNEL,
        "data": {
            "instrument_name": "BTC-PERPETUAL",
            "timestamp": 1,
            "bids": [],
            "asks": [],
            **data,
        },
    }
    return json.dumps({"jsonrpc": "2.0", "method": "subscription", "params": params})


def test_the_codec_holds_back_a_broken_chain_and_reports_the_gap_once():
    gaps: list[str] = []
    codec = DeribitCodec(on_book_gap=gaps.append)
    first = codec.decode(_frame({"type": "snapshot", "change_id": 7}))
    gap = codec.decode(_frame({"type": "change", "prev_change_id": 9, "change_id": 10}))
    held = codec.decode(_frame({"type": "change", "prev_change_id": 10, "change_id": 11}))
    again = codec.decode(_frame({"type": "snapshot", "change_id": 30}))
    assert isinstance(first, Event) and isinstance(again, Event)
    assert gap == Control("message_dropped", BookDropped(CHANNEL, "book gap"))
    assert held == Control("message_dropped", BookDropped(CHANNEL, "awaiting book snapshot"))
    assert gaps == [CHANNEL]


def test_grouped_book_channels_are_snapshots_and_never_gaps():
    codec = DeribitCodec(on_book_gap=lambda channel: None)
    frame = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "subscription",
            "params": {
                "channel": "book.BTC-PERPETUAL.none.10.100ms",
                "data": {
                    "instrument_name": "BTC-PERPETUAL",
                    "timestamp": 1,
                    "change_id": 5,
                    "bids": [[100.0, 1.0]],
                    "asks": [[101.0, 2.0]],
                },
            },
        }
    )
    assert all(isinstance(codec.decode(frame), Event) for _ in range(3))
