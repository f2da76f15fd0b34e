"""-USDC aliasing: which subscription keys the venue's -USD data belongs to."""

from __future__ import annotations

import pytest

from venues.coinbase.aliases import KeyRoutes, usd_twin


@pytest.mark.parametrize(
    ("channel", "product", "twin"),
    [
        ("level2", "BTC-USDC", "BTC-USD"),
        ("ticker", "ETH-USDC", "ETH-USD"),
        ("market_trades", "SOL-USDC", "SOL-USD"),
        ("level2", "USDT-USDC", None),
        ("level2", "EURC-USDC", None),
        ("level2", "BTC-USD", None),
        ("user", "BTC-USDC", None),
        ("heartbeats", None, None),
    ],
)
def test_usdc_products_are_served_their_usd_twin_on_market_channels_only(channel, product, twin):
    assert usd_twin(channel, product) == twin


def test_data_goes_to_its_own_key_without_any_usdc_subscription():
    routes = KeyRoutes()
    routes.add(["level2:BTC-USD"])
    assert routes.products("level2", "BTC-USD") == ("BTC-USD",)
    assert routes.products("level2", "ETH-USD") == ("ETH-USD",)


def test_data_goes_to_the_usdc_key_only_on_its_channel():
    routes = KeyRoutes()
    routes.add(["level2:BTC-USDC"])
    assert routes.products("level2", "BTC-USD") == ("BTC-USDC",)
    assert routes.products("ticker", "BTC-USD") == ("BTC-USD",)


def test_both_keys_get_the_data_while_both_are_subscribed():
    routes = KeyRoutes()
    routes.add(["ticker:BTC-USDC", "ticker:BTC-USD"])
    assert routes.products("ticker", "BTC-USD") == ("BTC-USD", "BTC-USDC")
    routes.discard(["ticker:BTC-USD"])
    assert routes.products("ticker", "BTC-USD") == ("BTC-USDC",)
    routes.discard(["ticker:BTC-USDC"])
    assert routes.products("ticker", "BTC-USD") == ("BTC-USD",)
