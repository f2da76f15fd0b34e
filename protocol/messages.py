"""Typed inbound messages: what a venue codec turns each frame into.

Every codec (``protocol.jsonrpc.JsonRpcCodec`` and each venue's ``codec.py``) classifies a
frame as exactly one of these frozen dataclasses. Raw dicts stop at the codec.

- :class:`Reply` and :class:`Failure` answer a request and carry its ``id``;
  the connection resolves the matching pending future with them.
- :class:`Event` is subscription data, routed to the handlers of ``channel``.
- :class:`Control` is anything else the venue says that the client must act on
  (heartbeat requests, subscription state, shutdown notices).
- :class:`Malformed` is a frame that could not be understood; it is counted and
  signalled, never raised.

Example:
    >>> Reply(id=7, result={"ok": True}).id
    7
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Control", "Event", "Failure", "Inbound", "Malformed", "Reply"]


@dataclass(frozen=True, slots=True)
class Reply:
    """A successful answer to the request with this ``id``.

    Example:
        >>> Reply(1, 1_700_000_000_000).result
        1700000000000
    """

    id: Any
    result: Any


@dataclass(frozen=True, slots=True)
class Failure:
    """An error answer to the request with this ``id``.

    The connection asks the codec to turn it into an exception (``Codec.error``),
    because only the codec knows the venue's error table; ``extra`` keeps envelope
    fields some venues attach (Binance ``status``, ``rateLimits``, ``retryAfter``).

    Example:
        >>> Failure(3, 13009, "unauthorized").code
        13009
    """

    id: Any
    code: Any
    message: str
    data: Any = None
    extra: Any = None


@dataclass(frozen=True, slots=True)
class Event:
    """Subscription data for ``channel`` (the key the subscription was made under).

    Example:
        >>> Event("trades.BTC-PERPETUAL.100ms", []).channel
        'trades.BTC-PERPETUAL.100ms'
    """

    channel: str
    data: Any


@dataclass(frozen=True, slots=True)
class Control:
    """A venue message the client acts on: ``kind`` names it, ``payload`` carries it.

    Example:
        >>> Control("heartbeat", {"type": "test_request"}).kind
        'heartbeat'
    """

    kind: str
    payload: Any = None


@dataclass(frozen=True, slots=True)
class Malformed:
    """A frame that could not be understood; ``reason`` says why.

    Example:
        >>> Malformed(b"\\xff", "invalid UTF-8").reason
        'invalid UTF-8'
    """

    raw: str | bytes
    reason: str


Inbound = Reply | Failure | Event | Control | Malformed
