"""Binance Spot market-data stream limits (the venue's published numbers).

Per connection: 5 incoming messages per second (pings, pongs and JSON control messages
all count; going over means a disconnect and, when repeated, an IP ban), at most 1024
streams, a 24 h lifetime. Per IP: 300 connection attempts per 5 minutes. The server
pings every 20 s and disconnects after 1 minute without a pong.

Pongs are sent by the transport itself, outside the rate limiter, so the client keeps
:data:`STREAM_PONG_BUDGET` of the 5 messages per second for them and paces its own
control messages at :data:`STREAM_CLIENT_MESSAGES_PER_SECOND`, counted over
:data:`STREAM_CLIENT_MESSAGE_WINDOW` rather than one second: the venue counts messages
when they arrive, and frames sent a second apart can arrive closer together.

Example:
    >>> STREAM_CLIENT_MESSAGES_PER_SECOND + STREAM_PONG_BUDGET == STREAM_MESSAGES_PER_SECOND
    True
"""

from __future__ import annotations

__all__ = [
    "STREAMS_PER_CONNECTION",
    "STREAM_CLIENT_MESSAGES_PER_SECOND",
    "STREAM_CLIENT_MESSAGE_WINDOW",
    "STREAM_CONNECTIONS_PER_WINDOW",
    "STREAM_CONNECTION_WINDOW",
    "STREAM_MAX_CONNECTION_AGE",
    "STREAM_MESSAGES_PER_SECOND",
    "STREAM_PING_INTERVAL",
    "STREAM_PONG_BUDGET",
    "STREAM_PONG_TIMEOUT",
    "STREAM_ROTATE_AFTER",
    "STREAM_TESTNET_URL",
    "STREAM_URL",
]

STREAM_URL = "wss://stream.binance.com:9443/stream"
"""Production combined-stream endpoint."""

STREAM_TESTNET_URL = "wss://stream.testnet.binance.vision/stream"
"""Spot test network combined-stream endpoint."""

STREAM_MESSAGES_PER_SECOND = 5
"""Incoming messages per second per connection the venue accepts (pongs included)."""

STREAM_PONG_BUDGET = 1
"""Messages per second kept for the transport's pongs (the server pings every 20 s)."""

STREAM_CLIENT_MESSAGES_PER_SECOND = STREAM_MESSAGES_PER_SECOND - STREAM_PONG_BUDGET
"""What the client's own control messages may use per second per connection."""

STREAM_CLIENT_MESSAGE_WINDOW = 1.25
"""Seconds over which the client counts its :data:`STREAM_CLIENT_MESSAGES_PER_SECOND`.

A quarter second longer than the venue's window, so a message delayed on its way (a
busy sender, a retransmitted segment) does not land in the same venue second as the
ones sent a full second after it, where it would take the pong's place.
"""

STREAMS_PER_CONNECTION = 1024
"""Streams one connection may carry; more streams need more connections."""

STREAM_CONNECTIONS_PER_WINDOW = 300
"""Connection attempts per IP per :data:`STREAM_CONNECTION_WINDOW`."""

STREAM_CONNECTION_WINDOW = 300.0
"""Seconds of the connection-attempt window (5 minutes)."""

STREAM_MAX_CONNECTION_AGE = 86_400.0
"""The venue disconnects every connection at this age (24 h)."""

STREAM_ROTATE_AFTER = STREAM_MAX_CONNECTION_AGE - 600.0
"""The client replaces a connection at this age, well before the venue's cut."""

STREAM_PING_INTERVAL = 20.0
"""Seconds between the server's pings."""

STREAM_PONG_TIMEOUT = 60.0
"""Seconds the server waits for a pong before disconnecting."""
