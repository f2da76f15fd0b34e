"""A protocol-faithful Deribit API v2 simulator for tests, examples and users' own tests.

:class:`DeribitSimulator` serves the sans-I/O :class:`DeribitEngine` on a real loopback
WebSocket (``sim.url``) and on ``memory://`` (``sim.memory_url``). What it simulates:

- the JSON-RPC 2.0 envelope with ``usIn``/``usOut``/``usDiff``/``testnet`` and Deribit's error
  codes; ``public/hello``, ``public/test``, ``public/get_time``;
- ``public/auth`` (``client_credentials``, ``client_signature`` with its HMAC and 60 s window,
  ``refresh_token``), connection and ``session:<name>`` scopes, ``expires:``/access scopes,
  token expiry, ``private/logout``;
- heartbeats (``test_request`` every interval, close when unanswered; scaled clock) and the
  10-minute idle close;
- the credit limiter: ``10028 too_many_requests``, then the connection is closed;
- subscriptions: ``book``/``trades``/``ticker`` per instrument (``raw`` needs auth),
  ``deribit_price_index``, ``user.orders``/``user.trades``/``user.changes``/``user.portfolio``,
  with market data generated deterministically from a seed;
- a matching engine over a synthetic liquidity ladder: limit, market, market_limit and
  stop/take/trailing trigger orders, time in force, post-only, reduce-only, edit, cancels,
  positions, balances, account summary with ``limits``, cancel-on-disconnect;
- faults: dropped connections, stalls, malformed frames, reply delays, refused handshakes,
  rejected auth, forced method errors and withheld book changes (``prev_change_id`` gaps).

Not simulated: HTTP, block trades, combos, RFQs, wallet, subaccounts, ``good_til_day``
expiry, funding and settlement, MMP, and the 16-sessions-per-key limit.

Example:
    >>> with DeribitSimulator({"my-id": "my-secret"}, heartbeat_scale=0.01) as sim:
    ...     sim.url.endswith("/ws/api/v2")
    True
"""

from __future__ import annotations

from venues.deribit.simulator._auth import signature
from venues.deribit.simulator._config import SimulatorConfig
from venues.deribit.simulator._credits import CreditLimits
from venues.deribit.simulator._engine import DeribitEngine
from venues.deribit.simulator._instruments import DEFAULT_INSTRUMENTS, Instrument
from venues.deribit.simulator._simulator import DeribitSimulator

__all__ = [
    "DEFAULT_INSTRUMENTS",
    "CreditLimits",
    "DeribitEngine",
    "DeribitSimulator",
    "Instrument",
    "SimulatorConfig",
    "signature",
]
