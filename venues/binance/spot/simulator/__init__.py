"""A protocol-faithful Binance Spot simulator: market-data streams and the WebSocket API.

:class:`BinanceSpotSimulator` runs two engines, each on its own :class:`LoopbackServer`
(real WebSocket frames over real loopback TCP, and on ``memory://``):

- the streams engine (:class:`StreamsEngine`) at :attr:`BinanceSpotSimulator.stream_url`,
- the WebSocket API engine (:class:`ApiEngine`: signatures, sessions, matching, user
  data, rate limits) at :attr:`BinanceSpotSimulator.api_url`.

Faults are methods of the facade; ``which`` picks ``"api"``, ``"streams"`` or ``"both"``.

Example:
    >>> from venues.binance.spot.signing import Credentials
    >>> creds = Credentials("demokey", secret_key="demosecret")
    >>> account = SimAccount.from_credentials(creds, secret_key="demosecret",
    ...                                       balances={"USDT": "1000"})
    >>> with BinanceSpotSimulator(accounts=[account]) as sim:
    ...     sim.api_url.endswith("/ws-api/v3"), sim.stream_url.endswith("/stream")
    (True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import TracebackType
from typing import Any, Literal

from protocol.errors import InvalidParameters
from venues.binance.spot.simulator.api_accounts import SimAccount
from venues.binance.spot.simulator.api_engine import ApiEngine, ForcedError
from venues.binance.spot.simulator.api_limits import ApiLimits
from venues.binance.spot.simulator.api_market import DEFAULT_SYMBOLS, SimSymbol
from venues.binance.spot.simulator.streams_engine import StreamsEngine
from venues.simulator import LoopbackServer

__all__ = [
    "DEFAULT_SYMBOLS",
    "ApiEngine",
    "ApiLimits",
    "BinanceSpotSimulator",
    "ForcedError",
    "SimAccount",
    "SimSymbol",
    "StreamsEngine",
]

Which = Literal["api", "streams", "both"]

API_PATH = "/ws-api/v3"
STREAM_PATH = "/stream"


class BinanceSpotSimulator:
    """Both Binance Spot products on loopback servers; a context manager.

    Args:
        accounts: API accounts (their keys are checked on every signed request).
        symbols: tradable symbols of the API engine (default BTCUSDT, ETHUSDT, BNBBTC).
        limits: API rate limits (lower them to reach them in tests).
        streams: keyword arguments for :class:`StreamsEngine` (``rate``, ``seed``, ...).
        tick_interval: seconds between engine ticks (delayed replies, market data).

    Example:
        >>> with BinanceSpotSimulator() as sim:
        ...     sim.api_server.connection_count
        0
    """

    def __init__(
        self,
        accounts: Iterable[SimAccount] = (),
        *,
        symbols: Iterable[SimSymbol] = (),
        limits: ApiLimits | None = None,
        streams: Mapping[str, Any] | None = None,
        tick_interval: float = 0.01,
    ) -> None:
        self.api = ApiEngine(accounts, symbols, limits=limits)
        self.streams = StreamsEngine(**dict(streams or {}))
        self.api_server = LoopbackServer(self.api, tick_interval=tick_interval)
        self.stream_server = LoopbackServer(self.streams, tick_interval=tick_interval)

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> BinanceSpotSimulator:
        """Start both servers; returns self.

        Example:
            >>> sim = BinanceSpotSimulator().start()
            >>> sim.stop()
        """
        self.api_server.start()
        try:
            self.stream_server.start()
        except BaseException:
            self.api_server.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop both servers and join their threads; idempotent.

        Example:
            >>> sim = BinanceSpotSimulator().start()
            >>> sim.stop(); sim.stop()
        """
        try:
            self.stream_server.stop()
        finally:
            self.api_server.stop()

    def __enter__(self) -> BinanceSpotSimulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- where --------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        """``ws://127.0.0.1:<port>/ws-api/v3``: the WebSocket API.

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.api_url.startswith("ws://127.0.0.1:")
            True
        """
        return self.api_server.url + API_PATH

    @property
    def stream_url(self) -> str:
        """``ws://127.0.0.1:<port>/stream``: the combined market-data streams endpoint.

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.stream_url.endswith("/stream")
            True
        """
        return self.stream_server.url + STREAM_PATH

    @property
    def api_memory_url(self) -> str:
        """The WebSocket API on ``memory://``.

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.api_memory_url.startswith("memory://")
            True
        """
        return self.api_server.memory_url

    @property
    def stream_memory_url(self) -> str:
        """The streams on ``memory://``.

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.stream_memory_url.startswith("memory://")
            True
        """
        return self.stream_server.memory_url

    # -- transport faults ---------------------------------------------------------------

    def drop_connections(self, which: Which = "both") -> int:
        """Drop connections without a close frame (a network failure); returns how many.

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.drop_connections("api")
            0
        """
        return sum(server.drop_connections() for server in self._servers(which))

    def stall(self, which: Which = "both") -> None:
        """Stop reading, answering and sending until :meth:`resume` (a silent peer).

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.stall("streams"); sim.resume("streams")
        """
        for server in self._servers(which):
            server.stall()

    def resume(self, which: Which = "both") -> None:
        """End a stall; held frames go out in order.

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.resume()
        """
        for server in self._servers(which):
            server.resume()

    def delay_replies(self, seconds: float, which: Which = "both") -> None:
        """Send every reply ``seconds`` late (0 ends it).

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.delay_replies(0.1, which="api")
        """
        for server in self._servers(which):
            server.delay_replies(seconds)

    def refuse_connections(self, count: int | None, which: Which = "both") -> None:
        """Refuse the next ``count`` handshakes (``None``: until set to 0).

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.refuse_connections(1, which="api")
        """
        for server in self._servers(which):
            server.refuse_connections(count)

    def send_malformed(self, frame: str = '{"id": 1, "status": 2', which: Which = "both") -> int:
        """Send ``frame`` (malformed by default) to every connection; returns how many.

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.send_malformed()
            0
        """
        return sum(server.send_raw(frame) for server in self._servers(which))

    def server_shutdown(self, which: Which = "both", grace: float = 1.0) -> None:
        """Announce ``serverShutdown`` (streams then close after ``grace`` seconds).

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.server_shutdown("api")
        """
        if which in ("api", "both"):
            self.api.announce_shutdown()
        if which in ("streams", "both"):
            self.streams.server_shutdown(grace)

    # -- WebSocket API faults and market ------------------------------------------------

    def force_error(
        self,
        method: str,
        code: int,
        msg: str = "",
        *,
        status: int = 400,
        count: int = 1,
        execute: bool = False,
        data: Any = None,
    ) -> None:
        """Answer the next ``count`` ``method`` requests with an error (see ApiEngine).

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.force_error("order.place", -1007, status=408, execute=True)
        """
        self.api.force_error(
            method, code, msg, status=status, count=count, execute=execute, data=data
        )

    def delay_method(self, method: str, seconds: float) -> None:
        """Hold the API's replies to ``method`` back by ``seconds``.

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.delay_method("order.place", 0.2)
        """
        self.api.delay_method(method, seconds)

    def clear_faults(self) -> None:
        """Forget forced errors and method delays.

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.clear_faults()
        """
        self.api.clear_faults()

    def revoke_sessions(self) -> None:
        """Revoke every logged-on API session (-2015, as when a key is deleted).

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.revoke_sessions()
        """
        self.api.revoke_sessions()

    def move_price(self, symbol: str, price: Decimal | str) -> None:
        """Move the API engine's market for ``symbol``; resting orders may fill.

        Example:
            >>> with BinanceSpotSimulator() as sim:
            ...     sim.move_price("BTCUSDT", "49000")
        """
        self.api.move_price(symbol, price)

    def deposit(self, api_key: str, asset: str, amount: Decimal | str) -> None:
        """Credit an account (user data: ``balanceUpdate``, ``outboundAccountPosition``).

        Example:
            >>> with BinanceSpotSimulator([SimAccount("demokey", secret_key="s")]) as sim:
            ...     sim.deposit("demokey", "USDT", "100")
        """
        self.api.deposit(api_key, asset, amount)

    def _servers(self, which: Which) -> list[LoopbackServer]:
        chosen = {
            "api": [self.api_server],
            "streams": [self.stream_server],
            "both": [self.api_server, self.stream_server],
        }
        if which not in chosen:
            raise InvalidParameters("which", "must be 'api', 'streams' or 'both'")
        return chosen[which]
