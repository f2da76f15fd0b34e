"""``public/auth``: the three grant types, signature checks and the token store.

Rules (``venues/deribit.md`` 1.3):

1. ``client_credentials``: ``client_id`` + ``client_secret``; a wrong pair is
   ``13004 invalid_credentials``.
2. ``client_signature``: ``signature`` must equal
   ``hex(HMAC_SHA256(secret, f"{timestamp}\\n{nonce}\\n{data}"))``; the timestamp (ms) is
   accepted for 60 s and a nonce only once. A bad signature, a stale timestamp or a replayed
   nonce is ``13009 unauthorized``.
3. ``refresh_token``: returns a fresh pair; the used refresh token stops working.
4. Connection-scoped tokens are bound to their socket; on any other connection they are
   ``13009``. ``session:<name>`` tokens work on every connection.
5. Access tokens live ``expires_in`` seconds (``token_ttl`` or ``expires:<s>``); refresh
   tokens twice as long.

Example:
    >>> signature("SECRET", 1700000000000, "abcd1234", "")[:16]
    '812e64fe8aa3b7ae'
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from venues.deribit.simulator._codes import INVALID_CREDENTIALS, UNAUTHORIZED, RpcError
from venues.deribit.simulator._params import Params
from venues.deribit.simulator._scope import Scope

__all__ = ["SIGNATURE_WINDOW_MS", "Token", "TokenStore", "signature"]

SIGNATURE_WINDOW_MS = 60_000
_GRANTS = ("client_credentials", "client_signature", "refresh_token")


def signature(secret: str, timestamp: int, nonce: str, data: str) -> str:
    """The ``client_signature`` value Deribit expects for these fields.

    Example:
        >>> len(signature("s", 1, "n", ""))
        64
    """
    message = f"{timestamp}\n{nonce}\n{data}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Token:
    """An issued token. ``conn_id`` binds connection-scoped tokens to one socket.

    Example:
        >>> Token("t", "acc", "access", Scope(), 7, 10.0).valid_on(8)
        False
    """

    value: str
    account: str
    kind: str
    scope: Scope
    conn_id: int
    expires_at: float

    def valid_on(self, conn_id: int) -> bool:
        """Whether this token may be used on connection ``conn_id``.

        Example:
            >>> Token("t", "acc", "access", Scope("s"), 7, 10.0).valid_on(8)
            True
        """
        return bool(self.scope.session) or self.conn_id == conn_id


class TokenStore:
    """Accounts, issued tokens and used nonces; answers ``public/auth``.

    Example:
        >>> store = TokenStore({"id": "secret"}, token_ttl=900.0)
        >>> grant = store.authenticate({"grant_type": "client_credentials",
        ...     "client_id": "id", "client_secret": "secret"}, conn_id=1, now=0.0)
        >>> grant["token_type"], store.access(grant["access_token"], 1, 1.0).account
        ('bearer', 'id')
    """

    def __init__(self, accounts: Mapping[str, str], *, token_ttl: float) -> None:
        self._accounts = dict(accounts)
        self._ttl = token_ttl
        self._tokens: dict[str, Token] = {}
        self._nonces: dict[tuple[str, str], int] = {}
        self.reject_all = False

    def authenticate(self, raw: Mapping[str, Any], conn_id: int, now: float) -> dict[str, Any]:
        """Run one ``public/auth`` request; returns its result or raises :class:`RpcError`.

        Example:
            >>> TokenStore({}, token_ttl=1.0).authenticate({}, 1, 0.0)
            Traceback (most recent call last):
            ...
            venues.deribit.simulator._codes.RpcError: (-32602, 'Invalid params')
        """
        params = Params(raw)
        grant = params.choice("grant_type", _GRANTS, required=True)
        scope = Scope.parse(params.text("scope", required=False))
        if self.reject_all:
            raise RpcError.of(INVALID_CREDENTIALS)
        if grant == "refresh_token":
            account, scope = self._use_refresh(params, conn_id, now, scope)
        elif grant == "client_signature":
            account = self._check_signature(params, now)
        else:
            account = self._check_secret(params)
        return self._issue(account, scope, conn_id, now) | self._echo_state(params)

    def access(self, value: str, conn_id: int, now: float) -> Token:
        """The live access token ``value`` for use on ``conn_id``, else ``13009``.

        Example:
            >>> TokenStore({}, token_ttl=1.0).access("nope", 1, 0.0)
            Traceback (most recent call last):
            ...
            venues.deribit.simulator._codes.RpcError: (13009, 'unauthorized')
        """
        return self._live(value, "access", conn_id, now)

    def check(self, token: Token, now: float) -> None:
        """Raise ``13009`` if ``token`` expired or was invalidated since it was issued.

        Example:
            >>> store = TokenStore({}, token_ttl=1.0)
            >>> store.check(Token("t", "a", "access", Scope(), 1, 5.0), 1.0)
            Traceback (most recent call last):
            ...
            venues.deribit.simulator._codes.RpcError: (13009, 'unauthorized')
        """
        if self._tokens.get(token.value) is not token or now >= token.expires_at:
            raise RpcError.of(UNAUTHORIZED, {"reason": "invalid or expired token"})

    def invalidate(self, token: Token) -> None:
        """Forget every token of ``token``'s session (or connection, for connection scope).

        Example:
            >>> store = TokenStore({}, token_ttl=1.0)
            >>> store.invalidate(Token("t", "a", "access", Scope(), 1, 5.0))
        """
        for value, other in list(self._tokens.items()):
            if other.account == token.account and _same_session(other, token):
                del self._tokens[value]

    def has_account(self, client_id: str) -> bool:
        """Whether ``client_id`` is a configured account.

        Example:
            >>> TokenStore({"a": "s"}, token_ttl=1.0).has_account("a")
            True
        """
        return client_id in self._accounts

    def _check_secret(self, params: Params) -> str:
        client_id = params.text("client_id")
        secret = params.text("client_secret")
        expected = self._accounts.get(client_id)
        if expected is None or not hmac.compare_digest(expected, secret):
            raise RpcError.of(INVALID_CREDENTIALS)
        return client_id

    def _check_signature(self, params: Params, now: float) -> str:
        client_id = params.text("client_id")
        timestamp = params.integer("timestamp")
        sent = params.text("signature")
        nonce = params.text("nonce", required=False)
        data = params.text("data", required=False)
        secret = self._accounts.get(client_id)
        if secret is None:
            raise RpcError.of(INVALID_CREDENTIALS)
        now_ms = int(now * 1000)
        if abs(now_ms - timestamp) > SIGNATURE_WINDOW_MS:
            raise RpcError.of(UNAUTHORIZED, {"reason": "timestamp out of the 60 s window"})
        if not hmac.compare_digest(signature(secret, timestamp, nonce, data), sent.lower()):
            raise RpcError.of(UNAUTHORIZED, {"reason": "invalid signature"})
        self._use_nonce(client_id, nonce, timestamp, now_ms)
        return client_id

    def _use_nonce(self, client_id: str, nonce: str, timestamp: int, now_ms: int) -> None:
        horizon = now_ms - 2 * SIGNATURE_WINDOW_MS
        self._nonces = {key: ts for key, ts in self._nonces.items() if ts >= horizon}
        if nonce and (client_id, nonce) in self._nonces:
            raise RpcError.of(UNAUTHORIZED, {"reason": "nonce already used"})
        if nonce:
            self._nonces[(client_id, nonce)] = timestamp

    def _use_refresh(
        self, params: Params, conn_id: int, now: float, requested: Scope
    ) -> tuple[str, Scope]:
        token = self._live(params.text("refresh_token"), "refresh", conn_id, now)
        del self._tokens[token.value]
        scope = requested if requested.session or requested.access else token.scope
        return token.account, scope

    def _live(self, value: str, kind: str, conn_id: int, now: float) -> Token:
        token = self._tokens.get(value)
        if token is None or token.kind != kind or now >= token.expires_at:
            raise RpcError.of(UNAUTHORIZED, {"reason": "invalid or expired token"})
        if not token.valid_on(conn_id):
            raise RpcError.of(UNAUTHORIZED, {"reason": "token bound to another connection"})
        return token

    def _issue(self, account: str, scope: Scope, conn_id: int, now: float) -> dict[str, Any]:
        self._tokens = {v: t for v, t in self._tokens.items() if t.expires_at > now}
        ttl = float(scope.expires) if scope.expires else self._ttl
        access = self._new(account, "access", scope, conn_id, expires_at=now + ttl, now=now)
        refresh = self._new(account, "refresh", scope, conn_id, expires_at=now + 2 * ttl, now=now)
        return {
            "access_token": access.value,
            "refresh_token": refresh.value,
            "expires_in": _wire_seconds(ttl),
            "token_type": "bearer",
            "scope": scope.render(),
            "enabled_features": [],
        }

    def _new(
        self, account: str, kind: str, scope: Scope, conn_id: int, *, expires_at: float, now: float
    ) -> Token:
        value = f"{int(now * 1000)}.{secrets.token_urlsafe(8)}.{secrets.token_urlsafe(24)}"
        token = Token(value, account, kind, scope, conn_id, expires_at)
        self._tokens[value] = token
        return token

    @staticmethod
    def _echo_state(params: Params) -> dict[str, Any]:
        state = params.text("state", required=False)
        return {"state": state} if state else {}


def _same_session(a: Token, b: Token) -> bool:
    if a.scope.session or b.scope.session:
        return a.scope.session == b.scope.session
    return a.conn_id == b.conn_id


def _wire_seconds(ttl: float) -> int | float:
    return int(ttl) if ttl == int(ttl) else ttl
