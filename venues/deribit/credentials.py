"""Deribit API credentials, kept as secrets.

Example:
    >>> creds = Credentials(client_id="fo7WAPRm4P", client_secret="s3cr3t")
    >>> creds
    Credentials(client_id=Secret('client_id', '**********'), \
client_secret=Secret('client_secret', '**********'))
    >>> creds.client_id.expose_secret()
    'fo7WAPRm4P'
"""

from __future__ import annotations

from typing import NoReturn

from protocol.secrets import Secret, require_secret

__all__ = ["Credentials"]


class Credentials:
    """A Deribit API key: ``client_id`` and ``client_secret``, both required.

    Both are held as :class:`~protocol.secrets.Secret`: masked in ``repr``, ``str``,
    logs and exceptions, and never pickled. With the default ``client_signature``
    grant, the secret only signs and never leaves the process.

    Args:
        client_id: the key's id (str or Secret).
        client_secret: the key's secret (str or Secret).

    Raises:
        InvalidParameters: either is missing or empty (naming it).

    Example:
        >>> Credentials("id", "")
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'client_secret': must not be empty
    """

    __slots__ = ("_client_id", "_client_secret")

    def __init__(self, client_id: str | Secret[str], client_secret: str | Secret[str]) -> None:
        self._client_id: Secret[str] = require_secret("client_id", client_id)
        self._client_secret: Secret[str] = require_secret("client_secret", client_secret)

    @property
    def client_id(self) -> Secret[str]:
        """The key's id."""
        return self._client_id

    @property
    def client_secret(self) -> Secret[str]:
        """The key's secret."""
        return self._client_secret

    def clear(self) -> None:
        """Overwrite both values in memory; the credentials are unusable afterwards.

        Example:
            >>> creds = Credentials("id", "secret")
            >>> creds.clear()
            >>> creds.client_secret.cleared
            True
        """
        self._client_id.clear()
        self._client_secret.clear()

    def __repr__(self) -> str:
        return f"Credentials(client_id={self._client_id!r}, client_secret={self._client_secret!r})"

    def __reduce__(self) -> NoReturn:
        raise TypeError("Credentials cannot be pickled")
