"""Deribit API v2 clients and simulator.

Public and private WebSocket clients on the venue-actors runtime: kept alive with
heartbeats and reconnects, within Deribit's credit limits, authenticated again and
resubscribed after every reconnect.

:class:`LocalOrderBook` keeps a local book from ``book.*`` notifications and refuses a
change that does not chain from it (:class:`BookGap`).

Example:
    >>> from venues.deribit import Credentials, DeribitPrivateClient, DeribitPublicClient
    >>> from venues.deribit import channels
    >>> channels.trades("BTC-PERPETUAL")
    'trades.BTC-PERPETUAL.100ms'
"""

from __future__ import annotations

from venues.deribit import channels
from venues.deribit._client import MAINNET_URL, TESTNET_URL
from venues.deribit.book import BookGap, LocalOrderBook
from venues.deribit.codec import DeribitCodec
from venues.deribit.credentials import Credentials
from venues.deribit.private.client import DeribitPrivateClient
from venues.deribit.public.client import DeribitPublicClient

__all__ = [
    "MAINNET_URL",
    "TESTNET_URL",
    "BookGap",
    "Credentials",
    "DeribitCodec",
    "DeribitPrivateClient",
    "DeribitPublicClient",
    "LocalOrderBook",
    "channels",
]
