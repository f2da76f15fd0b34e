"""The simulator package's public surface is pinned."""

from __future__ import annotations

import venues.binance.spot.simulator as simulator


def test_the_simulator_package_exports_exactly_its_public_names():
    assert simulator.__all__ == [
        "DEFAULT_SYMBOLS",
        "ApiEngine",
        "ApiLimits",
        "BinanceSpotSimulator",
        "ForcedError",
        "SimAccount",
        "SimSymbol",
        "StreamsEngine",
    ]
    assert all(hasattr(simulator, name) for name in simulator.__all__)
