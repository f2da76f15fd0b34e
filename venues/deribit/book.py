"""A local Deribit order book, kept from ``book.*`` notifications (:class:`BookChange`).

Rules (``venues/deribit.md`` 1.8):

1. A snapshot (the first notification of a subscription, and every notification of a
   grouped ``book.{inst}.{group}.{depth}.{interval}`` channel) replaces the whole book
   and its ``change_id``: nothing of the old book survives it.
2. A change applies only if its ``prev_change_id`` is the book's ``change_id``; its
   ``change_id`` then becomes the book's.
3. Any other change raises :class:`BookGap` and throws the book away: the book is
   empty and not ``valid``, and every later change raises :class:`BookGap` too until
   a snapshot arrives (the one a re-subscription brings). A change before any
   snapshot is a gap as well.
4. ``new`` and ``change`` set a level to the amount given (absolute, not a delta);
   ``delete`` removes it. A level whose amount is zero is never listed.

The clients hold back a change that breaks the chain on the wire and re-subscribe
for a fresh snapshot, which replaces the book. The book checks the chain again
itself, whatever feeds it, so a book that missed a change the client delivered
(created mid-stream, a handler that skipped one) refuses to go on rather than drift.

:class:`LocalOrderBook` is a plain object, not thread-safe: feed it from one handler (a
subscription handler runs on the client's dispatcher thread, in arrival order) and
read it on that thread. :meth:`LocalOrderBook.bids` and :meth:`LocalOrderBook.asks` return new
lists, which may be handed to other threads. Not to be confused with
:class:`venues.deribit.models.OrderBook`, the ``public/get_order_book`` reply.

Example:
    >>> def book_change(kind, change_id, prev=None, bids=(), asks=()):
    ...     return BookChange.from_wire({"type": kind, "timestamp": 0,
    ...         "instrument_name": "BTC-PERPETUAL", "change_id": change_id,
    ...         "prev_change_id": prev, "bids": list(bids), "asks": list(asks)})
    >>> book = LocalOrderBook("BTC-PERPETUAL")
    >>> book.apply(book_change("snapshot", 7, bids=[["new", 5042.34, 30], ["new", 5041.94, 20]],
    ...                        asks=[["new", 5042.64, 40]]))
    >>> book.apply(book_change("change", 8, prev=7, bids=[["delete", 5041.94, 0]]))
    >>> book.best_bid(), book.change_id
    ((Decimal('5042.34'), Decimal('30')), 8)
    >>> book.apply(book_change("change", 10, prev=9))
    Traceback (most recent call last):
    ...
    venues.deribit.book.BookGap: book BTC-PERPETUAL: change 10 follows 9, expected 8
    >>> book.valid, book.bids()
    (False, [])
"""

from __future__ import annotations

from protocol.errors import InvalidParameters, VenueClientError
from venues._ladder import PriceLadder, TwoSidedBook
from venues.deribit.models import BookChange, BookLevelChange

__all__ = ["BookGap", "LocalOrderBook"]


_DELETE = "delete"


class BookGap(VenueClientError):
    """A book change that does not continue the book it was applied to.

    Attributes:
        instrument_name: the book's instrument.
        expected: the ``prev_change_id`` the book could take (its ``change_id``), or
            ``None`` when the book needs a snapshot first.
        got: the change's ``prev_change_id``.
        change_id: the refused change's own ``change_id`` (``None`` if not given).

    Example:
        >>> gap = BookGap("BTC-PERPETUAL", 297217, 297300)
        >>> gap.expected, gap.got, isinstance(gap, VenueClientError)
        (297217, 297300, True)
        >>> str(BookGap("BTC-PERPETUAL", None, 4))
        'book BTC-PERPETUAL: change follows 4, but the book awaits a snapshot'
    """

    def __init__(
        self,
        instrument_name: str,
        expected: int | None,
        got: int | None,
        change_id: int | None = None,
    ) -> None:
        change = "change" if change_id is None else f"change {change_id}"
        if expected is None:
            detail = f"{change} follows {got}, but the book awaits a snapshot"
        else:
            detail = f"{change} follows {got}, expected {expected}"
        super().__init__(f"book {instrument_name}: {detail}")
        self.instrument_name = instrument_name
        self.expected = expected
        self.got = got
        self.change_id = change_id


