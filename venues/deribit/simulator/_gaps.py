"""Book changes withheld from subscribers, so tests can provoke order-book gaps.

Rules (``venues/deribit.md`` 1.8):

1. :meth:`BookGaps.skip` withholds the next ``count`` published changes of one instrument,
   or of each instrument when ``instrument`` is ``None``; repeated calls add up.
2. A withheld change still happens: the book and its ``change_id`` advance, only its
   ``change`` notification is not sent, so the next change a subscriber receives carries a
   ``prev_change_id`` that is not the last ``change_id`` it saw. Snapshots are never withheld.

Example:
    >>> gaps = BookGaps(["BTC-PERPETUAL", "ETH-PERPETUAL"])
    >>> gaps.skip(2, "BTC-PERPETUAL")
    >>> [gaps.withhold("BTC-PERPETUAL") for _ in range(3)], gaps.withhold("ETH-PERPETUAL")
    ([True, True, False], False)
"""

from __future__ import annotations

from collections.abc import Iterable

from protocol.errors import InvalidParameters

__all__ = ["BookGaps"]


class BookGaps:
    """How many upcoming book changes of each instrument are withheld.

    Args:
        instruments: the names of the simulated instruments (the only ones ``skip`` accepts).

    Example: see the module docstring.
    """

    def __init__(self, instruments: Iterable[str]) -> None:
        self._left: dict[str, int] = dict.fromkeys(instruments, 0)

    def skip(self, count: int = 1, instrument: str | None = None) -> None:
        """Withhold the next ``count`` changes of ``instrument`` (``None``: of each one).

        Raises:
            InvalidParameters: ``count`` is not an int >= 1, or ``instrument`` is neither
                ``None`` nor a simulated instrument's name.

        Example:
            >>> BookGaps(["BTC-PERPETUAL"]).skip(0)
            Traceback (most recent call last):
            ...
            protocol.errors.InvalidParameters: invalid parameter 'count': must be an int >= 1
        """
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise InvalidParameters("count", "must be an int >= 1")
        if instrument is not None and (
            not isinstance(instrument, str) or instrument not in self._left
        ):
            raise InvalidParameters("instrument", f"unknown instrument {instrument!r}")
        for name in self._left if instrument is None else [instrument]:
            self._left[name] += count

    def withhold(self, instrument: str) -> bool:
        """Whether the change of ``instrument`` being published now is withheld (consumes one).

        Example:
            >>> BookGaps(["BTC-PERPETUAL"]).withhold("BTC-PERPETUAL")
            False
        """
        left = self._left.get(instrument, 0)
        if left <= 0:
            return False
        self._left[instrument] = left - 1
        return True

    def pending(self, instrument: str) -> int:
        """How many upcoming changes of ``instrument`` are still to be withheld.

        Example:
            >>> gaps = BookGaps(["ETH-PERPETUAL"]); gaps.skip(3); gaps.pending("ETH-PERPETUAL")
            3
        """
        return self._left.get(instrument, 0)
