"""JWT verification as the simulated venue does it (ES256 and EdDSA, claims, expiry).

Checks, in order: three base64url segments; header ``alg`` is ``ES256`` or ``EdDSA``;
``kid`` names a known account whose key type matches ``alg``; the signature verifies;
claims ``iss == "cdp"``, ``sub == kid``, ``nbf <= now`` and ``now < exp`` (a small
leeway for clock skew), and a lifetime of at most 120 s.

Example:
    >>> try:
    ...     verify_jwt("a.b", {}, now=0)
    ... except JwtRejected as exc:
    ...     print(exc)
    malformed token
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, utils

__all__ = ["JwtRejected", "PublicKey", "load_public_key", "verify_jwt"]

PublicKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey
_LEEWAY = 5
_MAX_LIFETIME = 120


class JwtRejected(Exception):
    """The token is not acceptable; the text says why (never the token itself).

    Example:
        >>> str(JwtRejected("token expired"))
        'token expired'
    """


def load_public_key(value: Any) -> PublicKey:
    """A public key from PEM text/bytes, a public key object, or a private key object.

    Example:
        >>> key = ed25519.Ed25519PrivateKey.generate()
        >>> isinstance(load_public_key(key), ed25519.Ed25519PublicKey)
        True
    """
    if isinstance(value, ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey):
        return value.public_key()
    if isinstance(value, ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey):
        return value
    data = value.encode() if isinstance(value, str) else bytes(value)
    if b"PRIVATE KEY" in data:
        private = serialization.load_pem_private_key(data, password=None)
        return load_public_key(private)
    public = serialization.load_pem_public_key(data)
    if not isinstance(public, ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey):
        raise ValueError("accounts need EC P-256 or Ed25519 keys")
    return public


def _b64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _segments(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3:
        raise JwtRejected("malformed token")
    try:
        header = json.loads(_b64(parts[0]))
        claims = json.loads(_b64(parts[1]))
        signature = _b64(parts[2])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise JwtRejected("malformed token") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise JwtRejected("malformed token")
    return header, claims, signature, f"{parts[0]}.{parts[1]}".encode()


def _check_signature(alg: Any, key: PublicKey, signature: bytes, signed: bytes) -> None:
    try:
        if alg == "ES256" and isinstance(key, ec.EllipticCurvePublicKey):
            if len(signature) != 64:
                raise JwtRejected("bad signature")
            r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            key.verify(utils.encode_dss_signature(r, s), signed, ec.ECDSA(hashes.SHA256()))
        elif alg == "EdDSA" and isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, signed)
        else:
            raise JwtRejected(f"algorithm {alg!r} does not fit the key")
    except InvalidSignature:
        raise JwtRejected("bad signature") from None


def _check_claims(claims: Mapping[str, Any], kid: str, now: float) -> None:
    if claims.get("iss") != "cdp":
        raise JwtRejected("iss must be 'cdp'")
    if claims.get("sub") != kid:
        raise JwtRejected("sub must be the key name")
    nbf, exp = claims.get("nbf"), claims.get("exp")
    if not isinstance(nbf, int) or not isinstance(exp, int):
        raise JwtRejected("nbf and exp must be integers")
    if now + _LEEWAY < nbf:
        raise JwtRejected("token not yet valid")
    if now >= exp:
        raise JwtRejected("token expired")
    if exp - nbf > _MAX_LIFETIME:
        raise JwtRejected("token lifetime over 120 s")


def verify_jwt(token: str, accounts: Mapping[str, PublicKey], *, now: float) -> str:
    """Verify ``token`` against ``accounts`` (key name -> public key) at Unix time ``now``.

    Returns:
        The key name the token was signed with.

    Raises:
        JwtRejected: saying why.

    Example:
        >>> # key_name = verify_jwt(token, {key_name: public_key}, now=time.time())
    """
    header, claims, signature, signed = _segments(token)
    kid = header.get("kid")
    alg = header.get("alg")
    if alg not in ("ES256", "EdDSA"):
        raise JwtRejected(f"unsupported alg {alg!r}")
    if not isinstance(kid, str) or kid not in accounts:
        raise JwtRejected("unknown key")
    _check_signature(alg, accounts[kid], signature, signed)
    _check_claims(claims, kid, now)
    return kid
