"""``public/auth``: authenticate the connection (the method is public; it makes a session private).

Three grants: ``client_signature`` (default; an HMAC-SHA256 signature, the secret never
leaves the process), ``client_credentials`` (sends the secret) and ``refresh_token``
(a new token pair before ``expires_in`` runs out). ``scope`` may ask for a named
session (``session:<name>``), whose tokens survive reconnects.

    StringToSign = Timestamp + "\\n" + Nonce + "\\n" + Data
    Signature    = lowercase_hex(HMAC_SHA256(key=ClientSecret, msg=StringToSign))

Docs: https://docs.deribit.com/#public-auth

Example:
    >>> signature(Secret("SECRET"), 1700000000000, "abcd1234")
    '812e64fe8aa3b7ae13803a88d341b9b45c3f08c2a173137d945be6874e1c6d1a'
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load, validate

from protocol.errors import InvalidParameters
from protocol.secrets import Secret
from venues.deribit._call import Call, load_params, one
from venues.deribit._schemas import StrictSchema
from venues.deribit.credentials import Credentials
from venues.deribit.models import AuthResult

__all__ = ["METHOD", "AuthResultSchema", "Params", "build", "scope_for", "signature"]

METHOD = "public/auth"
GRANTS = ("client_signature", "client_credentials", "refresh_token")
_SESSION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


class Params(StrictSchema):
    """The union of the three grants' params (``build`` sends only the grant's own)."""

    grant_type = fields.String(required=True, validate=validate.OneOf(GRANTS))
    client_id = fields.String(validate=validate.Length(min=1))
    client_secret = fields.String(validate=validate.Length(min=1))
    refresh_token = fields.String(validate=validate.Length(min=1))
    timestamp = fields.Integer(strict=True, validate=validate.Range(min=1))
    nonce = fields.String(validate=validate.Length(min=1))
    signature = fields.String(validate=validate.Length(equal=64))
    data = fields.String()
    state = fields.String()
    scope = fields.String(validate=validate.Length(min=1))


class AuthResultSchema(Schema):
    """The token object; tokens become :class:`~protocol.secrets.Secret` at once."""

    class Meta:
        unknown = EXCLUDE

    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    expires_in = fields.Float(required=True)
    token_type = fields.String(required=True)
    scope = fields.String(required=True)
    enabled_features = fields.List(fields.String(), load_default=list)
    sid = fields.String(load_default=None, allow_none=True)
    state = fields.String(load_default=None, allow_none=True)

    @post_load
    def _result(self, data: dict[str, Any], **kwargs: Any) -> AuthResult:
        data["access_token"] = Secret(data["access_token"], name="access_token")
        data["refresh_token"] = Secret(data["refresh_token"], name="refresh_token")
        data["enabled_features"] = tuple(data["enabled_features"])
        return AuthResult(**data)


def signature(secret: Secret[str], timestamp: int, nonce: str, data: str = "") -> str:
    """The ``client_signature`` of ``timestamp``/``nonce``/``data`` under ``secret``."""
    message = f"{timestamp}\n{nonce}\n{data}".encode()
    key = secret.expose_secret().encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def scope_for(session: str | None = None, extra: str | None = None) -> str | None:
    """The ``scope`` string: ``session:<name>`` and any ``extra`` scopes.

    Example:
        >>> scope_for("trader", "trade:read_write")
        'session:trader trade:read_write'
    """
    parts = []
    if session is not None:
        if not isinstance(session, str) or not _SESSION_NAME.fullmatch(session):
            raise InvalidParameters("session", "must be 1-64 letters, digits, '-' or '_'")
        parts.append(f"session:{session}")
    if extra:
        parts.append(extra)
    return " ".join(parts) or None


def build(
    credentials: Credentials | None = None,
    *,
    grant_type: str = "client_signature",
    refresh_token: Secret[str] | None = None,
    scope: str | None = None,
    data: str = "",
    state: str | None = None,
) -> Call[AuthResult]:
    """Return the auth call for ``grant_type`` (signed at call time: 60 s validity).

    Raises:
        InvalidParameters: an unknown grant, or what the grant needs is missing.

    Example:
        >>> call = build(Credentials("fo7WAPRm4P", "SECRET"))
        >>> sorted(call.params)
        ['client_id', 'data', 'grant_type', 'nonce', 'signature', 'timestamp']
        >>> call
        Call('public/auth', params=['client_id', 'data', 'grant_type', 'nonce', ...])
    """
    given: dict[str, Any] = {"grant_type": grant_type, "scope": scope, "state": state}
    if grant_type == "refresh_token":
        if refresh_token is None:
            raise InvalidParameters("refresh_token", "required for grant_type refresh_token")
        given["refresh_token"] = refresh_token.expose_secret()
    elif credentials is None:
        raise InvalidParameters("credentials", f"required for grant_type {grant_type}")
    elif grant_type == "client_credentials":
        given["client_id"] = credentials.client_id.expose_secret()
        given["client_secret"] = credentials.client_secret.expose_secret()
    elif grant_type == "client_signature":
        given.update(_signed(credentials, data))
    return Call(METHOD, load_params(Params(), given), one(AuthResultSchema().load))


def _signed(credentials: Credentials, data: str) -> dict[str, Any]:
    timestamp = int(time.time() * 1000)
    nonce = secrets.token_hex(8)
    return {
        "client_id": credentials.client_id.expose_secret(),
        "timestamp": timestamp,
        "nonce": nonce,
        "data": data,
        "signature": signature(credentials.client_secret, timestamp, nonce, data),
    }
