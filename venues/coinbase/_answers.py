"""Matching the venue's ``subscriptions`` state messages to the exchange waiting for one.

Coinbase's subscribe and unsubscribe messages carry no ids, and an answer may arrive
after its exchange gave up: taking "the next state message" as the answer would pair
a late answer with the next exchange. So each state is judged by what it lists (the
venue's whole subscription state):

- a subscribe of keys K is answered by the first state listing every key of K;
- an unsubscribe of keys K is answered by the first state listing none of them;
- past its deadline, a subscribe that has seen states since it was sent reports the
  latest one (its caller finds the keys missing from it); otherwise, and for an
  unsubscribe, the wait ends with ``RequestTimeout``.

An ``error`` message carries nothing to match, so it answers whichever exchange waits.

Example:
    >>> answers = Answers()
    >>> with answers.expect("subscribe", ["level2:BTC-USD"]) as wait:
    ...     answers.offer_state(SubscriptionState({"level2": ("ETH-USD",)}, 0))
    ...     answers.offer_state(SubscriptionState({"level2": ("BTC-USD",)}, 1))
    ...     wait(1.0, "subscribe level2").sequence_num
    False
    True
    1
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from protocol.errors import ConnectionClosed, RequestTimeout
from venues.coinbase.codec import ErrorNotice, SubscriptionState
from venues.coinbase.keys import split_key

__all__ = ["Answer", "Answers", "lists"]

Answer = SubscriptionState | ErrorNotice | Exception
Wait = Callable[[float, str], Answer]


def lists(state: SubscriptionState, key: str) -> bool:
    """True when ``state`` names ``key`` itself (no ``-USD`` twin stands in for it).

    Example:
        >>> lists(SubscriptionState({"ticker": ("BTC-USD",)}, 0), "ticker:BTC-USDC")
        False
    """
    channel, product = split_key(key)
    listed = state.subscriptions.get(channel)
    return listed is not None and (product is None or product in listed)


@dataclass
class _Waiter:
    kind: str
    keys: tuple[str, ...]
    answer: Answer | None = None
    latest: SubscriptionState | None = field(default=None)

    def offer(self, state: SubscriptionState) -> bool:
        self.latest = state
        if self.kind == "subscribe":
            done = all(state.confirms(key) for key in self.keys)
        else:
            done = not any(lists(state, key) for key in self.keys)
        if done:
            self.answer = state
        return done


class Answers:
    """The one exchange waiting for the venue, and the answers offered to it.

    Example:
        >>> Answers().offer_state(SubscriptionState({}, 0))  # nobody waits
        False
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._waiter: _Waiter | None = None
        self._closed = False

    @contextmanager
    def expect(self, kind: str, keys: Sequence[str]) -> Iterator[Wait]:
        """Register the exchange (before its message is sent); yields its wait.

        Example:
            >>> with Answers().expect("unsubscribe", ["heartbeats"]) as wait:
            ...     pass
        """
        waiter = _Waiter(kind, tuple(keys))
        with self._cond:
            self._waiter = waiter
        try:
            yield lambda limit, what: self._wait(waiter, limit, what)
        finally:
            with self._cond:
                self._waiter = None

    def offer_state(self, state: SubscriptionState) -> bool:
        """Offer a state message; True if it answered the waiting exchange.

        Example:
            >>> Answers().offer_state(SubscriptionState({"heartbeats": ()}, 3))
            False
        """
        with self._cond:
            waiter = self._waiter
            if waiter is None or waiter.answer is not None:
                return False
            # Every state counts as news, answer or not: the deadline reports the latest.
            self._cond.notify_all()
            return waiter.offer(state)

    def offer(self, answer: ErrorNotice | Exception) -> bool:
        """Offer an ``error`` or a failure (a lost connection); True if one waited.

        Example:
            >>> Answers().offer(ErrorNotice("failure to subscribe"))
            False
        """
        with self._cond:
            waiter = self._waiter
            if waiter is None or waiter.answer is not None:
                return False
            waiter.answer = answer
            self._cond.notify_all()
            return True

    def close(self) -> None:
        """End every wait for good (``ConnectionClosed``).

        Example:
            >>> Answers().close()
        """
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _wait(self, waiter: _Waiter, limit: float, what: str) -> Answer:
        deadline = time.monotonic() + limit
        with self._cond:
            while waiter.answer is None:
                if self._closed:
                    raise ConnectionClosed()
                left = deadline - time.monotonic()
                if left <= 0:
                    return self._expired(waiter, limit, what)
                self._cond.wait(left)
            return waiter.answer

    @staticmethod
    def _expired(waiter: _Waiter, limit: float, what: str) -> Answer:
        if waiter.kind == "subscribe" and waiter.latest is not None:
            return waiter.latest
        raise RequestTimeout(what, limit)
