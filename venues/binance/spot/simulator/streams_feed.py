"""Which payload each stream carries at a given moment, and how often (sans-I/O).

Real-time streams (trade, aggTrade, bookTicker) are produced by trades; every other
stream is periodic and built here from the symbol states of :mod:`.streams_market`.

Example:
    >>> import random
    >>> from venues.binance.spot.simulator.streams_market import Market
    >>> feed = Feed(Market(random.Random(1)))
    >>> feed.period("btcusdt@depth5@100ms"), feed.period("btcusdt@trade")
    (0.1, None)
"""

from __future__ import annotations

from typing import Any

from venues.binance.spot.simulator import streams_market as m

__all__ = ["REAL_TIME", "Feed"]

REAL_TIME = frozenset({"trade", "aggTrade", "bookTicker"})
"""Suffixes of the streams that trades produce."""


class Feed:
    """Builds the payloads of periodic streams; remembers what each stream last sent.

    Args:
        market: the symbols.
        period_scale: multiplies every documented update period (1.0 is the venue's
            speed; 0.1 makes 1000 ms streams tick every 100 ms for quick tests).
    """

    def __init__(self, market: m.Market, period_scale: float = 1.0) -> None:
        self._market = market
        self._scale = period_scale
        self._last: dict[str, int] = {}

    def period(self, stream: str) -> float | None:
        """Seconds between updates of ``stream``; ``None`` for real-time streams."""
        suffix = stream.partition("@")[2]
        if suffix in REAL_TIME:
            return None
        if suffix.endswith("@100ms"):
            return 0.1 * self._scale
        if suffix.startswith("kline_") and not suffix.startswith("kline_1s"):
            return 2.0 * self._scale
        return 1.0 * self._scale

    def start(self, stream: str, now_ms: int) -> None:
        """Remember where ``stream`` starts (diff depth ids, all-market change tracking)."""
        symbol, _, suffix = stream.partition("@")
        if suffix.startswith("depth") and not suffix[5:6].isdigit():
            self._last[stream] = self._market.symbol(symbol.upper(), now_ms).update_id
        else:
            self._last.setdefault(stream, now_ms)

    def stop(self, stream: str) -> None:
        """Forget ``stream`` (nobody is subscribed any more)."""
        self._last.pop(stream, None)

    def payload(self, stream: str, now_ms: int) -> Any:
        """The next payload of periodic ``stream``, or ``None`` when it has nothing new."""
        if stream.startswith("!"):
            return self._all_market(stream, now_ms)
        symbol, _, suffix = stream.partition("@")
        state = self._market.symbol(symbol.upper(), now_ms)
        if suffix.startswith("depth"):
            return self._depth(stream, state, suffix, now_ms)
        return _symbol_payload(state, suffix, now_ms)

    def _depth(self, stream: str, state: m.SymbolState, suffix: str, now_ms: int) -> Any:
        levels = suffix[5:].partition("@")[0]
        if levels:
            return m.partial_depth(state, int(levels))
        first = self._last.get(stream, state.update_id) + 1
        if state.update_id < first:
            return None
        self._last[stream] = state.update_id
        return m.diff_depth(state, first, now_ms)

    def _all_market(self, stream: str, now_ms: int) -> list[dict[str, Any]] | None:
        since = self._last.get(stream, now_ms)
        self._last[stream] = now_ms
        changed = [s for s in self._market.symbols if s.last_trade_time > since]
        if not changed:
            return None
        if stream == "!miniTicker@arr":
            return [m.mini_ticker(s, now_ms) for s in changed]
        window = stream[len("!ticker_") : -len("@arr")]
        return [m.rolling_window_ticker(s, window, now_ms) for s in changed]


def _symbol_payload(state: m.SymbolState, suffix: str, now_ms: int) -> Any:
    if suffix.startswith("kline_"):
        interval, _, offset = suffix[len("kline_") :].partition("@")
        return m.kline(state, interval, bool(offset), now_ms)
    if suffix.startswith("ticker_"):
        return m.rolling_window_ticker(state, suffix[len("ticker_") :], now_ms)
    builders = {"miniTicker": m.mini_ticker, "ticker": m.ticker, "avgPrice": m.avg_price}
    return builders[suffix](state, now_ms)
