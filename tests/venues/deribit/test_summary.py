from __future__ import annotations

from decimal import Decimal

from venues.deribit.models import BookChange, Order, Trade
from venues.deribit.summary import summarise


def trade(seq: int) -> Trade:
    return Trade(str(seq), seq, "BTC-PERPETUAL", 0, "buy", Decimal("50000.5"), Decimal("20"))


def test_trades_read_as_side_size_and_price_with_a_count_of_the_rest():
    assert summarise((trade(1),)) == "BTC-PERPETUAL buy 20 @ 50000.5"
    assert summarise((trade(1), trade(2), trade(3))) == "BTC-PERPETUAL buy 20 @ 50000.5 (+2 more)"


def test_a_book_snapshot_shows_the_top_and_a_change_only_its_size():
    snapshot = BookChange.from_wire(
        {
            "type": "snapshot",
            "timestamp": 1,
            "instrument_name": "BTC-PERPETUAL",
            "change_id": 7,
            "bids": [["new", 10, 1], ["new", 11, 1]],
            "asks": [["new", 12, 1]],
        }
    )
    assert summarise(snapshot) == "BTC-PERPETUAL snapshot #7: 2 bid / 1 ask levels, best 11 / 12"
    change = BookChange.from_wire(
        {
            "type": "change",
            "timestamp": 2,
            "instrument_name": "BTC-PERPETUAL",
            "prev_change_id": 7,
            "change_id": 8,
            "bids": [["delete", 11, 0]],
            "asks": [],
        }
    )
    assert summarise(change) == "BTC-PERPETUAL change #8: 1 bid / 0 ask changes"


def test_orders_one_or_many_and_a_market_price():
    order = Order("5", "open", "BTC-PERPETUAL", "sell", Decimal("10"), price="market_price")
    assert summarise(order) == "order 5 sell 10 @ market_price open"
    assert summarise((order, order)).count("order 5") == 2


def test_anything_else_is_a_bounded_repr_that_says_it_was_shortened():
    assert summarise({"a": 1}) == "{'a': 1}"
    long = summarise({"text": "y" * 500})
    assert len(long) <= 100 and long.endswith("(shortened, 512 chars)")
