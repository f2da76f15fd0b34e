"""What every one-server venue simulator offers, written once.

A venue simulator class subclasses :class:`ServedSimulator`, builds its engine, and
implements :meth:`ServedSimulator._new_server`. Lifecycle (context manager, ``start``,
``stop``, ``restart`` on the same port) and the generic faults and inspections, which
all belong to the :class:`~venues.simulator.server.LoopbackServer`, live here; the
subclass adds its venue's URLs, faults and inspections.

Example:
    >>> from venues.simulator import EchoEngine, LoopbackServer
    >>> class EchoSimulator(ServedSimulator):
    ...     def __init__(self):
    ...         self._server = self._new_server(port=0)
    ...     def _new_server(self, port):
    ...         return LoopbackServer(EchoEngine(), port=port, tick_interval=None)
    >>> with EchoSimulator() as sim:
    ...     sim.connection_count
    0
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from venues.simulator.server import LoopbackServer

__all__ = ["ServedSimulator"]


class ServedSimulator:
    """Base of venue simulators served by one :class:`LoopbackServer`.

    Example: see the module docstring.
    """

    _server: LoopbackServer

    def _new_server(self, port: int) -> LoopbackServer:
        """A fresh server for this simulator's engine, listening on ``port`` (0: any)."""
        raise TypeError(f"{type(self).__name__} must say how its server is built")

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> Self:
        """Start serving; returns self."""
        self._server.start()
        return self

    def stop(self) -> None:
        """Close every connection and join every server thread; idempotent."""
        self._server.stop()

    def restart(self) -> None:
        """Stop serving and serve again on the same port, keeping the engine's state.

        Every client sees its connection drop and connection attempts fail until the
        server is back: what a venue restart looks like from outside.
        """
        port = self._server.port
        self._server.stop()
        self._server = self._new_server(port)
        self._server.start()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- generic faults --------------------------------------------------------------

    def drop_connections(self) -> int:
        """Cut every connection without a close frame; returns how many."""
        return self._server.drop_connections()

    def stall(self) -> None:
        """Stop reading, answering, ticking and sending until :meth:`resume`."""
        self._server.stall()

    def resume(self) -> None:
        """End a :meth:`stall`; held frames go out in order."""
        self._server.resume()

    def delay_replies(self, seconds: float) -> None:
        """Send replies ``seconds`` late (0 ends the delay)."""
        self._server.delay_replies(seconds)

    def refuse_connections(self, count: int | None) -> None:
        """Refuse the next ``count`` handshakes (HTTP 503); ``None`` until called with 0."""
        self._server.refuse_connections(count)

    # -- inspection ------------------------------------------------------------------

    @property
    def connection_count(self) -> int:
        """Connections open right now."""
        return self._server.connection_count

    @property
    def connection_ids(self) -> list[int]:
        """Ids of the open connections, oldest first."""
        return self._server.connection_ids

    def wait_for_connections(self, n: int, timeout: float) -> bool:
        """Wait until exactly ``n`` connections are open; False on timeout."""
        return self._server.wait_for_connections(n, timeout)

    def wait_for_accepted(self, n: int, timeout: float) -> bool:
        """Wait until ``n`` connections have been accepted in all; False on timeout."""
        return self._server.wait_for_accepted(n, timeout)

    def flush(self, timeout: float) -> bool:
        """Wait until every queued frame has been handed to its socket."""
        return self._server.flush(timeout)
