"""The private package's public surface is pinned, so it never drifts silently."""

from __future__ import annotations

import venues.binance.spot.private as private


def test_the_private_package_exports_exactly_its_public_names():
    assert private.__all__ == [
        "API_URL",
        "DEMO_API_URL",
        "TESTNET_API_URL",
        "USER_DATA_CHANNEL",
        "Account",
        "AccountBalance",
        "ApiCall",
        "Balance",
        "BalanceUpdate",
        "BinanceSpotPrivateClient",
        "CommissionRates",
        "Credentials",
        "ExecutionReport",
        "Fill",
        "Order",
        "OrderTestResult",
        "OutboundAccountPosition",
        "SessionStatus",
        "UserDataEvent",
    ]
    assert all(hasattr(private, name) for name in private.__all__)


def test_the_default_endpoint_is_the_test_network():
    assert private.TESTNET_API_URL == "wss://ws-api.testnet.binance.vision/ws-api/v3"
    assert private.API_URL == "wss://ws-api.binance.com:443/ws-api/v3"
