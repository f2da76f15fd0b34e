"""How the private client takes part in each connection: logon and user data.

- :class:`ApiSessionHooks` logs an Ed25519 session on after every (re)connect, before
  the connection reports ready, so no request ever goes out unauthorised after a
  reconnect; it reconnects on ``serverShutdown`` and on a revoked session.
- :class:`UserDataSubscriptions` is the subscription protocol of the one user data
  channel: ``userDataStream.subscribe`` on a logged-on Ed25519 session,
  ``userDataStream.subscribe.signature`` with HMAC keys. The subscription manager
  restores it after every reconnect (after the logon, as hooks run in order).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from actors import Cost, Requester, Session, SessionHooks
from protocol.errors import InvalidParameters
from protocol.messages import Control
from venues.binance.spot.api_codec import USER_DATA_CHANNEL
from venues.binance.spot.errors import BinanceError
from venues.binance.spot.private import (
    session_logon,
    user_data_stream_subscribe,
    user_data_stream_subscribe_signature,
    user_data_stream_unsubscribe,
)
from venues.binance.spot.private._runner import CallRunner
from venues.binance.spot.private.api_limits import CONNECT_WEIGHT

__all__ = ["ApiSessionHooks", "UserDataSubscriptions"]

logger = logging.getLogger(__name__)

_SESSION_REVOKED = -2015
_CONNECT_COST = Cost(messages=0, weight=CONNECT_WEIGHT)


class ApiSessionHooks(SessionHooks):
    """Logon after every connect (Ed25519); reconnect when the venue says so."""

    def __init__(self, runner: CallRunner, drop: Callable[[str], None]) -> None:
        self._runner = runner
        self._drop = drop

    def on_open(self, session: Session) -> None:
        """Log the session on (Ed25519 keys); HMAC keys sign every request instead."""
        self._count_connection_weight()
        authorizer = self._runner.authorizer
        authorizer.logged_on = False
        if authorizer.credentials.key_type != "ed25519":
            return
        session.set_authenticating()
        self._runner.call(session, session_logon.build())
        authorizer.logged_on = True
        session.set_authenticated("ed25519")

    def _count_connection_weight(self) -> None:
        # The venue charges every (re)connect; count it locally so the first request
        # after it is judged on the venue's count before a reply reports that count.
        # A window already full is left as it is: the weight is spent either way, and
        # the limiter then refuses requests until the window slides.
        rate = self._runner.rate
        if rate is not None and rate.wait_time(_CONNECT_COST) == 0.0:
            rate.acquire(_CONNECT_COST)

    def on_control(self, control: Control, session: Session) -> None:
        """Reconnect on ``serverShutdown`` or a revoked session; log other notices."""
        if control.kind == "server_shutdown":
            self._drop("the venue announced a server shutdown")
        elif control.kind == "unsolicited_error":
            logger.warning("venue error without a request: %s", control.payload)
            if isinstance(control.payload, BinanceError) and (
                control.payload.code == _SESSION_REVOKED
            ):
                self._runner.authorizer.logged_on = False
                self._drop("the venue revoked the session")

    def on_lost(self, reason: str) -> None:
        """The logon dies with the socket."""
        self._runner.authorizer.logged_on = False


class UserDataSubscriptions:
    """The subscription protocol of the user data channel (one per connection)."""

    max_per_message = 1

    def __init__(self, runner: CallRunner) -> None:
        self._runner = runner
        self._subscription_id: int | None = None

    def subscribe(
        self, requester: Requester, channels: list[str], timeout: float | None
    ) -> list[str]:
        """Start the user data subscription; returns ``[USER_DATA_CHANNEL]``."""
        _require_user_data(channels)
        if self._runner.authorizer.credentials.key_type == "ed25519":
            call = user_data_stream_subscribe.build()
        else:
            call = user_data_stream_subscribe_signature.build()
        self._subscription_id = self._runner.call(requester, call, timeout)
        return [USER_DATA_CHANNEL]

    def unsubscribe(self, requester: Requester, channels: list[str], timeout: float | None) -> None:
        """Stop the user data subscription."""
        _require_user_data(channels)
        call = user_data_stream_unsubscribe.build(subscription_id=self._subscription_id)
        self._runner.call(requester, call, timeout)
        self._subscription_id = None


def _require_user_data(channels: list[str]) -> None:
    for channel in channels:
        if channel != USER_DATA_CHANNEL:
            raise InvalidParameters(
                "channels", f"{channel!r}: the WebSocket API has only {USER_DATA_CHANNEL!r}"
            )
