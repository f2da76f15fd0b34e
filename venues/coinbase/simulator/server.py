"""The Coinbase simulator: the engine served on real loopback sockets and ``memory://``.

Both endpoints are served on both transports: ``url`` and ``user_url`` over TCP,
``memory_url`` and ``user_memory_url`` in process (the ``memory://`` transport carries
the path, so the engine tells the endpoints apart the same way).

Example:
    >>> with CoinbaseSimulator(subscribe_window=None) as sim:
    ...     sim.url.startswith("ws://127.0.0.1:"), sim.user_url.endswith("/user")
    (True, True)
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from typing import Any

from venues.coinbase.simulator.engine import (
    USER_PATH,
    CoinbaseEngine,
    EngineConfig,
    Subscriptions,
)
from venues.simulator import LoopbackServer, ServedSimulator

__all__ = ["CoinbaseSimulator"]

_names = itertools.count(1)


class CoinbaseSimulator(ServedSimulator):
    """A Coinbase Advanced Trade venue on ``127.0.0.1`` for tests, examples and users.

    Args:
        accounts: key name -> public key (PEM text/bytes, a public key object, or the
            private key itself) of each account whose JWTs are accepted.
        tick_interval: seconds between engine ticks (data generation, time rules).
        **config: :class:`~venues.coinbase.simulator.engine.EngineConfig` fields:
            ``products``, ``quiet_products``, ``seed``, ``updates_per_second``,
            ``subscribe_window`` (``None`` disables the 5 s first-subscribe rule),
            ``idle_timeout`` (``None`` disables idle closing), ``batch_products``
            (several products per message), ``book_levels`` (depth of each side of
            a level2 snapshot), intervals...

    Attributes:
        url: the market-data endpoint (``ws://127.0.0.1:<port>``).
        user_url: the user endpoint (``ws://127.0.0.1:<port>/user``).
        memory_url: the market-data endpoint in process (``memory://<name>``).
        user_memory_url: the user endpoint in process (``memory://<name>/user``).

    Example:
        >>> # with CoinbaseSimulator(accounts={key_name: public_pem}) as sim:
        >>> #     client = CoinbasePrivateClient(creds, url=sim.user_url)
    """

    def __init__(
        self,
        accounts: Mapping[str, Any] | None = None,
        *,
        tick_interval: float = 0.01,
        **config: Any,
    ) -> None:
        self.engine = CoinbaseEngine(EngineConfig(accounts=dict(accounts or {}), **config))
        self._tick_interval = tick_interval
        self._memory_name = f"coinbase-{next(_names)}"
        self._server = self._new_server(port=0)

    def _new_server(self, port: int) -> LoopbackServer:
        return LoopbackServer(
            self.engine,
            port=port,
            tick_interval=self._tick_interval,
            memory_name=self._memory_name,
        )

    @property
    def server(self) -> LoopbackServer:
        """The loopback server (for the plumbing's own faults and inspections).

        Example:
            >>> # sim.server.send_raw("{}")
        """
        return self._server

    @property
    def url(self) -> str:
        """The market-data endpoint.

        Example:
            >>> # CoinbasePublicClient(url=sim.url)
        """
        return self.server.url

    @property
    def user_url(self) -> str:
        """The user endpoint (serves heartbeats, user, futures_balance_summary).

        Example:
            >>> # CoinbasePrivateClient(credentials, url=sim.user_url)
        """
        return self.server.url + USER_PATH

    @property
    def memory_url(self) -> str:
        """The market-data endpoint on ``memory://``.

        Example:
            >>> # CoinbasePublicClient(url=sim.memory_url)
        """
        return self.server.memory_url

    @property
    def user_memory_url(self) -> str:
        """The user endpoint on ``memory://``.

        Example:
            >>> # CoinbasePrivateClient(credentials, url=sim.user_memory_url)
        """
        return self.server.memory_url + USER_PATH

    # -- faults ----------------------------------------------------------------------

    def send_malformed(self, frame: str | bytes = '{"channel": "l2_data", "sequence') -> int:
        """Send a frame that is not a valid message to every connection.

        Example:
            >>> # sim.send_malformed("{not json")
        """
        return self.server.send_raw(frame)

    def skip_sequence(self, count: int = 1) -> None:
        """The next message on each connection skips ``count`` sequence numbers.

        Example:
            >>> # sim.skip_sequence(5)  # the client sees a gap
        """
        self.engine.skip_sequence(count)

    def duplicate_next(self, count: int = 1) -> None:
        """The next message on each connection is repeated ``count`` times.

        Example:
            >>> # sim.duplicate_next(2)
        """
        self.engine.duplicate_next(count)

    def reorder_next(self) -> None:
        """The next message on each connection arrives after the one that follows it.

        Example:
            >>> # sim.reorder_next()  # the client sees a gap, then an old message
        """
        self.engine.reorder_next()

    def advance_clock(self, seconds: float) -> None:
        """Move the venue's clock ahead by ``seconds`` at once (JWTs then look older).

        Example:
            >>> # sim.advance_clock(121.0)  # every fresh JWT is now expired
        """
        self.engine.advance_clock(seconds)

    def skip_heartbeats(self, count: int = 1) -> None:
        """The next heartbeat on each connection skips ``count`` counter values.

        Example:
            >>> # sim.skip_heartbeats(3)  # the client sees missed heartbeats
        """
        self.engine.skip_heartbeats(count)

    def send_error(self, message: str = "failure to subscribe") -> None:
        """Send ``{"type": "error", "message": message}`` to every connection.

        Example:
            >>> # sim.send_error("failure to subscribe")
        """
        self.engine.send_error(message)

    def fail_next_subscribe(self, message: str = "failure to subscribe") -> None:
        """Answer the next subscribe/unsubscribe with an error.

        Example:
            >>> # sim.fail_next_subscribe()
        """
        self.engine.fail_next_subscribe(message)

    def ignore_next_subscribe(self) -> None:
        """Answer the next subscribe/unsubscribe with the unchanged subscription state.

        Example:
            >>> # sim.ignore_next_subscribe()  # the client reports the keys unconfirmed
        """
        self.engine.ignore_next_subscribe()

    def place_order(
        self,
        key_name: str,
        product_id: str,
        side: str = "BUY",
        size: str = "0.001",
        price: str = "68900",
    ) -> None:
        """Open an order for ``key_name``; its ``user`` subscribers get an update.

        Example:
            >>> # sim.place_order(key_name, "BTC-USD", "SELL", "0.1", "70000")
        """
        self.engine.place_order(key_name, product_id, side, size, price)

    def subscriptions(self, timeout: float = 5.0) -> Subscriptions:
        """What each open connection is subscribed to, as the venue sees it (channel ->
        sorted products), oldest connection first; read at the next engine tick.

        Raises:
            TimeoutError: no tick ran within ``timeout`` (a stalled simulator).

        Example:
            >>> # sim.subscriptions()
            >>> # [{'heartbeats': [], 'level2': ['BTC-USD']}]
        """
        reports: list[Subscriptions] = []
        done = threading.Event()

        def report(state: Subscriptions) -> None:
            reports.append(state)
            done.set()

        self.engine.report_subscriptions(report)
        if not done.wait(timeout):
            raise TimeoutError(f"the simulator did not tick within {timeout} s")
        return reports[0]

    @property
    def subscribe_messages(self) -> int:
        """How many subscribe/unsubscribe messages the venue received.

        Example:
            >>> # sim.subscribe_messages
        """
        return self.engine.subscribe_messages

    def wait_for_subscribe_messages(self, count: int, timeout: float) -> bool:
        """Wait until the venue has received ``count`` subscribe/unsubscribe messages
        in total (each one applied, and answered, when this returns True).

        Example:
            >>> # assert sim.wait_for_subscribe_messages(sim.subscribe_messages + 1, 5.0)
        """
        return self.engine.wait_for_subscribe_messages(count, timeout)

    @property
    def jwts_seen(self) -> list[str]:
        """Every JWT the venue received, in order (for tests).

        Example:
            >>> # sim.jwts_seen[-1]
        """
        return list(self.engine.jwts_seen)
