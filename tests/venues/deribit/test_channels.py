from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit import channels


def test_builders_make_documented_names():
    assert channels.trades("BTC-PERPETUAL") == "trades.BTC-PERPETUAL.100ms"
    assert channels.book("BTC-PERPETUAL", "raw") == "book.BTC-PERPETUAL.raw"
    assert channels.book("ETH-PERPETUAL", group="5", depth=10) == "book.ETH-PERPETUAL.5.10.100ms"
    assert channels.ticker("BTC-29SEP23-30000-C", "agg2") == "ticker.BTC-29SEP23-30000-C.agg2"
    assert channels.price_index("eth_usd") == "deribit_price_index.eth_usd"
    assert channels.user_orders(kind="any", currency="any") == "user.orders.any.any.raw"
    assert channels.user_trades("BTC-PERPETUAL") == "user.trades.BTC-PERPETUAL.raw"
    assert channels.user_portfolio("btc") == "user.portfolio.btc"
    assert channels.user_changes(kind="future", currency="BTC") == "user.changes.future.BTC.raw"


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: channels.trades(""), "instrument"),
        (lambda: channels.trades("BTC.PERP"), "instrument"),
        (lambda: channels.trades("BTC-PERPETUAL", "1s"), "interval"),
        (lambda: channels.book("X", group="3", depth=10), "group"),
        (lambda: channels.book("X", group="5", depth=5), "depth"),
        (lambda: channels.book("X", depth=10), "group"),
        (lambda: channels.price_index(""), "index_name"),
        (channels.user_orders, "instrument"),
        (lambda: channels.user_orders("X", kind="future"), "instrument"),
        (lambda: channels.user_trades(kind="bond", currency="BTC"), "kind"),
        (lambda: channels.user_portfolio("b c"), "currency"),
    ],
)
def test_bad_parts_are_refused_naming_the_field(build, field):
    with pytest.raises(InvalidParameters) as excinfo:
        build()
    assert excinfo.value.field == field


def test_raw_and_user_channels_require_auth():
    assert channels.requires_auth("trades.X.raw")
    assert channels.requires_auth("user.portfolio.btc")
    assert not channels.requires_auth("trades.X.100ms")
