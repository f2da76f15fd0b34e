"""Which ``book.*`` notifications may reach the user: the ``change_id`` chains (pure).

Rules (``venues/deribit.md`` 1.8):

1. A snapshot starts (or restarts) its channel's chain at its ``change_id`` and is
   delivered. Grouped book channels only ever send snapshots.
2. A change whose ``prev_change_id`` is the chain's last ``change_id`` extends the chain
   and is delivered.
3. Any other change breaks the chain: it is reported once as a gap and dropped, and
   every later change of that channel is dropped until the next snapshot (the one a
   re-subscription brings), so a handler never applies a change to the wrong book.
4. A change on a channel that has had no snapshot is a gap too.
5. A new connection starts every chain afresh (:meth:`BookChains.reset`), and counts
   one more ``epoch``.

Example:
    >>> from venues.deribit.models import BookChange
    >>> def change(kind, prev, cid):
    ...     return BookChange("X", 0, cid, (), (), type=kind, prev_change_id=prev)
    >>> chains = BookChains()
    >>> [chains.admit("book.X.100ms", c) for c in (
    ...     change("snapshot", None, 1), change("change", 1, 2), change("change", 4, 5),
    ...     change("change", 5, 6), change("snapshot", None, 9), change("change", 9, 10))]
    ['deliver', 'deliver', 'gap', 'awaiting_snapshot', 'deliver', 'deliver']
"""

from __future__ import annotations

from venues.deribit.models import BookChange

__all__ = ["AWAITING_SNAPSHOT", "DELIVER", "GAP", "BookChains"]

DELIVER = "deliver"
GAP = "gap"
AWAITING_SNAPSHOT = "awaiting_snapshot"


class BookChains:
    """The last ``change_id`` of every book channel on the current connection.

    Attributes:
        epoch: how many times :meth:`reset` ran (one per connection), so a recovery
            can tell that a reconnect has brought fresh snapshots already.

    Example:
        >>> BookChains().epoch
        0
    """

    def __init__(self) -> None:
        self._last: dict[str, int] = {}
        self._broken: set[str] = set()
        self.epoch = 0

    def admit(self, channel: str, change: BookChange) -> str:
        """``DELIVER``, ``GAP`` (the first change that breaks the chain) or
        ``AWAITING_SNAPSHOT`` (a later change of a broken chain).

        Example: see the module docstring.
        """
        if change.is_snapshot:
            self._last[channel] = change.change_id
            self._broken.discard(channel)
            return DELIVER
        if channel in self._broken:
            return AWAITING_SNAPSHOT
        last = self._last.get(channel)
        if last is not None and change.follows(last):
            self._last[channel] = change.change_id
            return DELIVER
        self._broken.add(channel)
        return GAP

    def reset(self) -> None:
        """Forget every chain: a new connection sends every book's snapshot again.

        Example:
            >>> chains = BookChains(); chains.reset(); chains.epoch
            1
        """
        self._last = {}
        self._broken = set()
        self.epoch += 1
