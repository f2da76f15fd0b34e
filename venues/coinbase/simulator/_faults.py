"""The venue's fault switches and commands, callable from any thread.

Each one is queued and applied at the start of the next ``tick``, under the server's
lock like every other engine call; :meth:`FaultSwitches.advance_clock` takes effect
at once.

Example:
    >>> from venues.coinbase.simulator._config import EngineConfig
    >>> venue = Venue(EngineConfig(), wall_clock=lambda: 0)
    >>> faults = FaultSwitches(venue, Requests(venue), DataGenerator(venue))
    >>> faults.skip_sequence(2); faults.run_commands()
    []
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from venues.coinbase.simulator._generator import DataGenerator
from venues.coinbase.simulator._requests import Requests
from venues.coinbase.simulator._venue import Action, Venue
from venues.coinbase.simulator._wire import error_frame, rfc3339
from venues.simulator import Send

__all__ = ["FaultSwitches", "Subscriptions"]

Subscriptions = list[dict[str, list[str]]]
"""What open connections are subscribed to: one ``channel -> sorted products`` each."""


class FaultSwitches:
    """Faults and commands for the simulated venue (queued until the next tick).

    Example:
        >>> from venues.coinbase.simulator._config import EngineConfig
        >>> venue = Venue(EngineConfig(), wall_clock=lambda: 0)
        >>> FaultSwitches(venue, Requests(venue), DataGenerator(venue)).run_commands()
        []
    """

    def __init__(self, venue: Venue, requests: Requests, generator: DataGenerator) -> None:
        self._venue = venue
        self._requests = requests
        self._generator = generator
        self._commands: deque[Callable[[], list[Action]]] = deque()

    def run_commands(self) -> list[Action]:
        """Apply every queued command (the engine calls this first on each tick).

        Example:
            >>> # actions = faults.run_commands()
        """
        actions: list[Action] = []
        while self._commands:
            actions += self._commands.popleft()()
        return actions

    def skip_sequence(self, count: int = 1) -> None:
        """The next message on every open connection skips ``count`` sequence numbers.

        Example:
            >>> # engine.skip_sequence(3)
        """
        self._commands.append(lambda: self._for_all("skip", count))

    def duplicate_next(self, count: int = 1) -> None:
        """The next message on every open connection is sent ``count`` extra times.

        Example:
            >>> # engine.duplicate_next()
        """
        self._commands.append(lambda: self._for_all("duplicates", count))

    def skip_heartbeats(self, count: int = 1) -> None:
        """The next heartbeat on every open connection skips ``count`` counter values.

        Example:
            >>> # engine.skip_heartbeats(3)
        """
        self._commands.append(lambda: self._for_all("heartbeat_counter", count))

    def reorder_next(self) -> None:
        """The next message on every open connection arrives after the one that
        follows it (out of order).

        Example:
            >>> # engine.reorder_next()
        """
        self._commands.append(lambda: self._for_all("hold_next", True))

    def advance_clock(self, seconds: float) -> None:
        """Move the venue's wall clock ahead by ``seconds``, at once (not queued).

        A client whose JWTs live 120 s sees them refused as expired once the venue's
        clock is more than 120 s ahead of its own.

        Example:
            >>> # engine.advance_clock(121.0)
        """
        self._venue.advance_clock(seconds)

    def send_error(self, message: str) -> None:
        """An error message to every open connection.

        Example:
            >>> # engine.send_error("failure to subscribe")
        """
        self._commands.append(lambda: [Send(c, error_frame(message)) for c in self._venue.conns])

    def fail_next_subscribe(self, message: str = "failure to subscribe") -> None:
        """The next subscribe/unsubscribe message gets an error instead of a change.

        Example:
            >>> # engine.fail_next_subscribe()
        """
        self._commands.append(lambda: self._queue_failure(message))

    def ignore_next_subscribe(self) -> None:
        """The next subscribe/unsubscribe message changes nothing: it is answered with
        the unchanged ``subscriptions`` state (the client sees its keys unconfirmed).

        Example:
            >>> # engine.ignore_next_subscribe()
        """
        self._commands.append(self._queue_ignore)

    def report_subscriptions(self, report: Callable[[Subscriptions], None]) -> None:
        """Call ``report`` with each open connection's subscriptions (channel -> sorted
        products), oldest connection first.

        Example:
            >>> # engine.report_subscriptions(print); engine.tick(now)
        """
        self._commands.append(lambda: self._report(report))

    def place_order(self, key_name: str, product_id: str, side: str, size: str, price: str) -> None:
        """Add an open order to ``key_name`` and tell its ``user`` subscribers.

        Example:
            >>> # engine.place_order(key_name, "BTC-USD", "BUY", "0.001", "68900")
        """
        self._commands.append(lambda: self._place(key_name, product_id, side, size, price))

    def _for_all(self, attribute: str, count: int | bool) -> list[Action]:
        for conn in self._venue.conns.values():
            value = count if isinstance(count, bool) else getattr(conn, attribute) + count
            setattr(conn, attribute, value)
        return []

    def _queue_ignore(self) -> list[Action]:
        self._requests.ignored += 1
        return []

    def _queue_failure(self, message: str) -> list[Action]:
        self._requests.failures.append(message)
        return []

    def _report(self, report: Callable[[Subscriptions], None]) -> list[Action]:
        conns = [self._venue.conns[conn_id] for conn_id in sorted(self._venue.conns)]
        report([{ch: sorted(ps) for ch, ps in c.channels.items()} for c in conns])
        return []

    def _place(
        self, key_name: str, product_id: str, side: str, size: str, price: str
    ) -> list[Action]:
        when = rfc3339(self._venue.now_ns())
        order = self._venue.accounts.place_order(key_name, product_id, side, size, price, when=when)
        return self._generator.to_user(key_name, order)
