"""Coinbase errors: what the venue says with ``{"type": "error", "message": ...}``.

Coinbase publishes no error codes; an error message carries text only, so
:class:`CoinbaseError` uses the text as its ``code`` too and keeps any ``reason``
field in ``data``. A subscription the venue did not confirm is a
:class:`SubscriptionRejected`, naming the channels.

Example:
    >>> err = CoinbaseError.from_message({"type": "error", "message": "failure to subscribe"})
    >>> (err.code, err.message)
    ('failure to subscribe', 'failure to subscribe')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from protocol.errors import AuthenticationError, VenueError

__all__ = ["CoinbaseAuthenticationError", "CoinbaseError", "SubscriptionRejected", "venue_error"]


class CoinbaseError(VenueError):
    """The venue sent an ``error`` message (usually in answer to a subscribe).

    Example:
        >>> CoinbaseError("bad jwt", method="subscribe").method
        'subscribe'
    """

    def __init__(self, message: str, data: Any = None, method: str = "") -> None:
        super().__init__(message, message, data, method)

    @classmethod
    def from_message(cls, raw: Mapping[str, Any], method: str = "") -> CoinbaseError:
        """Build the error from the venue's message (``reason`` kept in ``data``).

        Example:
            >>> CoinbaseError.from_message({"message": "x", "reason": "y"}).data
            'y'
        """
        return cls(str(raw.get("message", "")), raw.get("reason"), method)


class CoinbaseAuthenticationError(CoinbaseError, AuthenticationError):
    """The venue refused a JWT (also an :class:`AuthenticationError`: not retried).

    Example:
        >>> isinstance(CoinbaseAuthenticationError("authentication failure"), AuthenticationError)
        True
    """


def venue_error(message: str, data: Any = None, method: str = "") -> CoinbaseError:
    """The exception for a venue error text: authentication failures get their own class.

    Coinbase publishes no error codes, so the text decides.

    Example:
        >>> type(venue_error("authentication failure: token expired")).__name__
        'CoinbaseAuthenticationError'
    """
    lowered = message.lower()
    if "authentication" in lowered or "jwt" in lowered or "unauthorized" in lowered:
        return CoinbaseAuthenticationError(message, data, method)
    return CoinbaseError(message, data, method)


class SubscriptionRejected(CoinbaseError):
    """The venue's ``subscriptions`` state does not include ``channels``.

    Example:
        >>> SubscriptionRejected(["level2:NOPE-USD"]).channels
        ('level2:NOPE-USD',)
    """

    def __init__(self, channels: Sequence[str], method: str = "subscribe") -> None:
        listed = ", ".join(channels)
        super().__init__(f"the venue did not confirm: {listed}", list(channels), method)
        self.channels = tuple(channels)
