"""Generated market data for the streams simulator: seeded, deterministic, consistent.

Each symbol is a small state machine: every trade moves the price by at most one tick,
takes the next trade id (consecutive per symbol, so a client can prove it lost none),
and moves the book's update id. Payload builders turn that state into the exact wire
payload of each stream kind.

Example:
    >>> import random
    >>> market = Market(random.Random(7))
    >>> payloads = market.trade("BTCUSDT", now_ms=1_700_000_000_000)
    >>> payloads["trade"]["t"], payloads["aggTrade"]["a"]
    (1, 1)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Market",
    "SymbolState",
    "avg_price",
    "book_levels",
    "book_ticker",
    "diff_depth",
    "kline",
    "mini_ticker",
    "partial_depth",
    "price_text",
    "quantity_text",
    "rolling_window_ticker",
    "ticker",
]

_TICKS_PER_UNIT = 100  # prices move in 0.01 steps
_LOTS_PER_UNIT = 1000  # quantities in 0.001 steps
_WINDOW_MS = {"1h": 3_600_000, "4h": 14_400_000, "1d": 86_400_000}


def price_text(ticks: int) -> str:
    """Format a price held in ticks of 0.01 as Binance does (8 decimals).

    Example:
        >>> price_text(2_500_012)
        '25000.12000000'
    """
    return f"{ticks // _TICKS_PER_UNIT}.{ticks % _TICKS_PER_UNIT:02d}000000"


def quantity_text(lots: int) -> str:
    """Format a quantity held in lots of 0.001 with 8 decimals.

    Example:
        >>> quantity_text(1500)
        '1.50000000'
    """
    return f"{lots // _LOTS_PER_UNIT}.{lots % _LOTS_PER_UNIT:03d}00000"


@dataclass
class SymbolState:
    """What the simulator knows of one symbol; ids are the last ones issued.

    Example:
        >>> SymbolState("BTCUSDT", price=100).trade_id
        0
    """

    name: str
    price: int
    open_price: int = 0
    high: int = 0
    low: int = 0
    trade_id: int = 0
    agg_id: int = 0
    update_id: int = 0
    volume: int = 0
    quote_volume: int = 0
    last_qty: int = 0
    last_trade_time: int = 0
    started_at: int = 0
    changed: bool = False
    candles: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.open_price = self.high = self.low = self.price


class Market:
    """Every simulated symbol, driven by one seeded random generator.

    Example:
        >>> market = Market(random.Random(1))
        >>> market.symbol("ETHBTC").name
        'ETHBTC'
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._symbols: dict[str, SymbolState] = {}

    def symbol(self, name: str, now_ms: int = 0) -> SymbolState:
        """The state of ``name`` (upper-case), created on first use."""
        state = self._symbols.get(name)
        if state is None:
            start = 1_000 + self._rng.randrange(100_000_000)
            state = SymbolState(name, price=start, started_at=now_ms, last_trade_time=now_ms)
            self._symbols[name] = state
        return state

    @property
    def symbols(self) -> list[SymbolState]:
        """Every symbol created so far, in creation order."""
        return list(self._symbols.values())

    def trade(self, name: str, now_ms: int) -> dict[str, dict[str, Any]]:
        """Make one trade of ``name``; return the real-time payloads it produces."""
        state = self.symbol(name, now_ms)
        step = self._rng.choice((-1, 0, 1))
        state.price = max(1, state.price + step)
        qty = self._rng.randint(1, 5_000)
        maker = self._rng.random() < 0.5
        self._record(state, qty, now_ms)
        return {
            "trade": self._trade_payload(state, qty, maker, now_ms),
            "aggTrade": self._agg_payload(state, qty, maker, now_ms),
            "bookTicker": book_ticker(state),
        }

    def _record(self, state: SymbolState, qty: int, now_ms: int) -> None:
        state.trade_id += 1
        state.agg_id += 1
        state.update_id += self._rng.randint(1, 3)
        state.high = max(state.high, state.price)
        state.low = min(state.low, state.price)
        state.volume += qty
        state.quote_volume += qty * state.price
        state.last_qty = qty
        state.last_trade_time = now_ms
        state.changed = True

    @staticmethod
    def _trade_payload(state: SymbolState, qty: int, maker: bool, now_ms: int) -> dict[str, Any]:
        return {
            "e": "trade", "E": now_ms, "s": state.name, "t": state.trade_id,
            "p": price_text(state.price), "q": quantity_text(qty), "T": now_ms,
            "m": maker, "M": True,
        }  # fmt: skip

    @staticmethod
    def _agg_payload(state: SymbolState, qty: int, maker: bool, now_ms: int) -> dict[str, Any]:
        return {
            "e": "aggTrade", "E": now_ms, "s": state.name, "a": state.agg_id,
            "p": price_text(state.price), "q": quantity_text(qty), "f": state.trade_id,
            "l": state.trade_id, "T": now_ms, "m": maker, "M": True,
        }  # fmt: skip


