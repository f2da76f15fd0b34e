"""Binance Spot request signing: the payload rule, HMAC-SHA256 and Ed25519.

The signature payload is every request parameter except ``signature``, sorted by name,
joined as ``name=value`` with ``&`` and encoded as UTF-8, **without percent-encoding**.
HMAC-SHA256 signatures are hex; Ed25519 signatures are base64 over the same bytes.

Values are written as the JSON request carries them, so that the venue rebuilds the same
payload: strings as they are, integers in decimal, booleans as ``true``/``false``.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/request-security

Example:
    >>> signature_payload({"symbol": "BTCUSDT", "timestamp": 1, "apiKey": "k"})
    'apiKey=k&symbol=BTCUSDT&timestamp=1'
    >>> creds = Credentials("my-key", secret_key="my-secret")
    >>> len(creds.sign("apiKey=k&timestamp=1"))
    64
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)

from protocol.errors import InvalidParameters
from protocol.secrets import Secret, require_secret

__all__ = [
    "Credentials",
    "KeyType",
    "ed25519_public_key_pem",
    "format_value",
    "hmac_sha256_hex",
    "signature_payload",
    "verify_ed25519",
    "verify_hmac",
]

KeyType = Literal["ed25519", "hmac"]

_RAW_ED25519_LENGTH = 32


def format_value(value: Any) -> str:
    """Return ``value`` as the signature payload (and the venue) spells it.

    Example:
        >>> format_value(True), format_value(5000), format_value(Decimal("0.10"))
        ('true', '5000', '0.10')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def signature_payload(params: Mapping[str, Any]) -> str:
    """Return the text to sign: params but ``signature``, sorted, ``k=v`` joined by ``&``.

    Example:
        >>> signature_payload({"b": "2", "a": 1, "signature": "x"})
        'a=1&b=2'
    """
    items = sorted((k, v) for k, v in params.items() if k != "signature")
    return "&".join(f"{key}={format_value(value)}" for key, value in items)


def hmac_sha256_hex(secret: str | bytes, payload: str) -> str:
    """Return the hex HMAC-SHA256 of ``payload`` keyed with ``secret``.

    Example:
        >>> hmac_sha256_hex("key", "payload")[:16]
        '5d98b45c90a207fa'
    """
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def verify_hmac(secret: str | bytes, payload: str, signature: str) -> bool:
    """Check a hex HMAC-SHA256 signature (case-insensitive, as the venue does).

    Example:
        >>> verify_hmac("key", "p", hmac_sha256_hex("key", "p").upper())
        True
    """
    expected = hmac_sha256_hex(secret, payload)
    return hmac.compare_digest(expected, signature.lower())


def verify_ed25519(public_key_pem: str | bytes, payload: str, signature: str) -> bool:
    """Check a base64 Ed25519 signature against a PEM public key.

    Example:
        >>> key = Ed25519PrivateKey.generate()
        >>> pem = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        >>> verify_ed25519(pem, "p", base64.b64encode(key.sign(b"p")).decode())
        True
    """
    data = public_key_pem.encode("ascii") if isinstance(public_key_pem, str) else public_key_pem
    public_key = load_pem_public_key(data)
    if not isinstance(public_key, Ed25519PublicKey):
        return False
    try:
        public_key.verify(base64.b64decode(signature, validate=True), payload.encode("utf-8"))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def ed25519_public_key_pem(private_key: str | bytes) -> str:
    """Return the PEM public key of an Ed25519 private key (PEM or raw 32 bytes).

    This is what an API key registration (or the simulator's account) needs.

    Example:
        >>> ed25519_public_key_pem(bytes(32)).splitlines()[0]
        '-----BEGIN PUBLIC KEY-----'
    """
    key = _load_ed25519(private_key)
    pem = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    return pem.decode("ascii")


