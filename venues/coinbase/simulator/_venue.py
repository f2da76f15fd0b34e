"""The simulated venue's state, and how one message goes out on one connection.

:class:`Venue` holds what every part of the engine works on: the open connections,
the venue's wall clock, the seeded market and the accounts. :meth:`Venue.send` numbers
each message with its connection's ``sequence_num`` and applies the per-connection
faults (skipped numbers, duplicates, a held-back message).

Example:
    >>> venue = Venue(EngineConfig(), wall_clock=lambda: 0)
    >>> conn = venue.open(1, user_endpoint=False, now=0.0)
    >>> venue.state(conn)[0].frame[:31]
    '{"channel":"subscriptions","cli'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from venues.coinbase.aliases import usd_twin
from venues.coinbase.simulator._accounts import Accounts
from venues.coinbase.simulator._config import EngineConfig
from venues.coinbase.simulator._market import Market
from venues.coinbase.simulator._wire import envelope, rfc3339
from venues.coinbase.simulator.auth import PublicKey, load_public_key
from venues.simulator import Close, Send

__all__ = ["Action", "Conn", "Venue"]

Action = Send | Close


@dataclass
class Conn:
    """One open connection as the venue sees it (its counters and fault switches).

    Example:
        >>> Conn(1, user_endpoint=False, opened_at=0.0, last_data=0.0).next_seq
        0
    """

    conn_id: int
    user_endpoint: bool
    opened_at: float
    last_data: float
    next_seq: int = 0
    subscribed_once: bool = False
    channels: dict[str, set[str]] = field(default_factory=dict)
    account: str | None = None
    heartbeat_counter: int = 0
    skip: int = 0
    duplicates: int = 0
    hold_next: bool = False
    held: list[Action] = field(default_factory=list)


class Venue:
    """The connections, clock, market and accounts of the simulated venue.

    Example:
        >>> Venue(EngineConfig(), wall_clock=lambda: 5).now_ns()
        5
    """

    def __init__(self, config: EngineConfig, *, wall_clock: Callable[[], int]) -> None:
        self.config = config
        self.products = tuple(dict.fromkeys(config.products + config.quiet_products))
        self.market = Market(self.products, config.seed, levels=config.book_levels)
        self.keys: dict[str, PublicKey] = {
            name: load_public_key(key) for name, key in config.accounts.items()
        }
        self.accounts = Accounts(self.keys, config.seed + 1)
        self.conns: dict[int, Conn] = {}
        self._wall = wall_clock
        self._clock_ahead_ns = 0

    def open(self, conn_id: int, *, user_endpoint: bool, now: float) -> Conn:
        """Register a connection.

        Example:
            >>> venue = Venue(EngineConfig(), wall_clock=lambda: 0)
            >>> venue.open(2, user_endpoint=True, now=0.0).user_endpoint
            True
        """
        conn = Conn(conn_id, user_endpoint, now, now)
        self.conns[conn_id] = conn
        return conn

    def now_ns(self) -> int:
        """The venue's wall clock, Unix nanoseconds (read at call time).

        Example:
            >>> Venue(EngineConfig(), wall_clock=lambda: 7).now_ns()
            7
        """
        return self._wall() + self._clock_ahead_ns

    def advance_clock(self, seconds: float) -> None:
        """Move the venue's wall clock ahead by ``seconds``.

        Example:
            >>> venue = Venue(EngineConfig(), wall_clock=lambda: 0)
            >>> venue.advance_clock(1.5); venue.now_ns()
            1500000000
        """
        self._clock_ahead_ns += int(seconds * 1_000_000_000)

    def subscribers(self, channel: str, product: str | None = None) -> list[Conn]:
        """Connections subscribed to ``channel`` (for ``product``, its -USDC twin too).

        Example:
            >>> Venue(EngineConfig(), wall_clock=lambda: 0).subscribers("heartbeats")
            []
        """
        if product is None:
            return [c for c in self.conns.values() if channel in c.channels]
        wanted = _keys_served(channel, product)
        return [
            c for c in self.conns.values() if not wanted.isdisjoint(c.channels.get(channel, ()))
        ]

    def send(self, conn: Conn, wire: str, events: list[dict[str, Any]]) -> list[Action]:
        """One message on ``conn``, numbered and with its faults applied.

        Example:
            >>> venue = Venue(EngineConfig(), wall_clock=lambda: 0)
            >>> conn = venue.open(1, user_endpoint=False, now=0.0)
            >>> len(venue.send(conn, "heartbeats", [])), conn.next_seq
            (1, 1)
        """
        conn.next_seq += conn.skip
        conn.skip = 0
        frame = envelope(wire, conn.next_seq, rfc3339(self.now_ns()), events)
        conn.next_seq += 1
        copies = 1 + conn.duplicates
        conn.duplicates = 0
        out: list[Action] = [Send(conn.conn_id, frame) for _ in range(copies)]
        if conn.hold_next:
            # Reordering fault: this message goes out after the next one.
            conn.hold_next, conn.held = False, out
            return []
        out += conn.held
        conn.held = []
        return out

    def state(self, conn: Conn) -> list[Action]:
        """The ``subscriptions`` message: the connection's whole subscription state.

        Example:
            >>> venue = Venue(EngineConfig(), wall_clock=lambda: 0)
            >>> len(venue.state(venue.open(1, user_endpoint=False, now=0.0)))
            1
        """
        state = {ch: sorted(products) for ch, products in conn.channels.items()}
        return self.send(conn, "subscriptions", [{"subscriptions": state}])


def _keys_served(channel: str, product: str) -> set[str]:
    """The subscribed products that data for ``product`` goes to (its -USDC twin too)."""
    alias = product + "C"
    return {product, alias} if usd_twin(channel, alias) == product else {product}
