"""The Binance Spot WebSocket API trading client: orchestration only.

Message bodies live in one file per method (``order_place.py``, ...); this class
authorises, sends and parses them through the runtime (connection, limiter,
subscription manager). See :class:`BinanceSpotPrivateClient`.
"""

from __future__ import annotations

from concurrent.futures import Future
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import urlsplit

from actors import Handler, ManagedClient
from actors.transport import is_loopback
from protocol.errors import InvalidParameters
from venues.binance.spot.api_codec import USER_DATA_CHANNEL, BinanceApiCodec
from venues.binance.spot.private import (
    account_status,
    open_orders_cancel_all,
    open_orders_status,
    order_cancel,
    order_place,
    order_status,
    order_test,
    ping,
    server_time,
    session_logon,
    session_logout,
    session_status,
)
from venues.binance.spot.private._auth import Authorizer
from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._hooks import ApiSessionHooks, UserDataSubscriptions
from venues.binance.spot.private._orders import Order
from venues.binance.spot.private._runner import CallRunner
from venues.binance.spot.private._schema import validate_recv_window
from venues.binance.spot.private.account_status import Account
from venues.binance.spot.private.api_limits import (
    ORDERS_PER_10_SECONDS,
    ORDERS_PER_DAY,
    REQUEST_WEIGHT_PER_MINUTE,
    TESTNET_API_URL,
    api_rate_limiter,
    orders_bucket,
)
from venues.binance.spot.private.order_test import OrderTestResult
from venues.binance.spot.private.session_status import SessionStatus
from venues.binance.spot.signing import Credentials

__all__ = ["BinanceSpotPrivateClient"]

T = TypeVar("T")


