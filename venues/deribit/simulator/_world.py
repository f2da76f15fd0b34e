"""The engine's state: connections, tokens, market, orders, balances, and one request's call.

Example:
    >>> from venues.deribit.simulator._config import SimulatorConfig
    >>> world = World(SimulatorConfig(accounts={"id": "s"}, market_data_rate=0.0))
    >>> conn = world.connect(1, "/ws/api/v2", now=0.0)
    >>> conn.account, world.account_id("id")
    ('', 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from venues.deribit.simulator._auth import Token, TokenStore
from venues.deribit.simulator._channels import Channel
from venues.deribit.simulator._config import SimulatorConfig
from venues.deribit.simulator._credits import CreditBucket
from venues.deribit.simulator._gaps import BookGaps
from venues.deribit.simulator._heartbeat import Heartbeat
from venues.deribit.simulator._ids import IdSequence
from venues.deribit.simulator._ledger import Ledger
from venues.deribit.simulator._market import Market
from venues.deribit.simulator._matching import Matching
from venues.deribit.simulator._summary import AccountView

__all__ = ["Call", "Connection", "Outgoing", "World"]


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A frame for connection ``conn_id`` (turned into a ``Send`` action by the engine).

    Example:
        >>> Outgoing(3, "{}").conn_id
        3
    """

    conn_id: int
    frame: str


@dataclass(slots=True)
class Connection:
    """One client connection's session state.

    ``subscriptions`` maps channel name -> (parsed channel, label of the subscribe call).

    Example:
        >>> from venues.deribit.simulator._credits import CreditLimits
        >>> nm, me = CreditLimits().buckets(0.0)
        >>> c = Connection(1, "/", Heartbeat(scale=1.0, idle_timeout=1.0, now=0.0), nm, me)
        >>> c.authenticated
        False
    """

    conn_id: int
    path: str
    heartbeat: Heartbeat
    non_matching: CreditBucket
    matching: CreditBucket
    token: Token | None = None
    subscriptions: dict[str, tuple[Channel, str]] = field(default_factory=dict)
    cancel_on_disconnect: bool = False
    closing: bool = False
    logged_out: bool = False

    @property
    def account(self) -> str:
        """The authenticated ``client_id`` (``""`` before ``public/auth``).

        Example: see the class docstring.
        """
        return self.token.account if self.token is not None else ""

    @property
    def authenticated(self) -> bool:
        """Whether ``public/auth`` succeeded on this connection.

        Example: see the class docstring.
        """
        return self.token is not None


class World:
    """Everything the handlers work on (one per engine).

    Example: see the module docstring.
    """

    def __init__(self, config: SimulatorConfig) -> None:
        self.config = config
        self.tokens = TokenStore(config.accounts, token_ttl=config.token_ttl)
        self.market = Market(seed=config.seed, rate=config.market_data_rate)
        self.book_gaps = BookGaps(i.name for i in self.market.instruments)
        self.ids = IdSequence()
        self.ledger = Ledger(config.accounts, config.balances)
        self.matching = Matching(self.market, self.ledger, self.ids)
        self.accounts = AccountView(self.matching, self.ledger)
        self.connections: dict[int, Connection] = {}
        self.account_cod: set[str] = set()
        self._account_ids = {client_id: n + 1 for n, client_id in enumerate(config.accounts)}

    def connect(self, conn_id: int, path: str, now: float) -> Connection:
        """Register a new connection.

        Example: see the module docstring.
        """
        non_matching, matching = self.config.limits.buckets(now)
        heartbeat = Heartbeat(
            scale=self.config.heartbeat_scale, idle_timeout=self.config.idle_timeout, now=now
        )
        conn = Connection(conn_id, path, heartbeat, non_matching, matching)
        self.connections[conn_id] = conn
        return conn

    def account_id(self, account: str) -> int:
        """A stable numeric id for ``account`` (its position in the configuration).

        Example: see the module docstring.
        """
        return self._account_ids.get(account, 0)

    def instrument_index(self) -> dict[str, tuple[str, str]]:
        """Instrument name -> ``(kind, currency)`` for channel parsing.

        Example:
            >>> from venues.deribit.simulator._config import SimulatorConfig
            >>> World(SimulatorConfig(accounts={})).instrument_index()["ETH-PERPETUAL"]
            ('future', 'ETH')
        """
        return {i.name: (i.kind, i.currency) for i in self.market.instruments}

    def account_connections(self, account: str) -> list[Connection]:
        """Open connections authenticated as ``account``.

        Example:
            >>> from venues.deribit.simulator._config import SimulatorConfig
            >>> World(SimulatorConfig(accounts={})).account_connections("x")
            []
        """
        return [c for c in self.connections.values() if c.account == account and not c.closing]


@dataclass(slots=True)
class Call:
    """One request being handled: its state, params, time and side effects.

    ``after`` holds frames to send after the reply; ``close`` asks to close the socket after
    it; ``silent`` suppresses the reply (``private/logout``).

    Example:
        >>> from venues.deribit.simulator._config import SimulatorConfig
        >>> world = World(SimulatorConfig(accounts={}))
        >>> call = Call(world, world.connect(1, "/", 0.0), "public/test", {}, 0.0)
        >>> call.now_ms
        0
    """

    world: World
    conn: Connection
    method: str
    params: dict[str, Any]
    now: float
    token: Token | None = None
    after: list[Outgoing] = field(default_factory=list)
    close: bool = False
    silent: bool = False

    @property
    def now_ms(self) -> int:
        """``now`` in integer milliseconds.

        Example: see the class docstring.
        """
        return int(self.now * 1000)

    @property
    def account(self) -> str:
        """The account this request acts for (``""`` if unauthenticated).

        Example: see the class docstring.
        """
        token = self.token or self.conn.token
        return token.account if token is not None else ""
