"""The deterministic market model: price indices, synthetic ladders, synthetic trades.

Rules:

1. Each index (``btc_usd``, ``eth_usd``) follows a seeded random walk, one move per step;
   there are ``rate`` steps per second (``market_data_rate``), none when ``rate`` is 0.
2. Every step rebuilds each instrument's synthetic ladder around its fair price: futures
   ``index * (1 + premium)``, the option ``max(index - strike, 0) / index + 0.04 * index /
   strike`` BTC. The ladder has 10 levels a side, one tick apart, sizes drawn from the seed.
3. Every step prints one synthetic trade per instrument against its best synthetic level.
4. Each instrument and index has its own random stream, so what one test subscribes to or
   trades never changes the prices another sees: the same seed gives the same market.

Example:
    >>> from venues.deribit.simulator._ids import IdSequence
    >>> market = Market(seed=1, rate=10.0)
    >>> market.steps_due(0.0), market.steps_due(0.05), market.steps_due(0.1), market.steps_due(0.35)
    (0, 0, 1, 2)
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping

from venues.deribit.simulator._book import q
from venues.deribit.simulator._ids import IdSequence
from venues.deribit.simulator._instruments import (
    DEFAULT_INDEX_PRICES,
    DEFAULT_INSTRUMENTS,
    Instrument,
)
from venues.deribit.simulator._quotes import PublicTrade, Quotes

__all__ = ["Market"]

_LEVELS = 10
_MAX_CATCH_UP = 5
_VOLATILITY = 0.0003
_OPTION_TIME_VALUE = 0.04


class Market:
    """Indices and per-instrument :class:`Quotes`, advanced in steps.

    Example:
        >>> Market(seed=0, rate=0.0).quotes("BTC-PERPETUAL").book.best("asks") is not None
        True
    """

    def __init__(
        self,
        *,
        seed: int,
        rate: float,
        instruments: Iterable[Instrument] = DEFAULT_INSTRUMENTS,
        index_prices: Mapping[str, float] = DEFAULT_INDEX_PRICES,
    ) -> None:
        self._seed = seed
        self._period = 1.0 / rate if rate > 0 else 0.0
        self._next_step: float | None = None
        self.indices = dict(index_prices)
        self._index_rng = {name: self._rng(name) for name in self.indices}
        self._quotes: dict[str, Quotes] = {}
        self._rngs: dict[str, random.Random] = {}
        for number, instrument in enumerate(instruments):
            self._add(instrument, change_id=1_000 * (number + 1))

    @property
    def instruments(self) -> list[Instrument]:
        """Every simulated instrument.

        Example:
            >>> len(Market(seed=0, rate=0.0).instruments)
            4
        """
        return [state.instrument for state in self._quotes.values()]

    def quotes(self, name: str) -> Quotes:
        """The state of instrument ``name`` (``KeyError`` if unknown).

        Example:
            >>> Market(seed=0, rate=0.0).quotes("ETH-PERPETUAL").mark
            3000.0
        """
        return self._quotes[name]

    def has(self, name: str) -> bool:
        """Whether ``name`` is a simulated instrument.

        Example:
            >>> Market(seed=0, rate=0.0).has("DOGE-PERPETUAL")
            False
        """
        return name in self._quotes

    def steps_due(self, now: float) -> int:
        """How many steps are due by ``now`` (at most a few: a stalled clock never floods).

        The first call starts the schedule: steps fall every ``1 / rate`` seconds after it.

        Example:
            >>> Market(seed=0, rate=0.0).steps_due(100.0)
            0
        """
        if not self._period:
            return 0
        if self._next_step is None:
            self._next_step = now + self._period
        if now < self._next_step:
            return 0
        due = int((now - self._next_step) / self._period) + 1
        if due > _MAX_CATCH_UP:
            self._next_step = now + self._period
            return _MAX_CATCH_UP
        self._next_step += due * self._period
        return due

    def move_indices(self) -> None:
        """Advance every index one step of its random walk.

        Example:
            >>> m = Market(seed=0, rate=1.0); m.move_indices()
            >>> m.indices["btc_usd"] != 50_000.0
            True
        """
        for name, rng in self._index_rng.items():
            shock = math.exp(rng.gauss(0.0, _VOLATILITY))
            self.indices[name] = round(self.indices[name] * shock, 2)

    def rebuild(self, name: str) -> None:
        """Re-centre ``name``'s synthetic ladder on its fair price and refresh its mark.

        Example:
            >>> m = Market(seed=0, rate=0.0); m.rebuild("BTC-PERPETUAL")
            >>> m.quotes("BTC-PERPETUAL").book.synthetic_best("bids") < 50_000.0
            True
        """
        state = self._quotes[name]
        state.index = self.indices[state.instrument.index_name]
        state.mark = state.round_price(self._fair(state.instrument, state.index))
        rng, tick = self._rngs[name], state.instrument.tick_size
        bids = {q(state.mark - tick * (i + 1)): self._size(state, rng) for i in range(_LEVELS)}
        asks = {q(state.mark + tick * (i + 1)): self._size(state, rng) for i in range(_LEVELS)}
        state.book.set_synthetic(bids, asks)

    def synthetic_trade(self, name: str, now: float, ids: IdSequence) -> PublicTrade | None:
        """Print one synthetic trade against ``name``'s best synthetic level.

        Example:
            >>> m = Market(seed=0, rate=0.0)
            >>> m.synthetic_trade("BTC-PERPETUAL", 1.0, IdSequence()).trade_seq
            30000001
        """
        state, rng = self._quotes[name], self._rngs[name]
        direction = rng.choice(("buy", "sell"))
        side = "asks" if direction == "buy" else "bids"
        price = state.book.synthetic_best(side)
        if price is None:
            return None
        wanted = state.instrument.min_trade_amount * rng.randint(1, 5)
        amount = state.book.take_synthetic(side, price, wanted)
        return self.print_trade(name, direction, price, amount, now=now, ids=ids)

    def print_trade(
        self, name: str, direction: str, price: float, amount: float, *, now: float, ids: IdSequence
    ) -> PublicTrade:
        """Record a trade of ``amount`` at ``price`` on ``name`` (taker ``direction``).

        Example:
            >>> m = Market(seed=0, rate=0.0)
            >>> trade = m.print_trade("ETH-PERPETUAL", "buy", 3001.0, 5.0, now=2, ids=IdSequence())
            >>> trade.trade_id
            'ETH-48000001'
        """
        state = self._quotes[name]
        instrument = state.instrument
        trade = PublicTrade(
            trade_id=ids.trade_id(instrument.currency),
            trade_seq=ids.trade_seq(name),
            instrument_name=name,
            timestamp=int(now * 1000),
            direction=direction,
            price=price,
            amount=amount,
            contracts=q(amount / instrument.contract_size),
            index_price=state.index,
            mark_price=state.mark,
            tick_direction=state.next_tick_direction(price),
        )
        ids.record(name, trade.trade_id)
        state.record(trade)
        return trade

    def _add(self, instrument: Instrument, change_id: int) -> None:
        index = self.indices[instrument.index_name]
        mark = self._fair(instrument, index)
        state = Quotes(instrument, mark=mark, index=index, change_id=change_id)
        state.mark = state.last_price = state.settlement_price = state.round_price(mark)
        state.high = state.low = state.mark
        self._quotes[instrument.name] = state
        self._rngs[instrument.name] = self._rng(instrument.name)
        self.rebuild(instrument.name)
        state.book.publish()

    def _rng(self, name: str) -> random.Random:
        return random.Random(f"{self._seed}:{name}")

    @staticmethod
    def _fair(instrument: Instrument, index: float) -> float:
        if not instrument.is_option:
            return index * (1 + instrument.premium)
        intrinsic = max(index - instrument.strike, 0.0) / index
        return intrinsic + _OPTION_TIME_VALUE * index / instrument.strike

    @staticmethod
    def _size(state: Quotes, rng: random.Random) -> float:
        lots = rng.randint(1, 50) if state.instrument.is_option else rng.randint(10, 500)
        return q(state.instrument.min_trade_amount * lots)
