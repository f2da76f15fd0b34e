"""Order and trade identifiers, shaped like Deribit's.

``order_id`` and ``trade_id`` are strings (``venues/deribit.md`` 1.9 and README gotcha 3):
plain numbers for BTC instruments, ``ETH-<n>`` for ETH ones. ``trade_seq`` is an int that
counts the trades of one instrument without gaps, so a test can prove no trade was lost.

Example:
    >>> ids = IdSequence()
    >>> ids.order_id("BTC"), ids.order_id("ETH"), ids.trade_id("ETH")
    ('5000001', 'ETH-5000002', 'ETH-48000001')
    >>> ids.trade_seq("BTC-PERPETUAL"), ids.trade_seq("BTC-PERPETUAL")
    (30000001, 30000002)
"""

from __future__ import annotations

__all__ = ["IdSequence"]

_FIRST_ORDER = 5_000_000
_FIRST_TRADE = 48_000_000
_FIRST_SEQ = 30_000_000


class IdSequence:
    """Monotonic counters for orders, trades and per-instrument trade sequence numbers.

    Example:
        >>> IdSequence().last_trade_seq("X")
        0
    """

    def __init__(self) -> None:
        self._order = _FIRST_ORDER
        self._trade = _FIRST_TRADE
        self._seq: dict[str, int] = {}
        self._last_trade: dict[str, str] = {}

    def order_id(self, currency: str) -> str:
        """A new order id for an instrument of ``currency``.

        Example:
            >>> IdSequence().order_id("BTC")
            '5000001'
        """
        self._order += 1
        return _prefixed(currency, self._order)

    def trade_id(self, currency: str) -> str:
        """A new trade id for an instrument of ``currency``.

        Example:
            >>> IdSequence().trade_id("BTC")
            '48000001'
        """
        self._trade += 1
        return _prefixed(currency, self._trade)

    def trade_seq(self, instrument: str) -> int:
        """The next ``trade_seq`` of ``instrument``.

        Example:
            >>> IdSequence().trade_seq("BTC-PERPETUAL")
            30000001
        """
        self._seq[instrument] = self._seq.get(instrument, _FIRST_SEQ) + 1
        return self._seq[instrument]

    def record(self, instrument: str, trade_id: str) -> None:
        """Remember ``trade_id`` as the last trade of ``instrument``.

        Example:
            >>> ids = IdSequence(); ids.record("X", "1"); ids.last_trade_id("X")
            '1'
        """
        self._last_trade[instrument] = trade_id

    def last_trade_seq(self, instrument: str) -> int:
        """The last ``trade_seq`` handed out for ``instrument`` (0 if none yet).

        Example:
            >>> ids = IdSequence(); _ = ids.trade_seq("X"); ids.last_trade_seq("X")
            30000001
        """
        return self._seq.get(instrument, 0)

    def last_trade_id(self, instrument: str) -> str:
        """The id of the last trade of ``instrument`` (``""`` if none yet).

        Example:
            >>> IdSequence().last_trade_id("X")
            ''
        """
        return self._last_trade.get(instrument, "")


def _prefixed(currency: str, number: int) -> str:
    return str(number) if currency == "BTC" else f"{currency}-{number}"
