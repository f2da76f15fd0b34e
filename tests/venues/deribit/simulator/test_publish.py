"""Market data notifications: book snapshot then chained changes, trades, tickers, indices."""

from __future__ import annotations

import itertools

from venues.deribit.simulator._quotes import Quotes

BOOK = "book.BTC-PERPETUAL.100ms"
TRADES = "trades.BTC-PERPETUAL.100ms"
TRADE_FIELDS = {
    "trade_seq", "trade_id", "timestamp", "tick_direction", "price", "mark_price",
    "index_price", "instrument_name", "direction", "amount",
}  # fmt: skip
TICKER_FIELDS = {
    "best_ask_amount", "best_ask_price", "best_bid_amount", "best_bid_price", "current_funding",
    "estimated_delivery_price", "funding_8h", "index_price", "instrument_name", "interest_value",
    "last_price", "mark_price", "max_price", "min_price", "open_interest", "settlement_price",
    "state", "stats", "timestamp",
}  # fmt: skip


def apply(book: dict[float, float], levels: list[list]) -> None:
    for action, price, amount in levels:
        if action == "delete":
            del book[price]
        else:
            book[price] = amount


def test_a_book_subscription_starts_with_a_snapshot_of_new_levels(make_sim):
    sim = make_sim()
    conn = sim.connect()
    conn.result("public/subscribe", {"channels": [BOOK]})
    (snapshot,) = conn.notifications(BOOK)
    assert snapshot["type"] == "snapshot"
    assert snapshot["instrument_name"] == "BTC-PERPETUAL"
    assert isinstance(snapshot["change_id"], int)
    assert snapshot["bids"] and all(
        level[0] == "new" for level in snapshot["bids"] + snapshot["asks"]
    )
    assert "prev_change_id" not in snapshot
    assert "id" in conn.inbox[0] and conn.inbox[1]["params"]["data"] == snapshot  # reply first


def test_book_changes_chain_prev_change_id_to_the_last_change_id(make_sim):
    sim = make_sim(market_data_rate=10.0)
    conn = sim.connect()
    conn.result("public/subscribe", {"channels": [BOOK]})
    sim.tick()
    for _ in range(30):
        sim.tick(0.1)
    messages = conn.notifications(BOOK)
    assert len(messages) == 31
    assert [m["type"] for m in messages] == ["snapshot"] + ["change"] * 30
    for previous, current in itertools.pairwise(messages):
        assert current["prev_change_id"] == previous["change_id"]
        assert current["change_id"] == previous["change_id"] + 1


def test_applying_the_changes_to_the_snapshot_gives_the_servers_book(make_sim):
    sim = make_sim(market_data_rate=10.0)
    conn = sim.connect()
    conn.result("public/subscribe", {"channels": [BOOK]})
    sim.tick()
    for _ in range(20):
        sim.tick(0.1)
    snapshot, *changes = conn.notifications(BOOK)
    bids = {p: a for _, p, a in snapshot["bids"]}
    asks = {p: a for _, p, a in snapshot["asks"]}
    for change in changes:
        apply(bids, change["bids"])
        apply(asks, change["asks"])
    server = conn.result(
        "public/get_order_book", {"instrument_name": "BTC-PERPETUAL", "depth": 100}
    )
    assert sorted(bids.items(), reverse=True) == [tuple(level) for level in server["bids"]]
    assert sorted(asks.items()) == [tuple(level) for level in server["asks"]]
    assert server["change_id"] == changes[-1]["change_id"]


def test_an_order_resting_in_the_book_is_published_as_a_change(sim, alice):
    alice.result("public/subscribe", {"channels": [BOOK]})
    alice.result(
        "private/buy", {"instrument_name": "BTC-PERPETUAL", "amount": 70, "price": 49_000.0}
    )
    sim.tick()
    change = alice.notifications(BOOK)[-1]
    assert change["type"] == "change"
    assert change["bids"] == [["new", 49_000.0, 70.0]]
    alice.result("private/cancel_all")
    sim.tick()
    assert alice.notifications(BOOK)[-1]["bids"] == [["delete", 49_000.0, 0.0]]


