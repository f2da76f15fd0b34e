"""The simulator's settings, one frozen value.

Example:
    >>> config = SimulatorConfig(accounts={"id": "secret"}, market_data_rate=0.0)
    >>> config.token_ttl, config.heartbeat_scale, config.testnet
    (900.0, 1.0, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from protocol.errors import InvalidParameters
from venues.deribit.simulator._credits import CreditLimits

__all__ = ["DEFAULT_BALANCES", "SimulatorConfig"]

DEFAULT_BALANCES: Mapping[str, float] = {"BTC": 10.0, "ETH": 100.0}


@dataclass(frozen=True)
class SimulatorConfig:
    """Everything the engine is configured with.

    Attributes:
        accounts: ``{client_id: client_secret}`` of the API keys that may authenticate.
        market_data_rate: market steps per second (one notification per channel per step);
            0 freezes the market (the book only changes through orders).
        heartbeat_scale: seconds of real time per venue second for heartbeats and the idle
            timeout (0.01: a 10 s heartbeat interval lasts 0.1 s).
        seed: seeds the market model; the same seed gives the same prices and trades.
        token_ttl: ``expires_in`` of access tokens, in seconds.
        testnet: the ``testnet`` flag of every reply.
        balances: each account's starting balance per currency.
        limits: the credit limits of every connection.
        idle_timeout: venue seconds of silence before a connection without heartbeats closes.
        version: what ``public/hello`` and ``public/test`` report.

    Example:
        >>> SimulatorConfig(accounts={}, heartbeat_scale=0.0)
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'heartbeat_scale': must be > 0
    """

    accounts: Mapping[str, str]
    market_data_rate: float = 10.0
    heartbeat_scale: float = 1.0
    seed: int = 0
    token_ttl: float = 900.0
    testnet: bool = True
    balances: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_BALANCES))
    limits: CreditLimits = field(default_factory=CreditLimits)
    idle_timeout: float = 600.0
    version: str = "1.2.26"

    def __post_init__(self) -> None:
        _positive("heartbeat_scale", self.heartbeat_scale)
        _positive("token_ttl", self.token_ttl)
        _positive("idle_timeout", self.idle_timeout)
        if self.market_data_rate < 0:
            raise InvalidParameters("market_data_rate", "must be >= 0")
        for client_id, secret in self.accounts.items():
            if not isinstance(client_id, str) or not isinstance(secret, str) or not client_id:
                raise InvalidParameters("accounts", "must map client_id strings to secret strings")


def _positive(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidParameters(name, "must be > 0")
