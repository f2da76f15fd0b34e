"""The simulated Coinbase Advanced Trade venue, sans-I/O (``venues.simulator.Engine``).

What it does, per connection (one ``sequence_num`` counter each, from 0), and where:

- answers every subscribe/unsubscribe with the whole ``subscriptions`` state, then a
  snapshot per new (channel, product), and refuses what the venue refuses with
  ``{"type": "error", "message": ...}`` (:mod:`~venues.coinbase.simulator._requests`,
  :mod:`~venues.coinbase.simulator._snapshots`);
- closes a connection that sends no subscribe within ``subscribe_window`` seconds,
  and one whose subscriptions saw no data for ``idle_timeout`` seconds while not
  subscribed to heartbeats (:mod:`~venues.coinbase.simulator._rules`);
- generates seeded data on ``tick`` (:mod:`~venues.coinbase.simulator._generator`);
- serves a ``-USDC`` subscription on market-data channels with the ``-USD`` product's
  data, named ``-USD`` as the venue does (``USDT-USDC`` and ``EURC-USDC`` excepted).

Faults and commands (:meth:`CoinbaseEngine.skip_sequence`,
:meth:`CoinbaseEngine.duplicate_next`, :meth:`CoinbaseEngine.reorder_next`,
:meth:`CoinbaseEngine.skip_heartbeats`,
:meth:`CoinbaseEngine.send_error`, :meth:`CoinbaseEngine.fail_next_subscribe`,
:meth:`CoinbaseEngine.ignore_next_subscribe`, :meth:`CoinbaseEngine.place_order`,
:meth:`CoinbaseEngine.report_subscriptions`) may be called from any thread: they are
queued and applied at the start of the next ``tick``, under the server's lock like
every other engine call (:mod:`~venues.coinbase.simulator._faults`).
:meth:`CoinbaseEngine.advance_clock` takes effect at once.

Example:
    >>> engine = CoinbaseEngine(EngineConfig(seed=1))
    >>> engine.on_connect(1, "/", now=0.0)
    []
    >>> request = '{"type":"subscribe","channel":"heartbeats"}'
    >>> [a.frame[:31] for a in engine.on_frame(1, request, 0.1)]
    ['{"channel":"subscriptions","cli']
"""

from __future__ import annotations

import time
from collections.abc import Callable

from venues.coinbase.simulator._config import EngineConfig
from venues.coinbase.simulator._faults import FaultSwitches, Subscriptions
from venues.coinbase.simulator._generator import DataGenerator
from venues.coinbase.simulator._requests import Requests
from venues.coinbase.simulator._rules import closures
from venues.coinbase.simulator._venue import Action, Venue

__all__ = ["USER_PATH", "CoinbaseEngine", "EngineConfig", "Subscriptions"]

USER_PATH = "/user"


class CoinbaseEngine(FaultSwitches):
    """The venue's behaviour; every call is made under the server's one lock.

    Example:
        >>> CoinbaseEngine().tick(0.0)
        []
    """

    def __init__(
        self, config: EngineConfig | None = None, *, wall_clock: Callable[[], int] | None = None
    ) -> None:
        self.config = config or EngineConfig()
        venue = Venue(self.config, wall_clock=wall_clock or time.time_ns)
        super().__init__(venue, Requests(venue), DataGenerator(venue))
        self._last_tick: float | None = None

    # -- Engine protocol -------------------------------------------------------------

    def on_connect(self, conn_id: int, path: str, now: float) -> list[Action]:
        """Register a connection (``/user`` is the user endpoint).

        Example:
            >>> CoinbaseEngine().on_connect(1, "/user", 0.0)
            []
        """
        user = path.rstrip("/").endswith(USER_PATH)
        self._venue.open(conn_id, user_endpoint=user, now=now)
        return []

    def on_disconnect(self, conn_id: int, now: float) -> list[Action]:
        """Forget a connection.

        Example:
            >>> CoinbaseEngine().on_disconnect(1, 0.0)
            []
        """
        self._venue.conns.pop(conn_id, None)
        return []

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> list[Action]:
        """Answer one client message.

        Example:
            >>> CoinbaseEngine().on_frame(9, "{}", 0.0)  # unknown connection
            []
        """
        conn = self._venue.conns.get(conn_id)
        if conn is None:
            return []
        return self._requests.answer(conn, frame, now)

    def tick(self, now: float) -> list[Action]:
        """Apply queued commands, enforce the time rules and generate data.

        Example:
            >>> CoinbaseEngine().tick(1.0)
            []
        """
        elapsed = 0.0 if self._last_tick is None else max(0.0, now - self._last_tick)
        self._last_tick = now
        actions: list[Action] = self.run_commands()
        actions += closures(self._venue, now)
        actions += self._generator.tick(elapsed, now)
        return actions

    # -- what the venue received -------------------------------------------------------

    @property
    def subscribe_messages(self) -> int:
        """How many subscribe/unsubscribe messages the venue received.

        Example:
            >>> CoinbaseEngine().subscribe_messages
            0
        """
        return self._requests.subscribe_messages

    @property
    def jwts_seen(self) -> list[str]:
        """Every JWT the venue received, in order.

        Example:
            >>> CoinbaseEngine().jwts_seen
            []
        """
        return self._requests.jwts_seen

    def wait_for_subscribe_messages(self, count: int, timeout: float) -> bool:
        """Wait (from any thread) until ``count`` subscribe/unsubscribe messages have
        arrived in total; False if ``timeout`` passed first.

        Example:
            >>> CoinbaseEngine().wait_for_subscribe_messages(0, 1.0)
            True
        """
        return self._requests.wait_for_messages(count, timeout)
