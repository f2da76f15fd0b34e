"""The Deribit v2 engine: sans-I/O, driven by frames and ``now``, answering with actions.

It implements :class:`venues.simulator.Engine`. ``now`` is whatever clock the caller uses;
``clock_offset`` is added to it to get the venue's wall-clock seconds (the loopback server
passes ``time.monotonic()``, so the simulator sets ``time.time() - time.monotonic()``).

Each :meth:`DeribitEngine.tick` runs the due market steps (prices, ladders, resting-order
fills, triggers, synthetic trades), publishes book changes, trades, tickers and indices to
subscribers (less the book changes :meth:`~DeribitEngine.skip_book_changes` withholds),
sends heartbeats and closes connections that missed a ``test_request`` or sat idle.
:meth:`~DeribitEngine.on_disconnect` runs cancel-on-disconnect.

Example:
    >>> from venues.deribit.simulator._config import SimulatorConfig
    >>> engine = DeribitEngine(SimulatorConfig(accounts={"id": "secret"}, market_data_rate=0.0))
    >>> engine.on_connect(1, "/ws/api/v2", now=1.0)
    []
    >>> reply = engine.on_frame(1, '{"jsonrpc":"2.0","id":7,"method":"public/get_time"}', now=1.5)
    >>> reply[0].frame[:44]
    '{"jsonrpc":"2.0","id":7,"result":1500,"usIn"'
"""

from __future__ import annotations

from typing import Any

from venues.deribit.simulator._config import SimulatorConfig
from venues.deribit.simulator._envelope import heartbeat_frame
from venues.deribit.simulator._fills import Update
from venues.deribit.simulator._publish import MarketTick, user_frames
from venues.deribit.simulator._rpc import Failures, handle_frame
from venues.deribit.simulator._sweep import sweep
from venues.deribit.simulator._world import Outgoing, World
from venues.simulator import Action, Close, Send

__all__ = ["DeribitEngine"]

_NORMAL = 1000


