"""The public Deribit client: market data and server calls, never credentials.

Orchestration only: it builds the runtime (connection, rate limiter, subscriptions)
and sends the calls its method files build. ``raw`` intervals need an authenticated
connection, so they are refused here before anything is sent.

Example:
    >>> from venues.deribit import DeribitPublicClient, channels
    >>> # with DeribitPublicClient(url=sim.url) as client:
    >>> #     client.subscribe([channels.trades("BTC-PERPETUAL")], lambda ch, data: print(data))
    >>> #     print(client.get_time())
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future
from typing import Any

from actors import Handler
from protocol.errors import InvalidParameters
from venues.deribit import channels as names
from venues.deribit._client import MAINNET_URL, TESTNET_URL, DeribitClientBase
from venues.deribit.models import Instrument, OrderBook, Ticker
from venues.deribit.public import (
    get_instruments,
    get_order_book,
    get_time,
    hello,
    test,
    ticker,
)

__all__ = ["MAINNET_URL", "TESTNET_URL", "DeribitPublicClient"]

_CREDENTIAL_WORDS = ("credentials", "client_id", "client_secret", "access_token")


class DeribitPublicClient(DeribitClientBase):
    """A public Deribit session: subscriptions and public calls, kept alive.

    Args:
        url: ``wss://`` (default: testnet), or ``ws://`` / ``memory://`` to a simulator.
        **options: ``heartbeat_interval`` (s, >= 10, default 30; ``None``: off),
            ``answer_heartbeats`` (default True), ``tier``, ``too_many_requests_pause``
            (s), and any :class:`actors.ConnectionOptions` field (``request_timeout``,
            ``stale_after`` (default: three heartbeat intervals), ``backoff``, ...).

    Raises:
        TypeError: credentials were passed (use :class:`DeribitPrivateClient`).
        InvalidParameters: an option is unknown or out of range.

    Every method blocks with ``timeout=`` and has an ``*_async`` twin returning a
    future; :meth:`execute` / :meth:`submit` send any call built by a method file.

    Example:
        >>> # with DeribitPublicClient(url="ws://127.0.0.1:8765") as client:
        >>> #     book = client.get_order_book(instrument_name="BTC-PERPETUAL", depth=5)
    """

    def __init__(self, url: str = TESTNET_URL, **options: Any) -> None:
        if not isinstance(url, str):
            raise TypeError("the public client takes a URL, not credentials")
        refused = [word for word in _CREDENTIAL_WORDS if word in options]
        if refused:
            raise TypeError(f"the public client takes no credentials ({', '.join(refused)})")
        super().__init__()
        self._start_deribit(url, dict(options), authenticated=False)

    def subscribe(
        self,
        channels: Iterable[str],
        handler: Handler | None = None,
        *,
        timeout: float | None = None,
    ) -> list[str]:
        """Subscribe public channels; ``raw`` and ``user.*`` are refused before sending.

        Data reaches ``handler(channel, data)`` and ``message_received`` typed (see
        :mod:`venues.deribit.models`). Returns the channels the venue confirmed.

        Example:
            >>> # client.subscribe(["book.BTC-PERPETUAL.100ms"], on_book)
        """
        checked = names.validate(list(channels) if not isinstance(channels, str) else channels)
        for channel in checked:
            if names.requires_auth(channel):
                problem = f"{channel!r} needs authentication (use DeribitPrivateClient)"
                raise InvalidParameters("channels", problem)
        return super().subscribe(checked, handler, timeout=timeout)

    def get_time(self, *, timeout: float | None = None) -> int:
        """The server time in ms (:mod:`~venues.deribit.public.get_time`).

        Example:
            >>> # client.get_time(timeout=5.0)  # 1550147385946
        """
        return self.execute(get_time.build(), timeout=timeout)

    def get_time_async(self) -> Future[int]:
        """:meth:`get_time`, returning a future.

        Example:
            >>> # client.get_time_async().result(5.0)
        """
        return self.submit(get_time.build())

    def hello(self, *, client_name: str, client_version: str, timeout: float | None = None) -> str:
        """Introduce the client; returns the API version (:mod:`~venues.deribit.public.hello`).

        Example:
            >>> # client.hello(client_name="my-bot", client_version="1.0")  # '1.2.26'
        """
        call = hello.build(client_name=client_name, client_version=client_version)
        return self.execute(call, timeout=timeout)

    def test(self, *, expected_result: str | None = None, timeout: float | None = None) -> str:
        """A round trip; returns the API version (:mod:`~venues.deribit.public.test`).

        Example:
            >>> # client.test(timeout=5.0)
        """
        return self.execute(test.build(expected_result=expected_result), timeout=timeout)

    def test_async(self, *, expected_result: str | None = None) -> Future[str]:
        """:meth:`test`, returning a future.

        Example:
            >>> # client.test_async().result(5.0)
        """
        return self.submit(test.build(expected_result=expected_result))

    def get_instruments(
        self, *, timeout: float | None = None, **params: Any
    ) -> tuple[Instrument, ...]:
        """Instruments (:func:`venues.deribit.public.get_instruments.build` params).

        Example:
            >>> # client.get_instruments(currency="BTC", kind="future")
        """
        return self.execute(get_instruments.build(**params), timeout=timeout)

    def get_instruments_async(self, **params: Any) -> Future[tuple[Instrument, ...]]:
        """:meth:`get_instruments`, returning a future.

        Example:
            >>> # client.get_instruments_async(currency="ETH").result(5.0)
        """
        return self.submit(get_instruments.build(**params))

    def get_order_book(self, *, timeout: float | None = None, **params: Any) -> OrderBook:
        """A book snapshot (:func:`venues.deribit.public.get_order_book.build` params).

        Example:
            >>> # client.get_order_book(instrument_name="BTC-PERPETUAL", depth=5).bids[0]
        """
        return self.execute(get_order_book.build(**params), timeout=timeout)

    def get_order_book_async(self, **params: Any) -> Future[OrderBook]:
        """:meth:`get_order_book`, returning a future.

        Example:
            >>> # client.get_order_book_async(instrument_name="BTC-PERPETUAL")
        """
        return self.submit(get_order_book.build(**params))

    def ticker(self, *, instrument_name: str, timeout: float | None = None) -> Ticker:
        """One instrument's ticker (:mod:`~venues.deribit.public.ticker`).

        Example:
            >>> # client.ticker(instrument_name="BTC-PERPETUAL").best_bid_price
        """
        return self.execute(ticker.build(instrument_name=instrument_name), timeout=timeout)

    def ticker_async(self, *, instrument_name: str) -> Future[Ticker]:
        """:meth:`ticker`, returning a future.

        Example:
            >>> # client.ticker_async(instrument_name="BTC-PERPETUAL").result(5.0)
        """
        return self.submit(ticker.build(instrument_name=instrument_name))
