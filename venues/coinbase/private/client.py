"""The private Coinbase Advanced Trade WebSocket client: the user's orders and balances.

Coinbase has no login message: every subscribe and unsubscribe carries its own JWT
(two-minute lifetime), built at send time — restores after a reconnect included.
Orchestration only; JWTs come from :mod:`venues.coinbase.private.jwt`.

Example:
    >>> # from venues.coinbase import CoinbasePrivateClient, Credentials
    >>> # creds = Credentials(os.environ["COINBASE_KEY_NAME"], os.environ["COINBASE_PRIVATE_KEY"])
    >>> # with CoinbasePrivateClient(creds) as client:
    >>> #     client.subscribe("user", handler=on_orders)
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from actors import ConnectionOptions, Session, SessionHooks
from actors.transport import is_loopback
from protocol.errors import InvalidParameters
from venues.coinbase._client import CoinbaseClientBase
from venues.coinbase.endpoints import USER_ENDPOINT_CHANNELS, USER_URL
from venues.coinbase.limits import private_limiter
from venues.coinbase.private.credentials import Credentials
from venues.coinbase.private.jwt import build_jwt

__all__ = ["CoinbasePrivateClient"]


def _secure_enough(url: object) -> bool:
    if not isinstance(url, str):
        return False
    scheme = urlsplit(url).scheme
    return scheme == "wss" or (scheme in ("ws", "memory") and is_loopback(url))


class _SigningCheck(SessionHooks):
    """Marks the session authenticated once the key signs (the venue checks each JWT)."""

    def __init__(self, credentials: Credentials) -> None:
        self._credentials = credentials

    def on_open(self, session: Session) -> None:
        session.set_authenticating()
        build_jwt(self._credentials)
        session.set_authenticated("user")


class CoinbasePrivateClient(CoinbaseClientBase):
    """User data from Coinbase Advanced Trade: ``user`` (orders and positions, a
    snapshot then updates), ``futures_balance_summary`` and ``heartbeats``.

    Args:
        credentials: a :class:`Credentials` (key name + ES256 or Ed25519 private key).
        url: default the user endpoint ``wss://advanced-trade-ws-user.coinbase.com``;
            the market endpoint (``MARKET_URL``) is its documented failover.
            ``wss://`` is required except to loopback hosts and ``memory://``.
        heartbeats: subscribe ``heartbeats`` too (default) so quiet channels stay open.
        subscribe_timeout: how long to wait for the venue's answer to one message.
        **options: :class:`actors.ConnectionOptions` fields.

    Raises:
        InvalidParameters: ``credentials`` is not a ``Credentials``, or ``url`` is not
            ``wss://`` (nor loopback), or an option is out of range.

    Limits: 100 messages and 8 connections per second, 100 subscription keys.

    Example:
        >>> # with CoinbasePrivateClient(creds, url=sim.user_url) as client:
        >>> #     client.subscribe("user", handler=lambda key, msg: print(msg.events))
    """

    def __init__(
        self,
        credentials: Credentials,
        url: str = USER_URL,
        *,
        heartbeats: bool = True,
        subscribe_timeout: float = 10.0,
        **options: Any,
    ) -> None:
        if not isinstance(credentials, Credentials):
            raise InvalidParameters("credentials", "must be a venues.coinbase.Credentials")
        if not _secure_enough(url):
            raise InvalidParameters("url", "private clients require wss:// (or a loopback host)")
        self._credentials = credentials
        self._setup(
            url,
            private_limiter(),
            channels=USER_ENDPOINT_CHANNELS,
            heartbeats=heartbeats,
            subscribe_timeout=subscribe_timeout,
            options=ConnectionOptions.from_keywords(options),
            jwt=lambda: build_jwt(credentials),
            hooks=[_SigningCheck(credentials)],
        )