def test_trades_arrive_as_arrays_with_contiguous_trade_seq(make_sim):
    sim = make_sim(market_data_rate=10.0)
    conn = sim.connect()
    conn.result("public/subscribe", {"channels": [TRADES]})
    sim.tick()
    for _ in range(10):
        sim.tick(0.1)
    batches = conn.notifications(TRADES)
    assert batches and all(isinstance(batch, list) for batch in batches)
    trades = [t for batch in batches for t in batch]
    assert set(trades[0]) >= TRADE_FIELDS
    assert isinstance(trades[0]["trade_id"], str)
    seqs = [t["trade_seq"] for t in trades]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert seqs[-1] == sim.engine.world.ids.last_trade_seq("BTC-PERPETUAL")


def test_the_market_data_rate_sets_notifications_per_second_per_channel(make_sim):
    sim = make_sim(market_data_rate=5.0)
    conn = sim.connect()
    conn.result("public/subscribe", {"channels": ["ticker.BTC-PERPETUAL.100ms"]})
    sim.tick()
    for _ in range(40):  # 2.5 s
        sim.tick(0.0625)
    assert len(conn.notifications("ticker.BTC-PERPETUAL.100ms")) == 12


def test_a_ticker_notification_has_the_documented_fields(make_sim):
    sim = make_sim(market_data_rate=10.0)
    conn = sim.connect()
    conn.result("public/subscribe", {"channels": ["ticker.BTC-PERPETUAL.100ms"]})
    sim.tick()
    sim.tick(0.1)
    (ticker,) = conn.notifications("ticker.BTC-PERPETUAL.100ms")
    assert set(ticker) >= TICKER_FIELDS
    assert set(ticker["stats"]) >= {"high", "low", "price_change", "volume"}


def test_an_index_notification_carries_name_price_and_timestamp(make_sim):
    sim = make_sim(market_data_rate=10.0)
    conn = sim.connect()
    conn.result("public/subscribe", {"channels": ["deribit_price_index.eth_usd"]})
    sim.tick()
    sim.tick(0.1)
    (index,) = conn.notifications("deribit_price_index.eth_usd")
    assert set(index) == {"index_name", "price", "timestamp"}
    assert index["index_name"] == "eth_usd"
    assert index["timestamp"] == int(sim.clock.now * 1000)


def test_the_same_seed_gives_the_same_market(make_sim):
    def prices(seed: int) -> list[float]:
        sim = make_sim(market_data_rate=10.0, seed=seed)
        conn = sim.connect()
        conn.result("public/subscribe", {"channels": [TRADES]})
        sim.tick()
        for _ in range(10):
            sim.tick(0.1)
        return [t["price"] for batch in conn.notifications(TRADES) for t in batch]

    assert prices(7) == prices(7)
    assert prices(7) != prices(8)


def test_trades_channels_by_kind_and_currency_cover_matching_instruments(make_sim):
    sim = make_sim(market_data_rate=10.0)
    conn = sim.connect()
    conn.result("public/subscribe", {"channels": ["trades.future.BTC.100ms"]})
    sim.tick()
    sim.tick(0.1)
    names = {t["instrument_name"] for batch in conn.notifications() for t in batch}
    assert names == {"BTC-PERPETUAL", "BTC-26MAR27"}


def test_the_tick_direction_follows_deribits_four_values(sim):
    quotes: Quotes = sim.engine.world.market.quotes("BTC-PERPETUAL")
    last = quotes.last_price
    assert quotes.next_tick_direction(last + 0.5) == 0
    assert quotes.next_tick_direction(last - 0.5) == 2
    quotes.tick_direction = 2
    assert quotes.next_tick_direction(last) == 3
    quotes.tick_direction = 0
    assert quotes.next_tick_direction(last) == 1
