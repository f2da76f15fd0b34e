"""The public client's argument checks: no credentials, the combined endpoint, durations.

Example:
    >>> combined_url("ws://127.0.0.1:9443")
    'ws://127.0.0.1:9443/stream'
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from protocol.errors import InvalidParameters

__all__ = ["combined_url", "positive_seconds", "refuse_credentials"]

_CREDENTIAL_NAMES = frozenset(
    {"credentials", "api_key", "api_secret", "secret", "private_key", "key", "signature"}
)


def refuse_credentials(url: object, options: dict[str, Any]) -> None:
    """Refuse credentials (and a URL that is not a string, such as a key passed first).

    Raises:
        TypeError: naming what was passed; market-data streams are public.

    Example:
        >>> refuse_credentials("wss://stream.binance.com:9443/stream", {"stale_after": 5.0})
    """
    given = sorted(_CREDENTIAL_NAMES & set(options))
    if given or not isinstance(url, str):
        what = ", ".join(given) or f"url={type(url).__name__}"
        raise TypeError(
            f"BinanceSpotPublicClient takes no credentials ({what}); market-data streams are public"
        )


def combined_url(url: str) -> str:
    """The combined-stream endpoint ``url`` names (a bare host gets ``/stream``).

    Raises:
        InvalidParameters: ``url`` is not a ws://, wss:// or memory:// combined endpoint.

    Example:
        >>> combined_url("wss://stream.binance.com:9443/stream")
        'wss://stream.binance.com:9443/stream'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("ws", "wss", "memory"):
        raise InvalidParameters("url", "must be a ws://, wss:// or memory:// URL")
    path = parts.path.rstrip("/")
    if path == "":
        return url.rstrip("/") + "/stream"
    if path != "/stream" or parts.query:
        raise InvalidParameters("url", "must be the combined-stream endpoint .../stream")
    return url


def positive_seconds(field: str, value: object) -> float:
    """``value`` as seconds, which must be a number > 0.

    Raises:
        InvalidParameters: naming ``field``.

    Example:
        >>> positive_seconds("handover_timeout", 10)
        10.0
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidParameters(field, "must be a number of seconds > 0")
    return float(value)
