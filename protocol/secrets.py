"""Secrets that never show themselves: not in repr, str, logs, tracebacks or pickles.

A :class:`Secret` holds an API secret, a password or a token. Every way Python has of
turning an object into text (``repr``, ``str``, ``format``, f-strings, ``%`` formatting,
logging, exception messages, ``traceback`` with locals) prints a mask instead of the
value; pickling is refused. :meth:`Secret.expose_secret` is the only way to the value,
so every place that uses it is easy to find and review.

Example:
    >>> api_secret = Secret("s3cr3t", name="client_secret")
    >>> api_secret
    Secret('client_secret', '**********')
    >>> f"secret={api_secret}"
    'secret=**********'
    >>> api_secret.expose_secret()
    's3cr3t'
"""

from __future__ import annotations

import hmac
from abc import ABC, abstractmethod
from typing import Any, AnyStr, Generic, NoReturn, overload

from protocol.errors import InvalidParameters

__all__ = ["MASK", "ExposableSecret", "Secret", "require_secret"]

MASK = "**********"
"""What every text form of a secret shows in place of its value (fixed length, so the
mask says nothing about the secret's length)."""


class ExposableSecret(ABC):
    """A value that can only be read through :meth:`expose_secret`.

    Implement it to keep a secret somewhere other than in memory (a keyring, an HSM
    proxy); code that signs requests accepts any ``ExposableSecret``.

    Example:
        >>> isinstance(Secret("x"), ExposableSecret)
        True
    """

    __slots__ = ()

    @abstractmethod
    def expose_secret(self) -> str | bytes:
        """Return the secret value itself. Keep the result short-lived and unlogged."""


class Secret(ExposableSecret, Generic[AnyStr]):
    """An in-memory secret (``str`` or ``bytes``) that is masked everywhere.

    The value lives in a private ``bytearray`` so that :meth:`clear` can overwrite it with
    zeros. (Python cannot erase the ``str`` or ``bytes`` object the secret was built from,
    nor copies made by :meth:`expose_secret`; clear what you can, keep the rest short-lived.)

    Secrets compare equal in constant time (:func:`hmac.compare_digest`) and are
    unhashable, because a hash of the value would be a cheap oracle for it. A secret is
    true when it holds a non-empty value that has not been cleared.

    Args:
        value: the secret; ``expose_secret`` returns the same type (``str`` or ``bytes``).
        name: what the secret is (``"client_secret"``); shown in ``repr`` and in errors.

    Example:
        >>> token = Secret(b"\\x01\\x02", name="key")
        >>> repr(token), str(token), f"{token:>12}"
        ("Secret('key', '**********')", '**********', '  **********')
        >>> token.expose_secret()
        b'\\x01\\x02'
        >>> token.clear()
        >>> bool(token)
        False
    """

    __slots__ = ("_buffer", "_cleared", "_is_text", "_name")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, value: AnyStr, *, name: str = "") -> None:
        if isinstance(value, str):
            # surrogatepass: any str round-trips, even one holding lone surrogates.
            self._buffer = bytearray(value.encode("utf-8", "surrogatepass"))
            self._is_text = True
        elif isinstance(value, bytes | bytearray):
            self._buffer = bytearray(value)
            self._is_text = False
        else:
            # Only the type is named: the value may be the secret in the wrong shape.
            raise TypeError(f"Secret value must be str or bytes, not {type(value).__name__}")
        self._name = name
        self._cleared = False

    @property
    def name(self) -> str:
        """What the secret is, as given at construction (may be empty).

        Example:
            >>> Secret("x", name="api_key").name
            'api_key'
        """
        return self._name

    @property
    def cleared(self) -> bool:
        """Whether :meth:`clear` has been called.

        Example:
            >>> Secret("x").cleared
            False
        """
        return self._cleared

    def expose_secret(self) -> AnyStr:
        """Return the value: ``str`` if built from ``str``, ``bytes`` if from ``bytes``.

        Raises:
            InvalidParameters: the secret has been cleared (the error names the secret).

        Example:
            >>> Secret("hunter2").expose_secret()
            'hunter2'
        """
        if self._cleared:
            raise InvalidParameters(self._name or "secret", "the secret has been cleared")
        if self._is_text:
            return self._buffer.decode("utf-8", "surrogatepass")  # type: ignore[return-value]
        return bytes(self._buffer)  # type: ignore[return-value]

    def clear(self) -> None:
        """Overwrite the stored value with zeros; later ``expose_secret`` calls raise.

        Idempotent.

        Example:
            >>> secret = Secret("hunter2")
            >>> secret.clear()
            >>> secret.cleared
            True
        """
        # In place, so the bytes that held the value are the ones overwritten.
        self._buffer[:] = bytes(len(self._buffer))
        self._cleared = True

    def __repr__(self) -> str:
        shown = "<cleared>" if self._cleared else repr(MASK)
        if self._name:
            return f"Secret({self._name!r}, {shown})"
        return f"Secret({shown})"

    def __str__(self) -> str:
        return MASK

    def __format__(self, format_spec: str) -> str:
        # The spec applies to the mask (alignment, width); one that only fits numbers
        # (":d", ":x") yields the bare mask rather than an error.
        try:
            return format(MASK, format_spec)
        except (TypeError, ValueError):
            return MASK

    def __bool__(self) -> bool:
        return not self._cleared and len(self._buffer) > 0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        if self._cleared or other._cleared:
            return self is other
        return self._is_text == other._is_text and hmac.compare_digest(self._buffer, other._buffer)

    def __reduce__(self) -> NoReturn:
        raise TypeError("Secret cannot be pickled")

    def __copy__(self) -> Secret[AnyStr]:
        return self._duplicate()

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret[AnyStr]:
        return self._duplicate()

    def _duplicate(self) -> Secret[AnyStr]:
        # A copy owns its own buffer, so clearing one never half-clears the other.
        twin: Secret[AnyStr] = Secret.__new__(Secret)
        twin._buffer = bytearray(self._buffer)
        twin._is_text = self._is_text
        twin._name = self._name
        twin._cleared = self._cleared
        return twin


@overload
def require_secret(field: str, value: Secret[AnyStr]) -> Secret[AnyStr]: ...
@overload
def require_secret(field: str, value: str) -> Secret[str]: ...
@overload
def require_secret(field: str, value: bytes) -> Secret[bytes]: ...
def require_secret(field: str, value: object) -> Secret[Any]:
    """Return ``value`` as a non-empty :class:`Secret` named ``field``.

    A ``str`` or ``bytes`` becomes a new ``Secret(value, name=field)``; a ``Secret`` is
    returned as it is.

    Raises:
        InvalidParameters: ``value`` is empty, cleared, or not ``str``, ``bytes`` or
            ``Secret``; the error names ``field`` and never shows the value.

    Example:
        >>> require_secret("client_secret", "s3cr3t")
        Secret('client_secret', '**********')
        >>> require_secret("client_secret", "")
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'client_secret': must not be empty
    """
    if isinstance(value, Secret):
        if value.cleared:
            raise InvalidParameters(field, "the secret has been cleared")
        secret: Secret[Any] = value
    elif isinstance(value, str | bytes | bytearray):
        secret = Secret(value, name=field)
    else:
        problem = f"must be a str, bytes or Secret, not {type(value).__name__}"
        raise InvalidParameters(field, problem)
    if not secret:
        raise InvalidParameters(field, "must not be empty")
    return secret