class BinanceSpotPrivateClient(ManagedClient):
    """Trading over the Binance Spot WebSocket API, kept connected and within limits.

    - Ed25519 credentials: ``session.logon`` after every (re)connect, before the client
      reports ready (state ``authenticated``); SIGNED requests then carry ``timestamp``.
    - HMAC credentials: no logon; every SIGNED request carries ``apiKey`` and its
      ``signature`` (state ``connected``).
    - Limits: each call's weight and unfilled-order count are checked locally before
      sending (``RateLimitError``, nothing sent); every reply's ``rateLimits`` replace
      the local counts; a 429/418 ``retryAfter`` blocks further requests until then.
      See :meth:`rate_limit_stats`.
    - Outcome unknown: a 5xx/-1006/-1007 reply raises ``OutcomeUnknown`` and a request
      in flight at a disconnect raises ``ConnectionLost(outcome_unknown=True)``; both
      have ``outcome_unknown`` true and neither is ever re-sent. Reconcile with
      :meth:`order_status` before retrying.
    - User data: :meth:`subscribe_user_data` delivers ``ExecutionReport``,
      ``OutboundAccountPosition`` and ``BalanceUpdate`` values to the handler and the
      ``message_received`` signal (channel ``"userDataStream"``), and is restored after
      every reconnect.

    Args:
        credentials: the API key with its Ed25519 private key or HMAC secret.
        url: the WebSocket API endpoint; ``wss://`` is required except for loopback
            hosts and ``memory://``. Defaults to the Spot test network.
        recv_window: default ``recvWindow`` (ms, <= 60000) of SIGNED requests.
        weight_per_minute, orders_per_10_seconds, orders_per_day: local limits (lower
            them when several clients share an IP or account).
        **options: connection options (``request_timeout``, ``backoff``, ...; see
            :class:`actors.ConnectionOptions`).

    Raises:
        InvalidParameters: bad credentials, URL or option (named), before any I/O.

    Example:
        >>> # creds = Credentials(api_key, private_key=pem)
        >>> # with BinanceSpotPrivateClient(creds, url=sim.api_url) as trader:
        >>> #     order = trader.place_order(symbol="BTCUSDT", side="BUY", type="LIMIT",
        >>> #                                time_in_force="GTC", price="20000", quantity="0.01")
        >>> #     trader.cancel_order(symbol="BTCUSDT", order_id=order.order_id)
    """

    def __init__(
        self,
        credentials: Credentials,
        url: str = TESTNET_API_URL,
        *,
        recv_window: int | Decimal | None = None,
        weight_per_minute: int = REQUEST_WEIGHT_PER_MINUTE,
        orders_per_10_seconds: int = ORDERS_PER_10_SECONDS,
        orders_per_day: int = ORDERS_PER_DAY,
        **options: Any,
    ) -> None:
        if not isinstance(credentials, Credentials):
            raise InvalidParameters("credentials", "must be a venues.binance.spot Credentials")
        _require_private_url(url)
        authorizer = Authorizer(credentials, recv_window=validate_recv_window(recv_window))
        caps = {
            "weight_60s": weight_per_minute,
            orders_bucket(10.0): orders_per_10_seconds,
            orders_bucket(86400.0): orders_per_day,
        }
        self._runner = CallRunner(authorizer, caps)
        limiter = api_rate_limiter(
            weight_per_minute=weight_per_minute,
            orders_per_10_seconds=orders_per_10_seconds,
            orders_per_day=orders_per_day,
        )
        hooks = ApiSessionHooks(self._runner, self._drop)
        self._start_runtime(
            url,
            BinanceApiCodec(),
            limiter,
            hooks=[hooks],
            protocol=UserDataSubscriptions(self._runner),
            options=options,
        )
        self._runner.rate = self._rate

    def __repr__(self) -> str:
        key_type = self._runner.authorizer.credentials.key_type
        return f"BinanceSpotPrivateClient(url={self._connection.url!r}, key_type={key_type!r})"

    # -- any call ---------------------------------------------------------------------

    def execute(self, call: ApiCall[T], *, timeout: float | None = None) -> T:
        """Authorise, send and wait for any built call (see the method modules).

        Example:
            >>> # trader.execute(order_status.build(symbol="BTCUSDT", order_id=1))
        """
        return self._runner.call(self._connection, call, timeout)

    def submit(self, call: ApiCall[T], *, timeout: float | None = None) -> Future[T]:
        """Like :meth:`execute` but returns at once with a future of the typed result.

        Example:
            >>> # future = trader.submit(order_place.build(symbol="BTCUSDT", ...))
            >>> # order = future.result(timeout=5)
        """
        return self._runner.submit(self._connection, call, timeout)

    # -- general and session ----------------------------------------------------------

    def ping(self, *, timeout: float | None = None) -> None:
        """``ping``: check the round trip.

        Example:
            >>> # trader.ping()
        """
        self.execute(ping.build(), timeout=timeout)

    def server_time(self, *, timeout: float | None = None) -> int:
        """``time``: the venue's clock, epoch ms.

        Example:
            >>> # trader.server_time()
        """
        return self.execute(server_time.build(), timeout=timeout)

    def logon(self, *, timeout: float | None = None) -> SessionStatus:
        """``session.logon`` again (the client already logs on after every connect).

        Example:
            >>> # trader.logon().logged_on
        """
        status = self.execute(session_logon.build(), timeout=timeout)
        self._runner.authorizer.logged_on = True
        return status

    def session_status(self, *, timeout: float | None = None) -> SessionStatus:
        """``session.status``: the key authorising this connection, if any.

        Example:
            >>> # trader.session_status().logged_on
        """
        return self.execute(session_status.build(), timeout=timeout)

    def logout(self, *, timeout: float | None = None) -> SessionStatus:
        """``session.logout``: SIGNED requests are signed one by one from now on.

        Example:
            >>> # trader.logout()
        """
        self._runner.authorizer.logged_on = False
        return self.execute(session_logout.build(), timeout=timeout)

    # -- trading ----------------------------------------------------------------------

    def place_order(self, *, timeout: float | None = None, **order: Any) -> Order:
        """``order.place``; keywords as :func:`order_place.build` (validated first).

        Example:
            >>> # trader.place_order(symbol="BTCUSDT", side="BUY", type="MARKET",
            >>> #                    quantity="0.01").fills
        """
        return self.execute(order_place.build(**order), timeout=timeout)

    def test_order(self, *, timeout: float | None = None, **order: Any) -> OrderTestResult:
        """``order.test``: validate an order without placing it.

        Example:
            >>> # trader.test_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
        """
        return self.execute(order_test.build(**order), timeout=timeout)

    def cancel_order(self, *, timeout: float | None = None, **ref: Any) -> Order:
        """``order.cancel``; keywords as :func:`order_cancel.build`.

        Example:
            >>> # trader.cancel_order(symbol="BTCUSDT", order_id=42).status
        """
        return self.execute(order_cancel.build(**ref), timeout=timeout)

    def cancel_all_orders(self, symbol: str, *, timeout: float | None = None) -> list[Order]:
        """``openOrders.cancelAll``: cancel every open order of ``symbol``.

        Example:
            >>> # trader.cancel_all_orders("BTCUSDT")
        """
        return self.execute(open_orders_cancel_all.build(symbol=symbol), timeout=timeout)

    # -- account ----------------------------------------------------------------------

    def order_status(self, *, timeout: float | None = None, **ref: Any) -> Order:
        """``order.status``; keywords as :func:`order_status.build`.

        Example:
            >>> # trader.order_status(symbol="BTCUSDT", order_id=42).executed_qty
        """
        return self.execute(order_status.build(**ref), timeout=timeout)

    def open_orders(
        self, symbol: str | None = None, *, timeout: float | None = None
    ) -> list[Order]:
        """``openOrders.status``: open orders of ``symbol`` (or of every symbol).

        Example:
            >>> # trader.open_orders("BTCUSDT")
        """
        return self.execute(open_orders_status.build(symbol=symbol), timeout=timeout)

    def account_status(
        self, *, omit_zero_balances: bool | None = None, timeout: float | None = None
    ) -> Account:
        """``account.status``: balances and permissions.

        Example:
            >>> # trader.account_status().balance("USDT").free
        """
        call = account_status.build(omit_zero_balances=omit_zero_balances)
        return self.execute(call, timeout=timeout)

    # -- user data --------------------------------------------------------------------

    def subscribe_user_data(
        self, handler: Handler | None = None, *, timeout: float | None = None
    ) -> None:
        """Start the user data stream; events go to ``handler(channel, event)`` and to
        the ``message_received`` signal. Restored after every reconnect.

        Example:
            >>> # trader.subscribe_user_data(lambda channel, event: print(event))
        """
        self.subscribe([USER_DATA_CHANNEL], handler, timeout=timeout)

    def unsubscribe_user_data(self, *, timeout: float | None = None) -> None:
        """Stop the user data stream.

        Example:
            >>> # trader.unsubscribe_user_data()
        """
        self.unsubscribe([USER_DATA_CHANNEL], timeout=timeout)

    def _drop(self, reason: str) -> None:
        self._connection.drop(reason)


def _require_private_url(url: object) -> None:
    if not isinstance(url, str):
        raise InvalidParameters("url", "must be a string")
    scheme = urlsplit(url).scheme
    if scheme == "wss" or (scheme in {"ws", "memory"} and is_loopback(url)):
        return
    raise InvalidParameters("url", "wss:// required except to loopback")
