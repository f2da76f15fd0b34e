"""JWTs for Coinbase Advanced Trade WebSocket messages, signed with ``cryptography``.

Header: ``{"alg": "ES256" | "EdDSA", "kid": <key name>, "nonce": <random hex>,
"typ": "JWT"}``. Claims: ``{"iss": "cdp", "nbf": now, "exp": now + 120,
"sub": <key name>}``. WebSocket JWTs carry no ``uri`` claim. A JWT lives two minutes,
so one is built for every subscribe and unsubscribe message, restores included.
ES256 signatures are the raw 64-byte ``r || s`` (JWS), not DER.
Docs: https://docs.cdp.coinbase.com/advanced-trade/docs/ws-auth

Example:
    >>> from cryptography.hazmat.primitives.asymmetric import ec
    >>> from cryptography.hazmat.primitives import serialization as s
    >>> pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
    ...     s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()).decode()
    >>> token = build_jwt(Credentials("organizations/o/apiKeys/k", pem), now=1_700_000_000)
    >>> header, claims = read_unverified(token)
    >>> header["alg"], claims["exp"] - claims["nbf"]
    ('ES256', 120)
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

from venues.coinbase.limits import JWT_LIFETIME
from venues.coinbase.private.credentials import Credentials

__all__ = ["b64url", "b64url_decode", "build_jwt", "read_unverified"]


def b64url(data: bytes) -> str:
    """Base64url without padding (JWS).

    Example:
        >>> b64url(b"\\xff\\xfe")
        '__4'
    """
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Inverse of :func:`b64url`.

    Example:
        >>> b64url_decode("__4")
        b'\\xff\\xfe'
    """
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _segment(value: dict[str, Any]) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def _sign(credentials: Credentials, signing_input: bytes) -> bytes:
    key = credentials.signing_key()
    if isinstance(key, ec.EllipticCurvePrivateKey):
        r, s = utils.decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return key.sign(signing_input)


def build_jwt(credentials: Credentials, *, now: int | None = None) -> str:
    """A fresh JWT for one WebSocket message (``now``: Unix seconds, default the clock).

    Example:
        >>> # message["jwt"] = build_jwt(credentials)
    """
    issued = int(time.time()) if now is None else now
    header = {
        "alg": credentials.algorithm,
        "kid": credentials.key_name,
        "nonce": secrets.token_hex(16),
        "typ": "JWT",
    }
    claims = {
        "iss": "cdp",
        "nbf": issued,
        "exp": issued + JWT_LIFETIME,
        "sub": credentials.key_name,
    }
    signing_input = f"{_segment(header)}.{_segment(claims)}"
    signature = _sign(credentials, signing_input.encode("ascii"))
    return f"{signing_input}.{b64url(signature)}"


def read_unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and claims of ``token`` without checking its signature.

    Raises:
        ValueError: the token is not three base64url JSON segments.

    Example:
        >>> read_unverified("e30.e30.")
        ({}, {})
    """
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("a JWT has three segments")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"undecodable JWT segment: {exc}") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise ValueError("JWT header and claims must be JSON objects")
    return header, claims
