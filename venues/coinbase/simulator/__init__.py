"""A protocol-faithful Coinbase Advanced Trade WebSocket venue for tests and examples.

:class:`CoinbaseEngine` is the venue's behaviour, sans-I/O; :class:`CoinbaseSimulator`
serves it on real loopback sockets with fault injection.

Example:
    >>> from venues.coinbase.simulator import CoinbaseSimulator
    >>> with CoinbaseSimulator() as sim:
    ...     sim.url.startswith("ws://")
    True
"""

from __future__ import annotations

from venues.coinbase.simulator.auth import JwtRejected, verify_jwt
from venues.coinbase.simulator.engine import CoinbaseEngine, EngineConfig
from venues.coinbase.simulator.server import CoinbaseSimulator

__all__ = ["CoinbaseEngine", "CoinbaseSimulator", "EngineConfig", "JwtRejected", "verify_jwt"]
