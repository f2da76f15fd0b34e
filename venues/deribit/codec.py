"""Deribit frames <-> typed messages (sans-I/O), on top of JSON-RPC 2.0.

- Numbers are exact: JSON floats are parsed as :class:`~decimal.Decimal`.
- ``subscription`` notifications become ``Event(channel, data)`` with typed data built
  by the models' fast constructors (no marshmallow per market-data frame; see
  :mod:`venues.deribit.models` for what each channel delivers).
- ``heartbeat`` notifications become ``Control("heartbeat", params)``; the client answers
  every ``test_request`` with ``public/test``.
- Error replies become the exception classes of :mod:`venues.deribit.errors`.
- ``book.*`` changes reach the user only while they chain from the last snapshot
  (:mod:`venues.deribit._book_chains`); a change that breaks the chain is reported to
  ``on_book_gap`` and, like every change until the next snapshot, comes back as
  ``Control("message_dropped", BookDropped)`` instead of an event.

A notification whose data does not have the documented shape becomes ``Malformed``:
it is counted and signalled, and the session goes on.

Docs: https://docs.deribit.com/#json-rpc

Example:
    >>> codec = DeribitCodec()
    >>> codec.decode('{"jsonrpc":"2.0","method":"subscription","params":{'
    ...     '"channel":"deribit_price_index.btc_usd",'
    ...     '"data":{"timestamp":1550588002899,"price":3937.89,"index_name":"btc_usd"}}}')
    Event(channel='deribit_price_index.btc_usd', data=PriceIndex(index_name='btc_usd', \
price=Decimal('3937.89'), timestamp=1550588002899))
    >>> codec.decode('{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}')
    Control(kind='heartbeat', payload={'type': 'test_request'})
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NoReturn

from protocol.errors import VenueError
from protocol.jsonrpc import JsonRpcCodec
from protocol.messages import Control, Event, Failure, Inbound
from venues.deribit._book_chains import DELIVER, GAP, BookChains
from venues.deribit.errors import error_for
from venues.deribit.models import (
    AccountSummary,
    BookChange,
    Order,
    PriceIndex,
    Ticker,
    Trade,
    UserChanges,
    UserTrade,
)

__all__ = ["BookDropped", "DeribitCodec", "typed_data"]

SUBSCRIPTION = "subscription"
HEARTBEAT = "heartbeat"


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not valid JSON")


def exact_loads(frame: str | bytes) -> Any:
    """Parse JSON with floats as Decimal (and NaN/Infinity refused).

    Example:
        >>> exact_loads('{"price": 0.1}')
        {'price': Decimal('0.1')}
    """
    return json.loads(frame, parse_float=Decimal, parse_constant=_refuse_constant)


def _array(data: Any) -> list[Any]:
    if type(data) is not list:  # trades.* and user.trades.* data are always arrays
        raise TypeError(f"expected an array, got {type(data).__name__}")
    return data


def _trades(data: Any) -> tuple[Trade, ...]:
    return tuple(Trade.from_wire(item) for item in _array(data))


def _user_trades(data: Any) -> tuple[UserTrade, ...]:
    return tuple(UserTrade.from_wire(item) for item in _array(data))


def _orders(data: Any) -> Order | tuple[Order, ...]:
    if isinstance(data, list):
        return tuple(Order.from_wire(item) for item in data)
    return Order.from_wire(data)


_BY_PREFIX: dict[str, Callable[[Any], Any]] = {
    "trades": _trades,
    "book": BookChange.from_wire,
    "ticker": Ticker.from_wire,
    "deribit_price_index": PriceIndex.from_wire,
    "user.orders": _orders,
    "user.trades": _user_trades,
    "user.portfolio": AccountSummary.from_wire,
    "user.changes": UserChanges.from_wire,
}


def typed_data(channel: str, data: Any) -> Any:
    """Return ``data`` as the model its channel documents (other channels: unchanged).

    Raises:
        KeyError, TypeError, ValueError, ArithmeticError: ``data`` has the wrong shape.

    Example:
        >>> typed_data("user.orders.BTC-PERPETUAL.raw", [])
        ()
        >>> typed_data("platform_state", {"allow_unauthenticated_public_requests": True})
        {'allow_unauthenticated_public_requests': True}
    """
    head, _, rest = channel.partition(".")
    if head == "user":
        head = "user." + rest.partition(".")[0]
    build = _BY_PREFIX.get(head)
    return data if build is None else build(data)


@dataclass(frozen=True, slots=True)
class BookDropped:
    """A ``book.*`` change held back from the user: ``reason`` is ``"book gap"`` (it
    broke the chain) or ``"awaiting book snapshot"`` (the chain is already broken).

    Example:
        >>> BookDropped("book.BTC-PERPETUAL.100ms", "book gap").reason
        'book gap'
    """

    channel: str
    reason: str


class DeribitCodec(JsonRpcCodec):
    """The codec of both Deribit clients (see the module docstring).

    Args:
        on_book_gap: called with the channel on the reader thread when a book change
            breaks its chain; it must not block.

    Attributes:
        books: the ``change_id`` chains of the current connection.

    Example:
        >>> DeribitCodec().decode('{"jsonrpc":"2.0","id":7,"result":0.5}')
        Reply(id=7, result=Decimal('0.5'))
    """

    __slots__ = ("books", "on_book_gap")

    def __init__(self, on_book_gap: Callable[[str], None] | None = None) -> None:
        super().__init__(loads=exact_loads)
        self.books = BookChains()
        self.on_book_gap = on_book_gap

    def notification(self, method: str, params: Any) -> Inbound:
        """Typed subscription data, heartbeats as Control; anything else as Control.

        Raises (turned into ``Malformed`` by ``decode``): a subscription without a
        channel and data, or whose data does not fit its channel's model.
        """
        if method == SUBSCRIPTION:
            if not isinstance(params, dict) or not isinstance(params.get("channel"), str):
                raise ValueError("subscription without a channel")
            channel = params["channel"]
            data = typed_data(channel, params["data"])
            if type(data) is BookChange:
                verdict = self.books.admit(channel, data)
                if verdict is not DELIVER:
                    return self._held_back(channel, verdict)
            return Event(channel, data)
        return Control(method, params)

    def _held_back(self, channel: str, verdict: str) -> Control:
        if verdict != GAP:
            return Control("message_dropped", BookDropped(channel, "awaiting book snapshot"))
        if self.on_book_gap is not None:
            self.on_book_gap(channel)
        return Control("message_dropped", BookDropped(channel, "book gap"))

    def error(self, failure: Failure, method: str) -> VenueError:
        """The exception of :mod:`venues.deribit.errors` for an error reply.

        Example:
            >>> DeribitCodec().error(Failure(1, 10009, "not_enough_funds"), "private/buy")
            NotEnoughFunds("venue error 10009 in 'private/buy': not_enough_funds")
        """
        return error_for(failure.code, failure.message, failure.data, method)
