"""The Binance Spot WebSocket API (trading): the private client, its calls and events.

One module per method (``order_place``, ``order_cancel``, ...) holds its params schema,
result schema, builder and documentation link; :class:`BinanceSpotPrivateClient` sends
them. User data events are typed in :mod:`.user_data`.

Example:
    >>> from venues.binance.spot.private import BinanceSpotPrivateClient, Credentials
    >>> creds = Credentials("api-key", secret_key="secret")
    >>> BinanceSpotPrivateClient(creds, url="ws://example.com/ws-api/v3")
    Traceback (most recent call last):
    ...
    protocol.errors.InvalidParameters: invalid parameter 'url': wss:// required except to loopback
"""

from __future__ import annotations

from venues.binance.spot.api_codec import USER_DATA_CHANNEL
from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._orders import Fill, Order
from venues.binance.spot.private.account_status import Account, Balance
from venues.binance.spot.private.api_limits import API_URL, DEMO_API_URL, TESTNET_API_URL
from venues.binance.spot.private.client import BinanceSpotPrivateClient
from venues.binance.spot.private.order_test import CommissionRates, OrderTestResult
from venues.binance.spot.private.session_status import SessionStatus
from venues.binance.spot.private.user_data import (
    AccountBalance,
    BalanceUpdate,
    ExecutionReport,
    OutboundAccountPosition,
    UserDataEvent,
)
from venues.binance.spot.signing import Credentials

__all__ = [
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
