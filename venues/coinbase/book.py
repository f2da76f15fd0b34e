"""A local Coinbase order book, kept from ``level2`` events (:class:`Level2Event`).

Rules (``venues/coinbase.md`` 3.6):

1. A ``snapshot`` event replaces the whole book: nothing of the old book survives it.
2. An ``update`` sets each level it names to ``new_quantity`` (the absolute size, not
   a delta); a ``new_quantity`` of zero removes the level. ``side`` ``bid`` is a bid,
   ``offer`` an ask.
3. An update before any snapshot (or after :meth:`LocalOrderBook.invalidate`) raises
   :class:`BookNotReady` and changes nothing: a book never applies updates to a book
   it does not have.

Coinbase has no per-book change ids: the client watches the connection's
``sequence_num`` and, on a gap, holds back ``level2`` updates and re-subscribes, so the
next event a book sees is a fresh snapshot.

A book for a ``-USDC`` product takes the ``-USD`` events the venue serves for it (see
:mod:`venues.coinbase.aliases`).

:class:`LocalOrderBook` is a plain object, not thread-safe: feed it from one handler (a
subscription handler runs on the client's dispatcher thread, in arrival order) and
read it on that thread. :meth:`LocalOrderBook.bids` and :meth:`LocalOrderBook.asks` return new
lists, which may be handed to other threads.

Example:
    >>> from venues.coinbase.channels.level2 import parse_event
    >>> def level2(kind, *updates):
    ...     return parse_event({"type": kind, "product_id": "BTC-USD", "updates": [
    ...         {"side": side, "event_time": "2023-02-09T20:32:50Z", "price_level": price,
    ...          "new_quantity": size} for side, price, size in updates]})
    >>> book = LocalOrderBook("BTC-USD")
    >>> book.apply(level2("snapshot", ("bid", "21921.73", "0.06"), ("offer", "21922.10", "0.5")))
    >>> book.apply(level2("update", ("offer", "21922.10", "0"), ("offer", "21923", "1.5")))
    >>> book.best_bid(), book.best_ask()
    ((Decimal('21921.73'), Decimal('0.06')), (Decimal('21923'), Decimal('1.5')))
"""

from __future__ import annotations

from protocol.errors import InvalidParameters, VenueClientError
from venues._ladder import TwoSidedBook
from venues.coinbase.aliases import usd_twin
from venues.coinbase.channels.envelope import ChannelMessage
from venues.coinbase.channels.level2 import CHANNEL, Level2Event, Level2Update

__all__ = ["BookNotReady", "LocalOrderBook"]


_BID = "bid"


class BookNotReady(VenueClientError):
    """An update reached a book that has no snapshot to apply it to.

    Attributes:
        product_id: the book's product.

    Example:
        >>> error = BookNotReady("BTC-USD")
        >>> error.product_id, isinstance(error, VenueClientError)
        ('BTC-USD', True)
        >>> str(error)
        'book BTC-USD: an update arrived before any snapshot'
    """

    def __init__(self, product_id: str) -> None:
        super().__init__(f"book {product_id}: an update arrived before any snapshot")
        self.product_id = product_id


class LocalOrderBook(TwoSidedBook):
    """The book of one product, fed with its ``level2`` events (see the module).

    Args:
        product_id: the product whose events this book takes (``"BTC-USD"``).

    Raises:
        InvalidParameters: ``product_id`` is empty.

    Example:
        >>> book = LocalOrderBook("BTC-USD")
        >>> book
        LocalOrderBook('BTC-USD', valid=False, bids=0, asks=0)
        >>> def on_level2(key, message):  # the "level2:BTC-USD" handler feeds it
        ...     book.apply_message(message)
    """

    __slots__ = ("_accepted", "_product_id", "_valid")

    def __init__(self, product_id: str) -> None:
        if not isinstance(product_id, str) or not product_id:
            raise InvalidParameters("product_id", "must be a non-empty string")
        self._product_id = product_id
        twin = usd_twin(CHANNEL, product_id)
        self._accepted = frozenset({product_id} if twin is None else {product_id, twin})
        self._valid = False
        super().__init__()

    def __repr__(self) -> str:
        return (
            f"LocalOrderBook({self._product_id!r}, valid={self._valid}, "
            f"bids={len(self._bids)}, asks={len(self._asks)})"
        )

    @property
    def product_id(self) -> str:
        """The product of this book.

        Example:
            >>> LocalOrderBook("ETH-USD").product_id
            'ETH-USD'
        """
        return self._product_id

    @property
    def valid(self) -> bool:
        """True from the first snapshot until :meth:`invalidate`.

        Example:
            >>> LocalOrderBook("BTC-USD").valid
            False
        """
        return self._valid

    def apply(self, event: Level2Event) -> None:
        """Apply a ``snapshot`` or an ``update`` event (rules in the module docstring).

        Raises:
            BookNotReady: an update arrived before any snapshot (nothing changes).
            InvalidParameters: ``event`` is for another product (nothing changes).

        Example:
            >>> from decimal import Decimal
            >>> from venues.coinbase.timestamps import Timestamp
            >>> book = LocalOrderBook("BTC-USD")
            >>> book.apply(Level2Event("snapshot", "BTC-USD", (
            ...     Level2Update("bid", Timestamp(0), Decimal("100"), Decimal("2")),)))
            >>> book.bids()
            [(Decimal('100'), Decimal('2'))]
        """
        if event.product_id not in self._accepted:
            raise InvalidParameters(
                "event", f"is for {event.product_id!r}, this book is {self._product_id!r}"
            )
        if event.is_snapshot:
            self._bids.clear()
            self._asks.clear()
            self._valid = True
        elif not self._valid:
            raise BookNotReady(self._product_id)
        self._apply_updates(event.updates)

    def apply_message(self, message: ChannelMessage[Level2Event]) -> None:
        """Apply every event of a ``level2`` handler's message, in order.

        Raises:
            BookNotReady, InvalidParameters: as :meth:`apply`; events before the
                failing one stay applied.
            InvalidParameters: ``message`` is not from the ``level2`` channel.

        Example:
            >>> from venues.coinbase.timestamps import Timestamp
            >>> book = LocalOrderBook("BTC-USD")
            >>> book.apply_message(ChannelMessage("level2", "BTC-USD", "", Timestamp(0), 1,
            ...     (Level2Event("snapshot", "BTC-USD", ()),)))
            >>> book.valid
            True
        """
        if message.channel != CHANNEL:
            raise InvalidParameters("message", f"is from {message.channel!r}, not 'level2'")
        for event in message.events:
            self.apply(event)

    def invalidate(self) -> None:
        """Throw the book away: empty, not valid, refusing updates until a snapshot.

        For when the book is known to be stale. Call it on the thread that feeds
        the book.

        Example:
            >>> book = LocalOrderBook("BTC-USD")
            >>> book.apply(Level2Event("snapshot", "BTC-USD", ()))
            >>> book.invalidate()
            >>> book.valid
            False
        """
        self._clear_levels()
        self._valid = False

    def _apply_updates(self, updates: tuple[Level2Update, ...]) -> None:
        bids, asks = self._bids, self._asks
        for update in updates:
            side = bids if update.side == _BID else asks
            side.set(update.price_level, update.new_quantity)