def book_ticker(state: SymbolState) -> dict[str, Any]:
    """The ``<symbol>@bookTicker`` payload (no ``e``/``E``)."""
    bid, ask = _best(state)
    return {
        "u": state.update_id, "s": state.name,
        "b": price_text(bid), "B": quantity_text(1_000 + state.update_id % 7_000),
        "a": price_text(ask), "A": quantity_text(2_000 + state.update_id % 5_000),
    }  # fmt: skip


def _best(state: SymbolState) -> tuple[int, int]:
    return max(1, state.price - 1), state.price + 1


def _average(state: SymbolState) -> int:
    return state.quote_volume // state.volume if state.volume else state.price


def _change(state: SymbolState) -> tuple[str, str]:
    diff = state.price - state.open_price
    percent = f"{diff * 100 / state.open_price:.3f}"
    sign = "-" if diff < 0 else ""
    return sign + price_text(abs(diff)), percent


def mini_ticker(state: SymbolState, now_ms: int) -> dict[str, Any]:
    """The ``<symbol>@miniTicker`` payload."""
    return {
        "e": "24hrMiniTicker", "E": now_ms, "s": state.name, "c": price_text(state.price),
        "o": price_text(state.open_price), "h": price_text(state.high),
        "l": price_text(state.low), "v": quantity_text(state.volume),
        "q": quantity_text(state.quote_volume // _TICKS_PER_UNIT),
    }  # fmt: skip


def ticker(state: SymbolState, now_ms: int) -> dict[str, Any]:
    """The ``<symbol>@ticker`` payload."""
    change, percent = _change(state)
    bid, ask = _best(state)
    first = state.trade_id and 1
    return {
        "e": "24hrTicker", "E": now_ms, "s": state.name, "p": change, "P": percent,
        "w": price_text(_average(state)), "x": price_text(state.open_price),
        "c": price_text(state.price), "Q": quantity_text(state.last_qty),
        "b": price_text(bid), "B": quantity_text(1_000), "a": price_text(ask),
        "A": quantity_text(2_000), "o": price_text(state.open_price),
        "h": price_text(state.high), "l": price_text(state.low),
        "v": quantity_text(state.volume),
        "q": quantity_text(state.quote_volume // _TICKS_PER_UNIT),
        "O": now_ms - 86_400_000, "C": now_ms, "F": first, "L": state.trade_id,
        "n": state.trade_id,
    }  # fmt: skip


def rolling_window_ticker(state: SymbolState, window: str, now_ms: int) -> dict[str, Any]:
    """The ``<symbol>@ticker_<window>`` payload."""
    change, percent = _change(state)
    open_time = (now_ms - _WINDOW_MS[window]) // 60_000 * 60_000
    return {
        "e": f"{window}Ticker", "E": now_ms, "s": state.name, "p": change, "P": percent,
        "o": price_text(state.open_price), "h": price_text(state.high),
        "l": price_text(state.low), "c": price_text(state.price),
        "w": price_text(_average(state)), "v": quantity_text(state.volume),
        "q": quantity_text(state.quote_volume // _TICKS_PER_UNIT), "O": open_time,
        "C": now_ms, "F": state.trade_id and 1, "L": state.trade_id, "n": state.trade_id,
    }  # fmt: skip


def avg_price(state: SymbolState, now_ms: int) -> dict[str, Any]:
    """The ``<symbol>@avgPrice`` payload."""
    return {
        "e": "avgPrice", "E": now_ms, "s": state.name, "i": "5m",
        "w": price_text(_average(state)), "T": state.last_trade_time,
    }  # fmt: skip


def book_levels(state: SymbolState, count: int) -> tuple[list[list[str]], list[list[str]]]:
    """``count`` bid and ask levels around the price (bids descending, asks ascending)."""
    bid, ask = _best(state)
    bids = [[price_text(max(1, bid - i)), quantity_text(100 * (i + 1))] for i in range(count)]
    asks = [[price_text(ask + i), quantity_text(150 * (i + 1))] for i in range(count)]
    return bids, asks


def partial_depth(state: SymbolState, levels: int) -> dict[str, Any]:
    """The ``<symbol>@depth<N>`` payload (no ``e``/``E``/``s``)."""
    bids, asks = book_levels(state, levels)
    return {"lastUpdateId": state.update_id, "bids": bids, "asks": asks}


def diff_depth(state: SymbolState, first_update_id: int, now_ms: int) -> dict[str, Any]:
    """The ``<symbol>@depth`` payload covering ``first_update_id..state.update_id``."""
    bids, asks = book_levels(state, 2)
    return {
        "e": "depthUpdate", "E": now_ms, "s": state.name, "U": first_update_id,
        "u": state.update_id, "b": bids, "a": asks,
    }  # fmt: skip


_INTERVAL_MS = {
    "1s": 1_000, "1m": 60_000, "3m": 180_000, "5m": 300_000, "15m": 900_000,
    "30m": 1_800_000, "1h": 3_600_000, "2h": 7_200_000, "4h": 14_400_000,
    "6h": 21_600_000, "8h": 28_800_000, "12h": 43_200_000, "1d": 86_400_000,
    "3d": 259_200_000, "1w": 604_800_000, "1M": 2_592_000_000,
}  # fmt: skip
_UTC8_MS = 8 * 3_600_000


def kline(state: SymbolState, interval: str, utc8: bool, now_ms: int) -> dict[str, Any]:
    """The ``<symbol>@kline_<interval>[@+08:00]`` payload for the candle open at ``now_ms``.

    Candles are aligned on UTC (or UTC+8) boundaries of the interval; ``1M`` is taken
    as 30 days, which is close enough for a simulator.
    """
    span = _INTERVAL_MS[interval]
    shift = _UTC8_MS if utc8 else 0
    start = (now_ms + shift) // span * span - shift
    key = f"{interval}{'@+08:00' if utc8 else ''}"
    candle = state.candles.get(key)
    if candle is None or candle["t"] != start:
        candle = state.candles[key] = _new_candle(state, start)
    candle["h"] = max(candle["h"], state.price)
    candle["l"] = min(candle["l"], state.price)
    return {"e": "kline", "E": now_ms, "s": state.name, "k": _candle(state, candle, span, interval)}


def _new_candle(state: SymbolState, start: int) -> dict[str, Any]:
    return {
        "t": start, "o": state.price, "h": state.price, "l": state.price,
        "f": state.trade_id + 1, "v": state.volume, "q": state.quote_volume,
    }  # fmt: skip


def _candle(state: SymbolState, candle: dict[str, Any], span: int, interval: str) -> dict[str, Any]:
    volume = state.volume - candle["v"]
    quote = (state.quote_volume - candle["q"]) // _TICKS_PER_UNIT
    count = state.trade_id - candle["f"] + 1
    return {
        "t": candle["t"], "T": candle["t"] + span - 1, "s": state.name, "i": interval,
        "f": candle["f"] if count else -1, "L": state.trade_id if count else -1,
        "o": price_text(candle["o"]), "c": price_text(state.price),
        "h": price_text(candle["h"]), "l": price_text(candle["l"]),
        "v": quantity_text(volume), "n": count, "x": False, "q": quantity_text(quote),
        "V": quantity_text(volume // 2), "Q": quantity_text(quote // 2), "B": "0",
    }  # fmt: skip
