"""Public market data methods: instruments, order book, ticker, index price."""

from __future__ import annotations

import pytest

INSTRUMENT_FIELDS = {
    "tick_size", "tick_size_steps", "taker_commission", "settlement_period",
    "settlement_currency", "quote_currency", "price_index", "min_trade_amount",
    "max_liquidation_commission", "max_leverage", "maker_commission", "kind", "is_active",
    "instrument_name", "instrument_id", "instrument_type", "expiration_timestamp",
    "creation_timestamp", "counter_currency", "contract_size", "block_trade_tick_size",
    "block_trade_min_trade_amount", "block_trade_commission", "base_currency",
}  # fmt: skip
BOOK_FIELDS = {
    "timestamp", "stats", "state", "settlement_price", "open_interest", "min_price",
    "max_price", "mark_price", "last_price", "instrument_name", "index_price", "funding_8h",
    "current_funding", "change_id", "bids", "best_bid_price", "best_bid_amount",
    "best_ask_price", "best_ask_amount", "asks",
}  # fmt: skip


def test_get_instruments_lists_the_simulated_instruments_with_the_documented_fields(sim):
    result = sim.connect().result("public/get_instruments", {"currency": "any"})
    names = [i["instrument_name"] for i in result]
    assert names == ["BTC-PERPETUAL", "ETH-PERPETUAL", "BTC-26MAR27", "BTC-26MAR27-60000-C"]
    perpetual = result[0]
    assert set(perpetual) >= INSTRUMENT_FIELDS
    assert perpetual["kind"] == "future" and perpetual["settlement_period"] == "perpetual"
    assert perpetual["contract_size"] == 10 and perpetual["min_trade_amount"] == 10
    assert perpetual["expiration_timestamp"] == 32503708800000
    option = result[3]
    assert option["kind"] == "option"
    assert (option["strike"], option["option_type"]) == (60_000.0, "call")


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"currency": "ETH"}, ["ETH-PERPETUAL"]),
        ({"currency": "BTC", "kind": "option"}, ["BTC-26MAR27-60000-C"]),
        ({"currency": "BTC", "kind": "future"}, ["BTC-PERPETUAL", "BTC-26MAR27"]),
        ({"currency": "USDC"}, []),
        ({"currency": "BTC", "expired": True}, []),
    ],
)
def test_get_instruments_filters_by_currency_kind_and_expiry(sim, params, expected):
    result = sim.connect().result("public/get_instruments", params)
    assert [i["instrument_name"] for i in result] == expected


def test_get_instruments_needs_a_known_currency(sim):
    assert sim.connect().error("public/get_instruments", {"currency": "DOGE"})["code"] == -32602


def test_get_order_book_has_the_documented_fields_and_levels_best_first(sim):
    book = sim.connect().result(
        "public/get_order_book", {"instrument_name": "BTC-PERPETUAL", "depth": 5}
    )
    assert set(book) >= BOOK_FIELDS
    assert len(book["bids"]) == 5 and len(book["asks"]) == 5
    assert all(len(level) == 2 for level in book["bids"] + book["asks"])
    bids = [p for p, _ in book["bids"]]
    asks = [p for p, _ in book["asks"]]
    assert bids == sorted(bids, reverse=True) and asks == sorted(asks)
    assert book["best_bid_price"] == bids[0] < asks[0] == book["best_ask_price"]
    assert book["best_bid_amount"] == book["bids"][0][1]
    assert isinstance(book["change_id"], int)


def test_get_order_book_refuses_an_undocumented_depth(sim):
    error = sim.connect().error(
        "public/get_order_book", {"instrument_name": "BTC-PERPETUAL", "depth": 3}
    )
    assert (error["code"], error["data"]["param"]) == (-32602, "depth")


@pytest.mark.parametrize("method", ["public/get_order_book", "public/ticker"])
def test_an_unknown_instrument_is_invalid_or_unsupported(sim, method):
    error = sim.connect().error(method, {"instrument_name": "DOGE-PERPETUAL"})
    assert error == {"code": 10020, "message": "invalid_or_unsupported_instrument"}


def test_ticker_reports_top_of_book_and_prices(sim):
    ticker = sim.connect().result("public/ticker", {"instrument_name": "ETH-PERPETUAL"})
    assert ticker["instrument_name"] == "ETH-PERPETUAL"
    assert ticker["state"] == "open"
    assert ticker["best_bid_price"] < ticker["mark_price"] < ticker["best_ask_price"]
    assert ticker["min_price"] < ticker["mark_price"] < ticker["max_price"]
    assert ticker["timestamp"] == int(sim.clock.now * 1000)


def test_an_option_ticker_carries_greeks_and_implied_volatility(sim):
    ticker = sim.connect().result("public/ticker", {"instrument_name": "BTC-26MAR27-60000-C"})
    assert {"greeks", "mark_iv", "underlying_price", "underlying_index"} <= set(ticker)


def test_get_index_price_reports_the_index(sim):
    result = sim.connect().result("public/get_index_price", {"index_name": "btc_usd"})
    assert result == {"index_price": 50_000.0, "estimated_delivery_price": 50_000.0}
