"""Sans-I/O protocol layer: text <-> typed messages, errors, ids, secrets, pending requests.

Nothing here opens a socket, starts a thread or reads a clock; the runtime (``actors``)
supplies those. Venue codecs build on :class:`Codec` and :mod:`protocol.messages`.

Example:
    >>> from protocol import JsonRpcCodec, Reply
    >>> JsonRpcCodec().decode('{"jsonrpc":"2.0","id":1,"result":"ok"}') == Reply(1, "ok")
    True
"""

from __future__ import annotations

from protocol.codec import Codec
from protocol.errors import (
    AuthenticationError,
    ConnectionClosed,
    ConnectionFailed,
    ConnectionLost,
    ConnectionRateExceeded,
    CreditLimitExceeded,
    InvalidParameters,
    MalformedMessage,
    MessageRateExceeded,
    NotConnected,
    ProtocolError,
    RateLimitError,
    RequestTimeout,
    SubscriptionLimitExceeded,
    TransportError,
    VenueClientError,
    VenueError,
    WeightLimitExceeded,
)
from protocol.ids import RequestIds
from protocol.jsonrpc import JsonRpcCodec
from protocol.messages import Control, Event, Failure, Inbound, Malformed, Reply
from protocol.pending import PendingRequest, PendingRequests
from protocol.secrets import ExposableSecret, Secret, require_secret

__all__ = [
    "AuthenticationError",
    "Codec",
    "ConnectionClosed",
    "ConnectionFailed",
    "ConnectionLost",
    "ConnectionRateExceeded",
    "Control",
    "CreditLimitExceeded",
    "Event",
    "ExposableSecret",
    "Failure",
    "Inbound",
    "InvalidParameters",
    "JsonRpcCodec",
    "Malformed",
    "MalformedMessage",
    "MessageRateExceeded",
    "NotConnected",
    "PendingRequest",
    "PendingRequests",
    "ProtocolError",
    "RateLimitError",
    "Reply",
    "RequestIds",
    "RequestTimeout",
    "Secret",
    "SubscriptionLimitExceeded",
    "TransportError",
    "VenueClientError",
    "VenueError",
    "WeightLimitExceeded",
    "require_secret",
]
