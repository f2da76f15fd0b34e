"""Authentication on every (re)connect, and token refresh before expiry.

:class:`AuthHook` runs first among the private client's hooks: it reports
``authenticating``, calls ``public/auth`` (a fresh signature each time: connection-scoped
tokens are useless on a new socket), optionally re-enables cancel-on-disconnect (it is
per connection), then marks the session authenticated with the scope the server
granted. Nothing private is sent before that: the connection reports ready only after
every hook has run.

:class:`TokenRefresher` is one small thread per private client that renews the tokens
with ``grant_type=refresh_token`` at 80 % of ``expires_in``. If the refresh fails, the
connection is dropped and the next connect authenticates from the credentials.

Example:
    >>> TokenRefresher.REFRESH_AT
    0.8
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from actors import Session, SessionHooks
from protocol.errors import ConnectionClosed, NotConnected
from protocol.secrets import Secret
from venues.deribit._session import send_call
from venues.deribit.credentials import Credentials
from venues.deribit.models import AuthResult
from venues.deribit.private import auth, enable_cancel_on_disconnect

__all__ = ["AuthHook", "TokenRefresher"]

logger = logging.getLogger(__name__)


class TokenRefresher:
    """Renews tokens before they expire, on its own thread (started on first use).

    Args:
        refresh: sends ``public/auth`` with the refresh token; returns the new result.
        on_failure: called with the reason when a refresh fails (the client drops the
            connection so that it re-authenticates).
        name: the thread's name (``venue-actors:...``).
    """

    REFRESH_AT = 0.8

    def __init__(
        self,
        refresh: Callable[[Secret[str]], AuthResult],
        on_failure: Callable[[str], None],
        name: str,
    ) -> None:
        self._refresh = refresh
        self._on_failure = on_failure
        self._name = name
        self._cond = threading.Condition()
        self._due: float | None = None
        self._token: Secret[str] | None = None
        self._stopped = False
        self._thread: threading.Thread | None = None
        self.refreshed = 0

    def track(self, result: AuthResult) -> None:
        """Schedule the next refresh from a fresh auth result."""
        with self._cond:
            if self._stopped:
                return
            self._token = result.refresh_token
            self._due = time.monotonic() + result.expires_in * self.REFRESH_AT
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def forget(self) -> None:
        """The connection is gone, and its tokens with it: nothing to refresh."""
        with self._cond:
            self._due = None
            self._token = None
            self._cond.notify_all()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop and join the thread; idempotent."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            token = self._wait_until_due()
            if token is None:
                return
            self._renew(token)

    def _wait_until_due(self) -> Secret[str] | None:
        with self._cond:
            while not self._stopped:
                due = self._due
                now = time.monotonic()
                if due is not None and now >= due and self._token is not None:
                    self._due = None
                    return self._token
                self._cond.wait(None if due is None else due - now)
            return None

    def _renew(self, token: Secret[str]) -> None:
        try:
            result = self._refresh(token)
        except (NotConnected, ConnectionClosed):
            return  # a reconnect is under way; it authenticates from the credentials
        except Exception as exc:
            logger.warning("token refresh failed (%s); re-authenticating", type(exc).__name__)
            self._on_failure(f"token refresh failed: {exc}")
            return
        self.refreshed += 1
        self.track(result)


class AuthHook(SessionHooks):
    """Authenticates every fresh connection before it reports ready."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        grant_type: str,
        scope: str | None,
        cancel_on_disconnect: str | None,
        refresher: TokenRefresher,
    ) -> None:
        auth.build(credentials, grant_type=grant_type, scope=scope)  # validate now
        if cancel_on_disconnect is not None:
            enable_cancel_on_disconnect.build(scope=cancel_on_disconnect)
        self._credentials = credentials
        self._grant_type = grant_type
        self._scope = scope
        self._cancel_on_disconnect = cancel_on_disconnect
        self._refresher = refresher
        self.result: AuthResult | None = None

    def on_open(self, session: Session) -> None:
        """Authenticate (raises ``AuthenticationError`` subclasses when refused)."""
        session.set_authenticating()
        call = auth.build(self._credentials, grant_type=self._grant_type, scope=self._scope)
        result: AuthResult = send_call(session, call)
        if self._cancel_on_disconnect is not None:
            send_call(session, enable_cancel_on_disconnect.build(scope=self._cancel_on_disconnect))
        self.result = result
        session.set_authenticated(result.scope)
        self._refresher.track(result)

    def on_lost(self, reason: str) -> None:
        """Connection-scoped tokens die with the connection."""
        self._refresher.forget()
