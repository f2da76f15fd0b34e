from __future__ import annotations

import json
from decimal import Decimal

import pytest

from protocol.messages import Control, Event, Failure, Malformed, Reply
from venues.deribit.codec import DeribitCodec
from venues.deribit.errors import NotEnoughFunds, TooManyRequests
from venues.deribit.models import BookChange, Order, PriceIndex, Trade, UserChanges, schema_of

CODEC = DeribitCodec()


def test_replies_keep_numbers_exact(wire):
    reply = CODEC.decode(wire("responses", "buy_market"))
    assert isinstance(reply, Reply)
    assert reply.result["order"]["average_price"] == Decimal("203.3")
    assert isinstance(reply.result["trades"][0]["fee"], Decimal)


def test_trade_notifications_become_a_tuple_of_trades(wire):
    event = CODEC.decode(wire("notifications", "trades"))
    assert isinstance(event, Event)
    assert event.channel == "trades.BTC-PERPETUAL.100ms"
    (trade,) = event.data
    assert trade == Trade(
        "48079269",
        30289442,
        "BTC-PERPETUAL",
        1590484512188,
        "sell",
        Decimal("8950.0"),
        Decimal("10.0"),
        2,
        Decimal("8948.9"),
        Decimal("8955.88"),
    )


def test_book_snapshot_then_change_chain_by_change_id(wire):
    snapshot = CODEC.decode(wire("notifications", "book_snapshot")).data
    change = CODEC.decode(wire("notifications", "book_change")).data
    assert snapshot.is_snapshot and not change.is_snapshot
    assert change.follows(snapshot.change_id)
    assert [level.action for level in change.bids] == ["delete", "change"]
    assert change.bids[1].amount == Decimal("10.0")


def test_user_orders_may_be_one_object_or_a_list(wire):
    single = json.loads(wire("notifications", "user_order"))
    assert isinstance(CODEC.decode(json.dumps(single)).data, Order)
    single["params"]["data"] = [single["params"]["data"]] * 2
    many = CODEC.decode(json.dumps(single)).data
    assert isinstance(many, tuple) and len(many) == 2 and many[0].order_id == "5"


def test_user_changes_carry_orders_trades_and_positions_typed(wire):
    order = json.loads(wire("notifications", "user_order"))["params"]["data"]
    data = {
        "instrument_name": "BTC-PERPETUAL",
        "orders": [order],
        "trades": [],
        "positions": [
            {
                "instrument_name": "BTC-PERPETUAL",
                "kind": "future",
                "direction": "buy",
                "size": 10.0,
                "average_price": 8950.5,
            }
        ],
    }
    channel = "user.changes.BTC-PERPETUAL.raw"
    frame = {
        "jsonrpc": "2.0",
        "method": "subscription",
        "params": {"channel": channel, "data": data},
    }
    changes = CODEC.decode(json.dumps(frame)).data
    assert isinstance(changes, UserChanges) and changes.orders[0].order_id == "5"
    assert changes.positions[0].average_price == Decimal("8950.5") and changes.trades == ()
    data["orders"] = "not a list"
    assert isinstance(CODEC.decode(json.dumps(frame)), Malformed)


def test_heartbeats_become_control_messages(wire):
    assert CODEC.decode(wire("notifications", "test_request")) == Control(
        "heartbeat", {"type": "test_request"}
    )
    assert CODEC.decode(wire("notifications", "heartbeat")).payload == {"type": "heartbeat"}


def test_unknown_channels_pass_their_data_through():
    frame = (
        '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"platform_state",'
        '"data":{"locked":false}}}'
    )
    assert CODEC.decode(frame) == Event("platform_state", {"locked": False})


@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.X.raw","data":{}}}',
        '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.X.raw","data":[]}}',
        '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.X.raw","data":{}}}',
        '{"jsonrpc":"2.0","method":"subscription","params":{"data":{}}}',
        '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"deribit_price_index.x",'
        '"data":{"price":"abc","index_name":"x","timestamp":1}}}',
        '{"jsonrpc":"2.0","id":1,"result":NaN}',
    ],
)
def test_hostile_frames_are_malformed_never_raised(frame):
    assert isinstance(CODEC.decode(frame), Malformed)


def test_error_replies_map_through_the_venue_table(wire):
    failure = CODEC.decode(wire("responses", "error_not_enough_funds"))
    assert isinstance(failure, Failure)
    assert isinstance(CODEC.error(failure, "private/buy"), NotEnoughFunds)
    limited = CODEC.decode(wire("responses", "error_too_many_requests"))
    assert isinstance(CODEC.error(limited, "private/sell"), TooManyRequests)


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("trades", Trade),
        ("book_snapshot", BookChange),
        ("book_change", BookChange),
        ("price_index", PriceIndex),
        ("user_order", Order),
    ],
)
def test_the_fast_path_equals_the_marshmallow_schema(wire, name, model):
    event = CODEC.decode(wire("notifications", name))
    raw = json.loads(wire("notifications", name), parse_float=Decimal)["params"]["data"]
    schema = schema_of(model)()
    expected = (
        tuple(schema.load(item) for item in raw) if isinstance(raw, list) else schema.load(raw)
    )
    assert event.data == expected


def test_the_fast_path_equals_the_schema_for_order_replies(result_of):
    from venues.deribit.models import UserTrade

    result = result_of("buy_market")
    assert Order.from_wire(result["order"]) == schema_of(Order)().load(result["order"])
    trade = result["trades"][0]
    assert UserTrade.from_wire(trade) == schema_of(UserTrade)().load(trade)
