"""The private client's account and session methods, each also as ``*_async``.

``get_account_summary`` also teaches the client's rate limiter the account's real
limits. Cancel-on-disconnect can be switched here, or kept on across reconnects with
the client's ``cancel_on_disconnect=`` option.

Example:
    >>> # summary = client.get_account_summary(currency="BTC")
    >>> # client.enable_cancel_on_disconnect(scope="connection")
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future
from typing import Any

from protocol.errors import NotConnected
from venues.deribit._client import DeribitClientBase
from venues.deribit.models import AccountSummary, Position
from venues.deribit.private import (
    disable_cancel_on_disconnect,
    enable_cancel_on_disconnect,
    get_account_summary,
    get_position,
    get_positions,
    logout,
)

__all__ = ["AccountMethods"]


class AccountMethods(DeribitClientBase):
    """Positions, account summary, cancel-on-disconnect and logout."""

    def get_position(self, *, instrument_name: str, timeout: float | None = None) -> Position:
        """The position in one instrument.

        Example:
            >>> # client.get_position(instrument_name="BTC-PERPETUAL").size
        """
        return self.execute(get_position.build(instrument_name=instrument_name), timeout=timeout)

    def get_position_async(self, *, instrument_name: str) -> Future[Position]:
        """:meth:`get_position`, returning a future.

        Example:
            >>> # client.get_position_async(instrument_name="BTC-PERPETUAL")
        """
        return self.submit(get_position.build(instrument_name=instrument_name))

    def get_positions(self, *, timeout: float | None = None, **params: Any) -> tuple[Position, ...]:
        """Positions by ``currency`` (or ``any``), ``kind``, ``subaccount_id``.

        Example:
            >>> # client.get_positions(currency="BTC", kind="future")
        """
        return self.execute(get_positions.build(**params), timeout=timeout)

    def get_positions_async(self, **params: Any) -> Future[tuple[Position, ...]]:
        """:meth:`get_positions`, returning a future.

        Example:
            >>> # client.get_positions_async(currency="any").result(5.0)
        """
        return self.submit(get_positions.build(**params))

    def get_account_summary(self, *, timeout: float | None = None, **params: Any) -> AccountSummary:
        """The account summary of a ``currency``; its ``limits`` update the rate limiter.

        Example:
            >>> # client.get_account_summary(currency="BTC").available_funds
        """
        return self.execute(get_account_summary.build(**params), timeout=timeout)

    def get_account_summary_async(self, **params: Any) -> Future[AccountSummary]:
        """:meth:`get_account_summary`, returning a future.

        Example:
            >>> # client.get_account_summary_async(currency="ETH")
        """
        return self.submit(get_account_summary.build(**params))

    def enable_cancel_on_disconnect(
        self, *, scope: str | None = None, timeout: float | None = None
    ) -> str:
        """Cancel every order if the connection (or, ``scope="account"``, any) drops.

        Example:
            >>> # client.enable_cancel_on_disconnect(scope="connection")
        """
        call = enable_cancel_on_disconnect.build(scope=scope)
        return self.execute(call, timeout=timeout)

    def disable_cancel_on_disconnect(
        self, *, scope: str | None = None, timeout: float | None = None
    ) -> str:
        """Stop cancelling orders on disconnect.

        Example:
            >>> # client.disable_cancel_on_disconnect()  # 'ok'
        """
        call = disable_cancel_on_disconnect.build(scope=scope)
        return self.execute(call, timeout=timeout)

    def logout(self, *, invalidate_token: bool | None = None) -> None:
        """Log out and close the client.

        The venue answers by closing the socket, so nothing is awaited: the request is
        written, then the client closes. Logout does not trigger cancel-on-disconnect.

        Example:
            >>> # client.logout(invalidate_token=True); client.state  # CLOSED
        """
        try:
            with contextlib.suppress(NotConnected):
                self.submit(logout.build(invalidate_token=invalidate_token))
        finally:
            self.close()
