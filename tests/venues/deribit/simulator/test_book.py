"""The order book: planning fills, time priority, publishing diffs."""

from __future__ import annotations

from venues.deribit.simulator._book import Book, Maker


def test_synthetic_liquidity_fills_before_user_orders_at_the_same_price():
    book = Book()
    book.set_synthetic({}, {100.0: 5.0})
    book.rest("asks", 100.0, Maker("1", "alice", 3.0))
    plan = book.plan("buy", 100.0, 7.0)
    assert [(f.amount, f.maker.order_id if f.maker else None) for f in plan] == [
        (5.0, None),
        (2.0, "1"),
    ]


def test_user_orders_at_one_price_fill_in_time_order():
    book = Book()
    book.rest("bids", 99.0, Maker("1", "alice", 1.0))
    book.rest("bids", 99.0, Maker("2", "bob", 1.0))
    assert [f.maker.order_id for f in book.plan("sell", None, 2.0) if f.maker] == ["1", "2"]


def test_a_limit_stops_the_walk_and_planning_changes_nothing():
    book = Book()
    book.set_synthetic({}, {100.0: 1.0, 101.0: 1.0})
    assert sum(f.amount for f in book.plan("buy", 100.5, 5.0)) == 1.0
    assert book.levels("asks") == {100.0: 1.0, 101.0: 1.0}


def test_applying_a_plan_consumes_levels_and_removes_filled_makers():
    book = Book()
    maker = Maker("1", "alice", 2.0)
    book.rest("asks", 100.0, maker)
    book.apply("buy", book.plan("buy", None, 2.0))
    assert maker.remaining == 0.0
    assert book.levels("asks") == {}


def test_publish_diffs_new_changed_and_deleted_levels_and_chains_change_ids():
    book = Book(change_id=10)
    book.set_synthetic({100.0: 1.0, 99.0: 2.0}, {})
    first = book.publish()
    assert (first.prev_change_id, first.change_id) == (10, 11)
    book.set_synthetic({100.0: 3.0, 98.0: 1.0}, {})
    second = book.publish()
    assert (second.prev_change_id, second.change_id) == (11, 12)
    assert second.bids == [["change", 100.0, 3.0], ["delete", 99.0, 0.0], ["new", 98.0, 1.0]]
    assert not book.dirty()
