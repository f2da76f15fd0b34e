"""The Coinbase codec: classification, typed events from the facts-file fixtures,
sequence and heartbeat rules, splitting per key, and -USDC routing."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from protocol.messages import Control, Event, Failure, Malformed
from venues.coinbase.channels.envelope import ChannelMessage
from venues.coinbase.codec import CoinbaseCodec, ErrorNotice, SubscriptionState
from venues.coinbase.errors import CoinbaseError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "coinbase"


def load_fixture(name: str) -> list[dict[str, Any]]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


MESSAGES = load_fixture("messages")
DATA = [m for m in MESSAGES if "key" in m]


def _frame(body: dict[str, Any], seq: int | None = None) -> str:
    if seq is not None:
        body = {**body, "sequence_num": seq}
    return json.dumps(body)


def _envelope(channel: str, seq: int, events: list[dict[str, Any]]) -> str:
    return _frame({"channel": channel, "client_id": "", "timestamp": "2023-01-01T00:00:00Z",
                   "sequence_num": seq, "events": events})  # fmt: skip


def _beat(seq: int, counter: int) -> str:
    event = {"current_time": "2023-06-23 20:31:56.121961769 +0000 UTC m=+1.5",
             "heartbeat_counter": str(counter)}  # fmt: skip
    return _envelope("heartbeats", seq, [event])


def _tickers(seq: int, *products: str) -> str:
    tickers = [{"type": "ticker", "product_id": p, "price": str(n)} for n, p in enumerate(products)]
    return _envelope("ticker", seq, [{"type": "update", "tickers": tickers}])


def _l2(seq: int, kind: str, product: str = "BTC-USD") -> str:
    update = {"side": "bid", "event_time": "2023-01-01T00:00:00Z", "price_level": "1",
              "new_quantity": "2"}  # fmt: skip
    event = {"type": kind, "product_id": product, "updates": [update]}
    return _frame({"channel": "l2_data", "client_id": "", "timestamp": "2023-01-01T00:00:00Z",
                   "sequence_num": seq, "events": [event]})  # fmt: skip


@pytest.mark.parametrize("fixture", DATA, ids=lambda f: f["name"])
def test_channel_data_becomes_an_event_under_its_subscription_key(fixture):
    decoded = CoinbaseCodec().decode(_frame(fixture["frame"]))
    assert isinstance(decoded, Event)
    assert decoded.channel == fixture["key"]
    assert isinstance(decoded.data, ChannelMessage)
    assert decoded.data.sequence_num == fixture["frame"]["sequence_num"]
    assert decoded.data.timestamp.ns == fixture["timestamp_ns"]
    assert decoded.data.key == fixture["key"]


def test_level2_snapshot_fixture_decodes_to_typed_levels():
    fixture = next(m for m in MESSAGES if m["name"].startswith("level2 snapshot"))
    event = CoinbaseCodec().decode(_frame(fixture["frame"])).data.events[0]
    assert event.is_snapshot
    assert event.updates[0].side == "bid"
    assert event.updates[0].price_level == Decimal("21921.73")
    assert event.updates[0].event_time.ns == 0
    assert event.updates[1].side == "offer"


def test_subscriptions_message_becomes_a_state_control():
    fixture = MESSAGES[0]
    decoded = CoinbaseCodec().decode(_frame(fixture["frame"]))
    assert isinstance(decoded, Control) and decoded.kind == "subscriptions"
    assert isinstance(decoded.payload, SubscriptionState)
    assert all(decoded.payload.confirms(k) for k in fixture["confirms"])
    assert not any(decoded.payload.confirms(k) for k in fixture["refutes"])


@pytest.mark.parametrize("fixture", load_fixture("errors"), ids=lambda f: f["name"])
def test_error_message_becomes_an_error_control_not_an_exception(fixture):
    decoded = CoinbaseCodec().decode(json.dumps(fixture["frame"]))
    assert isinstance(decoded, Control) and decoded.kind == "error"
    assert isinstance(decoded.payload, ErrorNotice)
    error = decoded.payload.error("subscribe")
    assert isinstance(error, CoinbaseError)
    assert error.message == fixture["message"] and error.method == "subscribe"


@pytest.mark.parametrize("fixture", load_fixture("malformed"), ids=lambda f: f["name"])
def test_hostile_frames_are_malformed_never_raised(fixture):
    frame = bytes.fromhex(fixture["frame_hex"]) if "frame_hex" in fixture else fixture["frame"]
    decoded = CoinbaseCodec().decode(frame)
    assert isinstance(decoded, Malformed)
    assert decoded.reason


def test_duplicate_and_out_of_order_messages_are_dropped():
    codec = CoinbaseCodec()
    assert isinstance(codec.decode(_l2(0, "snapshot")), Event)
    assert isinstance(codec.decode(_l2(1, "update")), Event)
    duplicate = codec.decode(_l2(1, "update"))
    older = codec.decode(_l2(0, "update"))
    for dropped in (duplicate, older):
        assert isinstance(dropped, Control) and dropped.kind == "message_dropped"
    assert codec.sequence.duplicates == 2


def test_a_gap_is_reported_and_level2_updates_wait_for_a_fresh_snapshot():
    gaps = []
    codec = CoinbaseCodec(on_gap=gaps.append)
    codec.decode(_l2(0, "snapshot"))
    held = codec.decode(_l2(5, "update"))
    assert [(g.expected, g.received, g.missed) for g in gaps] == [(1, 5, 4)]
    assert isinstance(held, Control) and held.payload.reason == "awaiting snapshot"
    assert isinstance(codec.decode(_l2(6, "update")), Control)
    snapshot = codec.decode(_l2(7, "snapshot"))
    assert isinstance(snapshot, Event) and snapshot.data.events[0].is_snapshot
    assert isinstance(codec.decode(_l2(8, "update")), Event)
    assert codec.held_updates == 2


def test_a_gap_holds_each_product_until_its_own_snapshot():
    codec = CoinbaseCodec(on_gap=lambda gap: None)
    codec.decode(_l2(0, "snapshot", "BTC-USD"))
    codec.decode(_l2(2, "snapshot", "ETH-USD"))
    assert isinstance(codec.decode(_l2(3, "update", "ETH-USD")), Event)
    assert isinstance(codec.decode(_l2(4, "update", "BTC-USD")), Control)


def test_reset_starts_a_new_connection_counter():
    gaps = []
    codec = CoinbaseCodec(on_gap=gaps.append)
    codec.decode(_l2(40, "snapshot"))
    codec.reset()
    assert isinstance(codec.decode(_l2(0, "snapshot")), Event)
    assert gaps == []


def test_a_message_for_several_products_decodes_into_one_event_per_key_in_order():
    decoded = CoinbaseCodec().decode(_tickers(0, "BTC-USD", "ETH-USD"))
    assert isinstance(decoded, list)
    assert all(isinstance(part, Event) for part in decoded)
    assert [(e.channel, e.data.key, e.data.events[0].tickers[0].price) for e in decoded] == [
        ("ticker:BTC-USD", "ticker:BTC-USD", Decimal("0")),
        ("ticker:ETH-USD", "ticker:ETH-USD", Decimal("1")),
    ]


def test_level2_events_of_several_products_in_one_message_split_per_key():
    update = {"side": "bid", "event_time": "2023-01-01T00:00:00Z", "price_level": "1",
              "new_quantity": "2"}  # fmt: skip
    events = [
        {"type": "snapshot", "product_id": p, "updates": [update]} for p in ("A-USD", "B-USD")
    ]
    decoded = CoinbaseCodec().decode(_envelope("l2_data", 0, events))
    assert [e.channel for e in decoded] == ["level2:A-USD", "level2:B-USD"]
    assert not any(e.channel.startswith("#") for e in decoded)


def test_usd_data_goes_to_the_usdc_key_that_was_subscribed():
    codec = CoinbaseCodec()
    codec.routes.add(["ticker:BTC-USDC"])
    decoded = codec.decode(_tickers(0, "BTC-USD"))
    assert isinstance(decoded, Event) and decoded.channel == "ticker:BTC-USDC"
    assert decoded.data.product_id == "BTC-USDC" and decoded.data.key == "ticker:BTC-USDC"
    assert decoded.data.events[0].tickers[0].product_id == "BTC-USD"  # the venue's text


def test_usd_data_goes_to_both_keys_when_both_were_subscribed():
    codec = CoinbaseCodec()
    codec.routes.add(["level2:BTC-USD", "level2:BTC-USDC"])
    decoded = codec.decode(_l2(0, "snapshot"))
    assert [e.channel for e in decoded] == ["level2:BTC-USD", "level2:BTC-USDC"]
    codec.routes.discard(["level2:BTC-USDC"])
    assert codec.decode(_l2(1, "update")).channel == "level2:BTC-USD"


def test_usdc_products_with_data_of_their_own_are_not_aliased():
    codec = CoinbaseCodec()
    codec.routes.add(["ticker:USDT-USDC"])
    assert codec.decode(_tickers(0, "USDT-USD")).channel == "ticker:USDT-USD"
    assert codec.decode(_tickers(1, "USDT-USDC")).channel == "ticker:USDT-USDC"


def test_a_usdc_key_is_confirmed_by_either_product_in_the_venue_state():
    for listed in ("BTC-USDC", "BTC-USD"):
        assert SubscriptionState({"level2": (listed,)}, 0).confirms("level2:BTC-USDC")
    assert not SubscriptionState({"level2": ("BTC-USDC",)}, 0).confirms("level2:BTC-USD")


def test_a_jump_of_the_heartbeat_counter_comes_before_the_heartbeat_that_showed_it():
    codec = CoinbaseCodec()
    assert isinstance(codec.decode(_beat(0, 3049)), Event)
    assert isinstance(codec.decode(_beat(1, 3050)), Event)
    missed, beat = codec.decode(_beat(2, 3054))
    assert isinstance(missed, Control) and missed.kind == "heartbeats_missed"
    assert (missed.payload.expected, missed.payload.received, missed.payload.missed) == (
        3051,
        3054,
        3,
    )
    assert isinstance(beat, Event) and beat.data.events[0].heartbeat_counter == 3054
    assert (codec.heartbeats.gaps, codec.heartbeats.missed) == (1, 3)


def test_a_heartbeat_counter_that_restarts_is_taken_as_it_comes():
    codec = CoinbaseCodec()
    codec.decode(_beat(0, 50))
    assert isinstance(codec.decode(_beat(1, 1)), Event)
    assert isinstance(codec.decode(_beat(2, 2)), Event)
    assert codec.heartbeats.gaps == 0


def test_heartbeats_start_counting_afresh_on_a_new_connection_or_subscription():
    codec = CoinbaseCodec()
    codec.decode(_beat(0, 10))
    codec.restart_heartbeats()
    assert isinstance(codec.decode(_beat(1, 20)), Event)
    codec.reset()
    assert isinstance(codec.decode(_beat(0, 40)), Event)
    assert codec.heartbeats.gaps == 0 and codec.epoch == 1


def test_encode_request_encodes_a_subscribe_without_any_id():
    frame = CoinbaseCodec().encode_request(
        17, "subscribe", {"channel": "level2", "product_ids": ["BTC-USD"]}
    )
    assert json.loads(frame) == {
        "type": "subscribe",
        "product_ids": ["BTC-USD"],
        "channel": "level2",
    }


def test_error_turns_a_failure_into_a_coinbase_error_naming_the_method():
    error = CoinbaseCodec().error(Failure(None, "x", "failure to subscribe"), "subscribe")
    assert isinstance(error, CoinbaseError) and error.method == "subscribe"
