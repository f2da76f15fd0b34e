"""Coinbase CDP API key credentials: a key name and a private key, held as a Secret.

The key name looks like ``organizations/{org_id}/apiKeys/{key_id}``. The private key
is an EC P-256 key in PEM (signs ES256 JWTs) or an Ed25519 key, in PKCS#8 PEM or as
raw base64 (32 bytes, or 64 bytes: seed then public key), which signs EdDSA JWTs.
The key is checked when the credentials are built, then kept only as a
:class:`~protocol.secrets.Secret`; it is loaded again for each signature.

Example:
    >>> from cryptography.hazmat.primitives.asymmetric import ed25519
    >>> from cryptography.hazmat.primitives import serialization as s
    >>> pem = ed25519.Ed25519PrivateKey.generate().private_bytes(
    ...     s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()).decode()
    >>> creds = Credentials("organizations/o/apiKeys/k", pem)
    >>> creds.algorithm, "PRIVATE" in repr(creds)
    ('EdDSA', False)
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from protocol.errors import InvalidParameters
from protocol.secrets import Secret, require_secret

__all__ = ["Credentials", "SigningKey", "load_signing_key"]

SigningKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey


def _from_raw_base64(text: str) -> ed25519.Ed25519PrivateKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidParameters("private_key", "neither PEM nor base64") from None
    if len(raw) not in (32, 64):
        raise InvalidParameters("private_key", "raw Ed25519 keys are 32 or 64 bytes")
    return ed25519.Ed25519PrivateKey.from_private_bytes(raw[:32])


def load_signing_key(secret: Secret[Any]) -> SigningKey:
    """Load the private key held by ``secret`` (PEM EC P-256, PEM or raw Ed25519).

    Raises:
        InvalidParameters: names ``private_key``; never shows the key.

    Example:
        >>> try:
        ...     load_signing_key(Secret("bm90IGEga2V5"))
        ... except InvalidParameters as exc:
        ...     print(exc.field)
        private_key
    """
    value = secret.expose_secret()
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    # Keys pasted from environment variables often carry literal "\n" sequences.
    text = text.replace("\\n", "\n").strip()
    if not text.startswith("-----BEGIN"):
        return _from_raw_base64(text)
    try:
        key = serialization.load_pem_private_key(text.encode(), password=None)
    except (ValueError, TypeError):
        raise InvalidParameters("private_key", "not a readable unencrypted PEM key") from None
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256R1):
        return key
    raise InvalidParameters("private_key", "must be an EC P-256 or an Ed25519 key")


@dataclass(frozen=True)
class Credentials:
    """A CDP API key: ``key_name`` and ``private_key`` (a str/bytes or a Secret).

    The private key becomes a ``Secret`` named ``private_key``: masked in ``repr``,
    ``str``, logs and exceptions, and never pickled.

    Raises:
        InvalidParameters: ``key_name`` is empty, or the key is unreadable or of an
            unsupported type (the error names the field, never the value).

    Example:
        >>> # Credentials(os.environ["COINBASE_KEY_NAME"], os.environ["COINBASE_PRIVATE_KEY"])
    """

    key_name: str
    private_key: Secret[Any] = field(repr=True)
    algorithm: str = field(init=False, default="")

    def __init__(self, key_name: str, private_key: str | bytes | Secret[Any]) -> None:
        if not isinstance(key_name, str) or not key_name.strip():
            raise InvalidParameters("key_name", "must be a non-empty string")
        secret = require_secret("private_key", private_key)
        key = load_signing_key(secret)
        object.__setattr__(self, "key_name", key_name.strip())
        object.__setattr__(self, "private_key", secret)
        algorithm = "EdDSA" if isinstance(key, ed25519.Ed25519PrivateKey) else "ES256"
        object.__setattr__(self, "algorithm", algorithm)

    def signing_key(self) -> SigningKey:
        """Load the private key for one signature (keep the result short-lived).

        Example:
            >>> # creds.signing_key().sign(...)
        """
        return load_signing_key(self.private_key)

    def __reduce__(self) -> Any:
        raise TypeError("Credentials cannot be pickled")