class DeribitEngine:
    """The venue behaviour behind :class:`~venues.deribit.simulator.DeribitSimulator`.

    Args:
        config: the simulator settings.
        clock_offset: seconds added to every ``now`` to get wall-clock time.

    Example: see the module docstring.
    """

    def __init__(self, config: SimulatorConfig, *, clock_offset: float = 0.0) -> None:
        self.world = World(config)
        self.failures = Failures()
        self._offset = clock_offset
        self._queued: list[Action] = []

    # -- Engine protocol ----------------------------------------------------------------

    def on_connect(self, conn_id: int, path: str, now: float) -> list[Action]:
        """Register the connection; nothing is sent.

        Example: see the module docstring.
        """
        self.world.connect(conn_id, path, self._wall(now))
        return []

    def on_frame(self, conn_id: int, frame: str | bytes, now: float) -> list[Action]:
        """Answer one request frame.

        Example: see the module docstring.
        """
        conn = self.world.connections.get(conn_id)
        if conn is None or conn.closing:
            return []
        return handle_frame(self.world, conn, frame, self._wall(now), self.failures)

    def on_disconnect(self, conn_id: int, now: float) -> list[Action]:
        """Forget the connection; cancel its orders if cancel-on-disconnect is on.

        Example:
            >>> from venues.deribit.simulator._config import SimulatorConfig
            >>> DeribitEngine(SimulatorConfig(accounts={})).on_disconnect(9, now=0.0)
            []
        """
        conn = self.world.connections.pop(conn_id, None)
        if conn is None or not conn.cancel_on_disconnect or conn.logged_out or not conn.account:
            return []
        updates = self.world.matching.cancel_where(
            conn.account,
            lambda order: order.conn_id == conn_id,
            self._wall(now),
            reason="cancel_on_disconnect",
        )
        return _sends(user_frames(self.world, updates, self._wall(now)))

    def tick(self, now: float) -> list[Action]:
        """Market steps, publications, heartbeats and idle closes due by ``now``.

        Example:
            >>> from venues.deribit.simulator._config import SimulatorConfig
            >>> DeribitEngine(SimulatorConfig(accounts={}, market_data_rate=0.0)).tick(now=1.0)
            []
        """
        wall = self._wall(now)
        actions, self._queued = self._queued, []
        steps = self.world.market.steps_due(wall)
        updates: list[Update] = []
        for _ in range(steps):
            updates += self._step(wall)
        actions += _sends(user_frames(self.world, updates, wall))
        actions += _sends(MarketTick(self.world, stepped=steps > 0, now=wall).frames())
        actions += self._heartbeats(wall)
        return actions

    # -- operations for the simulator and tests --------------------------------------

    def set_index_price(self, index_name: str, price: float, now: float) -> None:
        """Move an index (``btc_usd``/``eth_usd``) now: ladders re-centre, orders may fill.

        The notifications go out with the next :meth:`tick`.

        Example:
            >>> from venues.deribit.simulator._config import SimulatorConfig
            >>> engine = DeribitEngine(SimulatorConfig(accounts={}, market_data_rate=0.0))
            >>> engine.set_index_price("eth_usd", 3100.0, now=1.0)
            >>> engine.world.market.quotes("ETH-PERPETUAL").mark
            3100.0
        """
        if index_name not in self.world.market.indices:
            raise KeyError(index_name)
        wall = self._wall(now)
        self.world.market.indices[index_name] = float(price)
        updates: list[Update] = []
        for instrument in self.world.market.instruments:
            if instrument.index_name == index_name:
                self.world.market.rebuild(instrument.name)
                updates += sweep(self.world.matching, self.world.market, instrument.name, wall)
        self._queued += _sends(user_frames(self.world, updates, wall))

    def skip_book_changes(self, count: int = 1, instrument: str | None = None) -> None:
        """Withhold the next ``count`` book changes of ``instrument`` (``None``: of each one).

        The book and its ``change_id`` advance as usual; only the ``change`` notifications
        are not sent, so subscribers see a ``prev_change_id`` gap. Snapshots of later
        subscriptions show the current ``change_id`` and chain on from there.

        Raises:
            InvalidParameters: ``count`` is not an int >= 1, or ``instrument`` is unknown.

        Example:
            >>> from venues.deribit.simulator._config import SimulatorConfig
            >>> engine = DeribitEngine(SimulatorConfig(accounts={}, market_data_rate=0.0))
            >>> engine.skip_book_changes(2, "BTC-PERPETUAL")
            >>> engine.world.book_gaps.pending("BTC-PERPETUAL")
            2
        """
        self.world.book_gaps.skip(count, instrument)

    def snapshot_orders(self, client_id: str, *, open_only: bool = True) -> list[dict[str, Any]]:
        """Order records of ``client_id`` (open ones by default), oldest first.

        Example:
            >>> from venues.deribit.simulator._config import SimulatorConfig
            >>> DeribitEngine(SimulatorConfig(accounts={"a": "s"})).snapshot_orders("a")
            []
        """
        return [o.to_wire() for o in self.world.matching.orders(client_id, open_only=open_only)]

    # -- internals -----------------------------------------------------------------------

    def _wall(self, now: float) -> float:
        return now + self._offset

    def _step(self, now: float) -> list[Update]:
        market, updates = self.world.market, []
        market.move_indices()
        for instrument in market.instruments:
            market.rebuild(instrument.name)
            updates += sweep(self.world.matching, market, instrument.name, now)
            market.synthetic_trade(instrument.name, now, self.world.ids)
        return updates

    def _heartbeats(self, now: float) -> list[Action]:
        actions: list[Action] = []
        for conn in self.world.connections.values():
            if conn.closing:
                continue
            for due in conn.heartbeat.due(now):
                if due == "close":
                    conn.closing = True
                    reason = "heartbeat timeout" if conn.heartbeat.interval else "idle timeout"
                    actions.append(Close(conn.conn_id, _NORMAL, reason))
                else:
                    actions.append(Send(conn.conn_id, heartbeat_frame(due)))
        return actions


def _sends(outgoing: list[Outgoing]) -> list[Action]:
    return [Send(out.conn_id, out.frame) for out in outgoing]
