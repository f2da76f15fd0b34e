"""Sequential request ids, safe to draw from several threads at once.

Example:
    >>> ids = RequestIds()
    >>> ids.next(), next(ids), ids.next()
    (1, 2, 3)
"""

from __future__ import annotations

import itertools

__all__ = ["RequestIds"]


class RequestIds:
    """An endless source of unique, increasing integer ids, starting at ``start``.

    One instance per connection: ids only need to be unique among the requests in
    flight on it, and sequential ids make logs easy to follow.

    Thread safety without a lock (``protocol`` is sans-I/O and imports no ``threading``):
    ``itertools.count.__next__`` is a single C call that reads and bumps its counter
    without releasing the GIL, so two threads can never draw the same number. This holds
    for CPython with the GIL, the interpreter this library targets.

    Args:
        start: the first id.

    Example:
        >>> ids = RequestIds(start=100)
        >>> [ids.next() for _ in range(3)]
        [100, 101, 102]
    """

    __slots__ = ("_counter",)

    def __init__(self, start: int = 1) -> None:
        self._counter = itertools.count(start)

    def next(self) -> int:
        """Return the next id.

        Example:
            >>> RequestIds().next()
            1
        """
        return next(self._counter)

    def __next__(self) -> int:
        return next(self._counter)

    def __iter__(self) -> RequestIds:
        return self
