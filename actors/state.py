"""Connection states and the options that shape a managed connection.

Example:
    >>> ConnectionState.AUTHENTICATED.is_ready
    True
    >>> ConnectionOptions(request_timeout=2.0).request_timeout
    2.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from actors.backoff import Backoff
from actors.dispatch import OverflowPolicy
from protocol.errors import InvalidParameters

__all__ = ["ConnectionOptions", "ConnectionState", "ConnectionStats"]


class ConnectionState(StrEnum):
    """Where a managed connection is in its life.

    ``disconnected -> connecting -> connected | authenticating -> authenticated``;
    a drop leads to ``reconnecting`` and back through ``connecting``; ``closed`` is the
    owner's doing, ``failed`` means reconnecting gave up (or authentication was refused).

    Example:
        >>> ConnectionState.RECONNECTING.is_ready
        False
    """

    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    AUTHENTICATING = "authenticating"
    AUTHENTICATED = "authenticated"
    RECONNECTING = "reconnecting"
    CLOSED = "closed"
    FAILED = "failed"

    @property
    def is_ready(self) -> bool:
        """True when requests may be sent (connected or authenticated)."""
        return self in (ConnectionState.CONNECTED, ConnectionState.AUTHENTICATED)

    @property
    def is_final(self) -> bool:
        """True for ``closed`` and ``failed``: nothing will happen any more."""
        return self in (ConnectionState.CLOSED, ConnectionState.FAILED)


@dataclass(frozen=True)
class ConnectionOptions:
    """How a managed connection behaves. Every field has a safe default.

    Attributes:
        request_timeout: default deadline of a request, seconds (per call overridable).
        connect_timeout: TCP + TLS + WebSocket handshake limit, seconds.
        stale_after: silence (no frame at all) after which the connection is treated
            as dead and reconnected; ``None`` disables the check.
        backoff: reconnect delays (exponential, capped, full jitter).
        max_reconnect_attempts: ``None`` retries for ever; otherwise the state becomes
            ``failed`` after that many attempts without a connection that lasted
            ``backoff.cap`` seconds (a server that accepts and drops at once counts).
        queue_size: events the reader may hand on before the overflow policy applies.
        overflow: ``"block"``, ``"drop_oldest"`` or ``"disconnect"``
            (see :mod:`actors.dispatch`). Under ``"block"``, while a request awaits
            its reply the reader may queue up to twice ``queue_size`` before it waits,
            so a handler may ``call`` the venue. A handler that calls while more than
            ``queue_size`` further events arrive ahead of the reply still ends in
            ``RequestTimeout``; for that, use ``request()`` and act on the future.
        batch_size: most frames the reader drains per wake-up.
        tick_interval: how often deadlines, staleness and scheduled reconnects are
            checked, seconds.
        close_timeout: bound on how long :meth:`close` waits for each thread.
        transport_options: passed to ``WebSocketClientBuilder`` (headers, proxy, ...).

    Example:
        >>> ConnectionOptions(overflow="drop_oldest").overflow
        <OverflowPolicy.DROP_OLDEST: 'drop_oldest'>
    """

    request_timeout: float = 10.0
    connect_timeout: float = 10.0
    stale_after: float | None = None
    backoff: Backoff = field(default_factory=Backoff)
    max_reconnect_attempts: int | None = None
    queue_size: int = 10_000
    overflow: OverflowPolicy = OverflowPolicy.BLOCK
    batch_size: int = 64
    tick_interval: float = 0.05
    close_timeout: float = 5.0
    transport_options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("request_timeout", "connect_timeout", "tick_interval", "close_timeout"):
            _require_positive(name, getattr(self, name))
        if self.stale_after is not None:
            _require_positive("stale_after", self.stale_after)
        for name in ("queue_size", "batch_size"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise InvalidParameters(name, "must be an integer >= 1")
        attempts = self.max_reconnect_attempts
        if attempts is not None and (not isinstance(attempts, int) or attempts < 0):
            raise InvalidParameters("max_reconnect_attempts", "must be None or an integer >= 0")
        try:
            object.__setattr__(self, "overflow", OverflowPolicy(self.overflow))
        except ValueError:
            choices = ", ".join(p.value for p in OverflowPolicy)
            raise InvalidParameters("overflow", f"must be one of {choices}") from None

    @classmethod
    def from_keywords(cls, options: Mapping[str, Any]) -> ConnectionOptions:
        """Build options from a client's ``**options``, naming any unknown keyword.

        Example:
            >>> ConnectionOptions.from_keywords({"stale_after": 5.0}).stale_after
            5.0
        """
        known = {f.name for f in fields(cls)}
        for name in options:
            if name not in known:
                raise InvalidParameters(name, "unknown option")
        return cls(**options)


def _require_positive(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise InvalidParameters(name, "must be a number > 0")


@dataclass(frozen=True)
class ConnectionStats:
    """Counters of one managed connection, for monitoring.

    Example:
        >>> ConnectionStats().malformed
        0
    """

    state: ConnectionState = ConnectionState.DISCONNECTED
    frames_received: int = 0
    events_delivered: int = 0
    malformed: int = 0
    dropped: int = 0
    late_replies: int = 0
    handler_errors: int = 0
    reconnects: int = 0
    pending_requests: int = 0
    queued_events: int = 0
