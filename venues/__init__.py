"""Venue clients built on the venue-actors runtime: Deribit, Binance Spot, Coinbase.

Each venue is a sub-package with public and private clients and a simulator::

    from venues.deribit import DeribitPublicClient
    from venues.binance.spot import BinanceSpotPublicClient
    from venues.coinbase import CoinbasePublicClient

Run ``python -m venues demo`` for a tour against the embedded simulator.
"""