def _load_ed25519(private_key: str | bytes) -> Ed25519PrivateKey:
    if isinstance(private_key, bytes) and len(private_key) == _RAW_ED25519_LENGTH:
        return Ed25519PrivateKey.from_private_bytes(private_key)
    data = private_key.encode("utf-8") if isinstance(private_key, str) else private_key
    if b"-----BEGIN" not in data:
        raise InvalidParameters("private_key", "must be an Ed25519 key in PEM form or 32 raw bytes")
    try:
        key = load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        # The key text may be in the library's message: name the field, not the cause.
        raise InvalidParameters("private_key", "not a readable unencrypted PEM key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidParameters("private_key", "must be an Ed25519 key")
    return key


class Credentials:
    """A Binance API key with either an Ed25519 private key or an HMAC secret key.

    Exactly one of ``private_key`` and ``secret_key`` must be given. Every value is held
    as a :class:`~protocol.secrets.Secret`: none shows in ``repr``, ``str``, logs or
    exceptions, and credentials refuse to be pickled.

    - Ed25519 (``private_key``, PEM text/bytes or 32 raw bytes): the private client logs
      the session on with ``session.logon``; later requests carry only ``timestamp``.
    - HMAC-SHA256 (``secret_key``): every signed request carries ``apiKey`` and
      ``signature``.

    Args:
        api_key: the API key (sent to the venue, still kept out of logs).
        private_key: Ed25519 private key, PEM (unencrypted) or 32 raw bytes.
        secret_key: HMAC secret key.

    Example:
        >>> creds = Credentials("key", secret_key="secret")
        >>> creds
        Credentials(api_key=**********, key_type='hmac')
        >>> Credentials("key", private_key=bytes(32)).key_type
        'ed25519'
    """

    __slots__ = ("_api_key", "_ed25519", "_secret", "key_type")

    def __init__(
        self,
        api_key: str | Secret[str],
        *,
        private_key: str | bytes | Secret[Any] | None = None,
        secret_key: str | bytes | Secret[Any] | None = None,
    ) -> None:
        if (private_key is None) == (secret_key is None):
            raise InvalidParameters(
                "private_key", "give exactly one of private_key (Ed25519) or secret_key (HMAC)"
            )
        self._api_key: Secret[str] = require_secret("api_key", api_key)
        self._ed25519: Ed25519PrivateKey | None = None
        self.key_type: KeyType
        if private_key is not None:
            self._secret: Secret[Any] = require_secret("private_key", private_key)
            self._ed25519 = _load_ed25519(self._secret.expose_secret())
            self.key_type = "ed25519"
        else:
            assert secret_key is not None
            self._secret = require_secret("secret_key", secret_key)
            self.key_type = "hmac"

    @property
    def api_key(self) -> Secret[str]:
        """The API key, as a secret.

        Example:
            >>> Credentials("key", secret_key="s").api_key.expose_secret()
            'key'
        """
        return self._api_key

    def sign(self, payload: str) -> str:
        """Sign ``payload`` (hex HMAC-SHA256, or base64 Ed25519).

        Example:
            >>> Credentials("k", secret_key="s").sign("a=1") == hmac_sha256_hex("s", "a=1")
            True
        """
        if self._ed25519 is not None:
            return base64.b64encode(self._ed25519.sign(payload.encode("utf-8"))).decode("ascii")
        return hmac_sha256_hex(self._secret.expose_secret(), payload)

    def signed(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``params`` plus ``apiKey`` and a ``signature`` over all of them.

        Example:
            >>> sorted(Credentials("k", secret_key="s").signed({"timestamp": 1}))
            ['apiKey', 'signature', 'timestamp']
        """
        out = dict(params)
        out["apiKey"] = self._api_key.expose_secret()
        out["signature"] = self.sign(signature_payload(out))
        return out

    def public_key_pem(self) -> str:
        """The Ed25519 public key in PEM form (what the venue registers for the API key).

        Raises:
            InvalidParameters: these are HMAC credentials.

        Example:
            >>> Credentials("k", private_key=bytes(32)).public_key_pem().startswith("-----")
            True
        """
        if self._ed25519 is None:
            raise InvalidParameters("private_key", "HMAC credentials have no public key")
        pem = self._ed25519.public_key().public_bytes(
            Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
        )
        return pem.decode("ascii")

    def __repr__(self) -> str:
        return f"Credentials(api_key={self._api_key}, key_type={self.key_type!r})"

    def __reduce__(self) -> Any:
        raise TypeError("Credentials cannot be pickled")
