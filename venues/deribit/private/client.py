"""The private Deribit client: authenticated on every connect, trading and account calls.

Orchestration only: it builds the runtime with an auth hook first (so nothing private
is sent before ``public/auth`` succeeds), the heartbeat hook, then the subscription
manager, and delegates every call to its method file.

Example:
    >>> from venues.deribit import Credentials, DeribitPrivateClient
    >>> # with DeribitPrivateClient(Credentials(client_id, client_secret), url=sim.url) as c:
    >>> #     result = c.buy(instrument_name="BTC-PERPETUAL", amount=10, price=50_000)
"""

from __future__ import annotations

from typing import Any

from actors import signals
from actors.transport import is_loopback
from protocol.errors import InvalidParameters
from protocol.secrets import Secret
from venues.deribit._client import MAINNET_URL, TESTNET_URL
from venues.deribit.credentials import Credentials
from venues.deribit.models import AuthResult
from venues.deribit.private import auth
from venues.deribit.private._account import AccountMethods
from venues.deribit.private._auth_hook import AuthHook, TokenRefresher
from venues.deribit.private._trading import TradingMethods

__all__ = ["MAINNET_URL", "TESTNET_URL", "DeribitPrivateClient"]

_AUTH_OPTIONS = ("grant_type", "session_name", "scope", "cancel_on_disconnect")


class DeribitPrivateClient(TradingMethods, AccountMethods):
    """A private Deribit session: authenticated, kept alive, restored after reconnects.

    On every (re)connect: ``authenticating`` -> ``public/auth`` -> (cancel-on-disconnect)
    -> ``public/set_heartbeat`` -> restore subscriptions -> ``authenticated``. Tokens are
    refreshed at 80 % of ``expires_in``; a ``10028`` pauses sending and reconnects.

    Args:
        credentials: the API key (:class:`~venues.deribit.credentials.Credentials`).
        url: ``wss://`` (default: testnet); ``ws://`` only to loopback, or ``memory://``.
        **options: ``grant_type`` (``client_signature`` default, or
            ``client_credentials``), ``session_name`` (a ``session:<name>`` scope),
            ``scope`` (extra scopes), ``cancel_on_disconnect`` (``"connection"`` or
            ``"account"``: enabled on every connect), plus the public client's options
            (``heartbeat_interval``, ``answer_heartbeats``, ``tier``,
            ``too_many_requests_pause``, and :class:`actors.ConnectionOptions` fields).

    Raises:
        TypeError: ``credentials`` is not a :class:`Credentials`.
        InvalidParameters: plain ``ws://`` to a non-loopback host; a bad option.

    Every method blocks with ``timeout=`` and has an ``*_async`` twin returning a
    future; :meth:`execute` / :meth:`submit` send any call built by a method file.

    Example:
        >>> DeribitPrivateClient(Credentials("id", "secret"), url="ws://10.0.0.1/ws")
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'url': private clients need wss:// ...
    """

    def __init__(self, credentials: Credentials, url: str = TESTNET_URL, **options: Any) -> None:
        if not isinstance(credentials, Credentials):
            raise TypeError("credentials must be a venues.deribit.Credentials")
        _require_secure(url)
        options = dict(options)
        chosen = {name: options.pop(name) for name in _AUTH_OPTIONS if name in options}
        super().__init__()
        self._refresher = TokenRefresher(
            self._refresh, self._reauthenticate, f"venue-actors:deribit-token:{url}"
        )
        self._auth = AuthHook(
            credentials,
            grant_type=chosen.get("grant_type", "client_signature"),
            scope=auth.scope_for(chosen.get("session_name"), chosen.get("scope")),
            cancel_on_disconnect=chosen.get("cancel_on_disconnect"),
            refresher=self._refresher,
        )
        self._start_deribit(url, options, authenticated=True, hooks=[self._auth])

    @property
    def scope(self) -> str | None:
        """The scope the server granted at the last authentication (None before)."""
        result = self._auth.result
        return None if result is None else result.scope

    @property
    def token_refreshes(self) -> int:
        """How many times the tokens were refreshed (for monitoring).

        Example:
            >>> # client.token_refreshes  # 0 until 80 % of expires_in has passed
        """
        return self._refresher.refreshed

    def close(self) -> None:
        """Stop the token refresher, then close the connection and every actor.

        Example:
            >>> # client.close()  # idempotent
        """
        self._refresher.stop()
        super().close()

    def _refresh(self, token: Secret[str]) -> AuthResult:
        call = auth.build(grant_type="refresh_token", refresh_token=token)
        result = self.execute(call)
        self._auth.result = result
        signals.emit(signals.authenticated, self, scope=result.scope)
        return result

    def _reauthenticate(self, reason: str) -> None:
        self._connection.drop(reason)


def _require_secure(url: str) -> None:
    if not isinstance(url, str):
        raise InvalidParameters("url", "must be a string")
    if not url.startswith("wss://") and not is_loopback(url):
        problem = "private clients need wss:// (ws:// only to loopback hosts or memory://)"
        raise InvalidParameters("url", problem)
