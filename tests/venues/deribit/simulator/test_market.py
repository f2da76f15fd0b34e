"""The market model: step schedule, seeded prices, ladders around the fair price."""

from __future__ import annotations

import itertools

from venues.deribit.simulator._ids import IdSequence
from venues.deribit.simulator._market import Market


def test_steps_fall_every_one_over_rate_seconds_after_the_first_call():
    market = Market(seed=0, rate=4.0)
    assert market.steps_due(100.0) == 0
    assert market.steps_due(100.24) == 0
    assert market.steps_due(100.25) == 1
    assert market.steps_due(100.75) == 2


def test_a_stalled_clock_catches_up_a_few_steps_then_resumes_the_rhythm():
    market = Market(seed=0, rate=10.0)
    market.steps_due(0.0)
    assert market.steps_due(60.0) == 5
    assert market.steps_due(60.05) == 0
    assert market.steps_due(60.1) == 1


def test_a_rate_of_zero_freezes_the_market():
    market = Market(seed=0, rate=0.0)
    assert market.steps_due(0.0) == market.steps_due(1e6) == 0


def test_the_ladder_has_ten_levels_a_side_one_tick_apart_around_the_mark():
    quotes = Market(seed=0, rate=0.0).quotes("BTC-PERPETUAL")
    bids, asks = list(quotes.book.levels("bids")), list(quotes.book.levels("asks"))
    assert len(bids) == len(asks) == 10
    assert bids[0] == quotes.mark - 0.5 and asks[0] == quotes.mark + 0.5
    assert all(a - b == 0.5 for a, b in itertools.pairwise(bids))
    amounts = list(quotes.book.levels("asks").values())
    assert all(amount % 10 == 0 for amount in amounts)


def test_futures_follow_their_index_with_their_premium_and_the_option_is_priced_in_coin():
    market = Market(seed=0, rate=0.0)
    assert market.quotes("BTC-PERPETUAL").mark == 50_000.0
    assert market.quotes("BTC-26MAR27").mark == 50_250.0
    option = market.quotes("BTC-26MAR27-60000-C").mark
    assert 0 < option < 1


def test_each_instrument_has_its_own_random_stream():
    one, two = Market(seed=3, rate=1.0), Market(seed=3, rate=1.0)
    ids = IdSequence()
    one.synthetic_trade("ETH-PERPETUAL", 1.0, ids)  # consumes ETH randomness only
    one.move_indices()
    two.move_indices()
    one.rebuild("BTC-PERPETUAL")
    two.rebuild("BTC-PERPETUAL")
    assert one.quotes("BTC-PERPETUAL").book.levels("bids") == two.quotes(
        "BTC-PERPETUAL"
    ).book.levels("bids")


def test_every_printed_trade_takes_the_next_trade_seq_of_its_instrument():
    market, ids = Market(seed=0, rate=0.0), IdSequence()
    first = market.synthetic_trade("BTC-PERPETUAL", 1.0, ids)
    market.synthetic_trade("ETH-PERPETUAL", 1.0, ids)
    second = market.synthetic_trade("BTC-PERPETUAL", 2.0, ids)
    assert first is not None and second is not None
    assert second.trade_seq == first.trade_seq + 1
    assert int(second.trade_id) > int(first.trade_id)
    assert ids.last_trade_id("BTC-PERPETUAL") == second.trade_id
