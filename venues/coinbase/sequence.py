"""Gap and duplicate detection on the connection-wide ``sequence_num`` (pure).

Every Coinbase message carries ``sequence_num``, one counter per connection across
all channels. Rules (from the venue facts):

- Rule 1: the first message after (re)connecting is accepted whatever its number.
- Rule 2: ``seq == last + 1`` is in order.
- Rule 3: ``seq > last + 1`` is a gap: ``seq - last - 1`` messages were lost. The
  tracker moves on to ``seq`` (the message itself is good).
- Rule 4: ``seq <= last`` is a duplicate or arrived out of order: drop it.
- Rule 5: a new connection starts a new counter (:meth:`SequenceTracker.reset`).

Example:
    >>> tracker = SequenceTracker()
    >>> [tracker.observe(n).verdict for n in (0, 1, 3, 3)]
    ['first', 'in_order', 'gap', 'duplicate']
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Observation", "SequenceGap", "SequenceTracker"]


@dataclass(frozen=True, slots=True)
class SequenceGap:
    """Messages ``expected`` .. ``received - 1`` never arrived.

    Example:
        >>> SequenceGap(expected=5, received=8).missed
        3
    """

    expected: int
    received: int

    @property
    def missed(self) -> int:
        """How many messages were lost.

        Example:
            >>> SequenceGap(1, 2).missed
            1
        """
        return self.received - self.expected


@dataclass(frozen=True, slots=True)
class Observation:
    """The tracker's verdict on one ``sequence_num``: ``first``, ``in_order``, ``gap``
    (with ``gap`` set) or ``duplicate``.

    Example:
        >>> Observation("in_order").accepted
        True
    """

    verdict: str
    gap: SequenceGap | None = None

    @property
    def accepted(self) -> bool:
        """False for duplicates and out-of-order messages (they are dropped).

        Example:
            >>> Observation("duplicate").accepted
            False
        """
        return self.verdict != "duplicate"


_FIRST = Observation("first")
_IN_ORDER = Observation("in_order")
_DUPLICATE = Observation("duplicate")


class SequenceTracker:
    """Tracks the last accepted ``sequence_num`` of one connection.

    Example:
        >>> tracker = SequenceTracker()
        >>> tracker.observe(7).verdict, tracker.last
        ('first', 7)
    """

    __slots__ = ("duplicates", "gaps", "last", "missed")

    def __init__(self) -> None:
        self.last: int | None = None
        self.gaps = 0
        self.missed = 0
        self.duplicates = 0

    def observe(self, seq: int) -> Observation:
        """Judge ``seq`` and, unless it is a duplicate, make it the last one seen.

        Example:
            >>> SequenceTracker().observe(0).verdict
            'first'
        """
        last = self.last
        if last is None:
            self.last = seq
            return _FIRST
        if seq == last + 1:
            self.last = seq
            return _IN_ORDER
        if seq <= last:
            self.duplicates += 1
            return _DUPLICATE
        self.last = seq
        gap = SequenceGap(last + 1, seq)
        self.gaps += 1
        self.missed += gap.missed
        return Observation("gap", gap)

    def reset(self) -> None:
        """Start over for a new connection (counters of past gaps are kept).

        Example:
            >>> SequenceTracker().reset()
        """
        self.last = None