class LocalOrderBook(TwoSidedBook):
    """The book of one instrument, fed with its ``book.*`` notifications (see the module).

    Args:
        instrument_name: the instrument whose notifications this book takes.

    Raises:
        InvalidParameters: ``instrument_name`` is empty.

    Example:
        >>> book = LocalOrderBook("BTC-PERPETUAL")
        >>> book
        LocalOrderBook('BTC-PERPETUAL', change_id=None, valid=False, bids=0, asks=0)
        >>> def on_book(channel, change):  # the subscription handler feeds it
        ...     book.apply(change)
    """

    __slots__ = ("_change_id", "_instrument_name")

    def __init__(self, instrument_name: str) -> None:
        if not isinstance(instrument_name, str) or not instrument_name:
            raise InvalidParameters("instrument_name", "must be a non-empty string")
        self._instrument_name = instrument_name
        self._change_id: int | None = None
        super().__init__()

    def __repr__(self) -> str:
        return (
            f"LocalOrderBook({self._instrument_name!r}, change_id={self._change_id}, "
            f"valid={self.valid}, bids={len(self._bids)}, asks={len(self._asks)})"
        )

    @property
    def instrument_name(self) -> str:
        """The instrument of this book.

        Example:
            >>> LocalOrderBook("ETH-PERPETUAL").instrument_name
            'ETH-PERPETUAL'
        """
        return self._instrument_name

    @property
    def change_id(self) -> int | None:
        """The ``change_id`` of the last snapshot or change applied; ``None`` while the
        book is not valid.

        Example:
            >>> LocalOrderBook("BTC-PERPETUAL").change_id is None
            True
        """
        return self._change_id

    @property
    def valid(self) -> bool:
        """True from a snapshot until a gap (or :meth:`invalidate`).

        Example:
            >>> LocalOrderBook("BTC-PERPETUAL").valid
            False
        """
        return self._change_id is not None

    def apply(self, change: BookChange) -> None:
        """Apply a snapshot or a change (the rules are in the module docstring).

        Raises:
            BookGap: ``change`` is not a snapshot and does not follow the book's
                ``change_id`` (or the book has none); the book is thrown away.
            InvalidParameters: ``change`` is for another instrument (the book is
                left as it was).

        Example:
            >>> from decimal import Decimal
            >>> book = LocalOrderBook("X")
            >>> book.apply(BookChange("X", 0, 5, (BookLevelChange("new", Decimal(9),
            ...     Decimal(2)),), (), type="snapshot"))
            >>> book.bids()
            [(Decimal('9'), Decimal('2'))]
        """
        if change.instrument_name != self._instrument_name:
            raise InvalidParameters(
                "change",
                f"is for {change.instrument_name!r}, this book is {self._instrument_name!r}",
            )
        if change.is_snapshot:
            self._bids.clear()
            self._asks.clear()
        elif self._change_id is None or not change.follows(self._change_id):
            expected = self._change_id
            self.invalidate()
            raise BookGap(self._instrument_name, expected, change.prev_change_id, change.change_id)
        _apply_levels(self._bids, change.bids)
        _apply_levels(self._asks, change.asks)
        self._change_id = change.change_id

    def invalidate(self) -> None:
        """Throw the book away: empty, not valid, refusing changes until a snapshot.

        For when the book is known to be stale though no gap reached it. Call it on
        the thread that feeds the book.

        Example:
            >>> book = LocalOrderBook("X")
            >>> book.apply(BookChange("X", 0, 5, (), (), type="snapshot"))
            >>> book.invalidate()
            >>> book.valid, book.change_id
            (False, None)
        """
        self._clear_levels()
        self._change_id = None


def _apply_levels(side: PriceLadder, levels: tuple[BookLevelChange, ...]) -> None:
    for level in levels:
        if level.action == _DELETE:
            side.remove(level.price)
        else:
            side.set(level.price, level.amount)
