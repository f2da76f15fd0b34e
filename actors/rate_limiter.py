"""Client-side rate limits: a pure limiter and the actor that owns it.

:class:`WebSocketRateLimiter` is pure arithmetic on ``time.monotonic()`` (read at call
time, never cached): sliding windows for messages, connection attempts and request
weight, token buckets for credits, a venue-imposed block, and the subscription cap. It
never sleeps and starts no thread. :class:`RateLimiter` runs one in a pykka actor so
any thread of a client may use it; refusals are signalled (``rate_limited``) and raised
in the caller's thread. A refused operation is never retried here.

Boundary rules (tested at the exact instants):

- Rule 1: a sliding-window entry recorded at ``t`` counts during ``[t, t + window)``;
  at exactly ``t + window`` it has left. (The seed prunes with ``age > window``, which
  keeps it one instant longer; the half-open window makes ``retry_after`` and
  :meth:`WebSocketRateLimiter.wait_time` name an instant at which the operation passes,
  so pacing by them never ends in a refusal.)
- Rule 2: a token bucket passes a cost when its level is ``>= cost`` (exactly enough
  passes; a shortfall worth under one microsecond of refill counts as enough, absorbing
  float rounding of the clock). It refills linearly with elapsed monotonic time, up to
  its capacity, starting from its configured level when the limiter first touches it.
- Rule 3: a block (:meth:`WebSocketRateLimiter.block_until`) refuses every acquire and
  connection attempt while ``now < deadline``; at the deadline it has ended.
- Rule 4: :meth:`WebSocketRateLimiter.acquire` checks every rule before recording
  anything, so a refused cost consumes nothing. It raises the refusal with the longest
  wait, so ``retry_after`` is when the whole cost would pass, barring other traffic.
- Rule 5: a cost that no window or bucket could ever hold (more than its limit or
  capacity, or an unknown bucket) is a caller error: ``InvalidParameters``, not a
  refusal, and it is not counted in ``refused``.

Example:
    >>> limiter = WebSocketRateLimiter(max_messages_per_second=2)
    >>> limiter.acquire(Cost())
    >>> limiter.acquire(Cost())
    >>> limiter.wait_time(Cost()) > 0.0
    True
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

import pykka

from actors._stopping import stop_actor
from actors.signals import emit, rate_limited
from protocol.errors import (
    ConnectionClosed,
    ConnectionRateExceeded,
    CreditLimitExceeded,
    InvalidParameters,
    MessageRateExceeded,
    RateLimitError,
    SubscriptionLimitExceeded,
    VenueClientError,
    WeightLimitExceeded,
)

__all__ = ["Cost", "RateLimitStats", "RateLimiter", "TokenBucket", "WebSocketRateLimiter"]

_K = TypeVar("_K")
_V = TypeVar("_V")


class _FrozenMap(Mapping[_K, _V]):
    """An immutable, hashable mapping, so frozen dataclasses holding one stay hashable."""

    __slots__ = ("_index",)

    def __init__(self, items: Mapping[_K, _V] | Iterable[tuple[_K, _V]] = ()) -> None:
        self._index: dict[_K, _V] = dict(items)

    def __getitem__(self, key: _K) -> _V:
        return self._index[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __hash__(self) -> int:
        return hash(frozenset(self._index.items()))

    def __repr__(self) -> str:
        return repr(self._index)


# ---------------------------------------------------------------------------- validation


def _require_count(field_name: str, value: object, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidParameters(field_name, f"must be an integer >= {minimum}, got {value!r}")
    return value


def _require_limit(field_name: str, value: object) -> int | None:
    return None if value is None else _require_count(field_name, value, minimum=1)


def _require_number(field_name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidParameters(field_name, f"must be a finite number, got {value!r}")
    return float(value)


def _require_positive(field_name: str, value: object) -> float:
    number = _require_number(field_name, value)
    if number <= 0.0:
        raise InvalidParameters(field_name, f"must be > 0, got {value!r}")
    return number


def _require_name(field_name: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidParameters(field_name, f"must be a non-empty string, got {value!r}")
    return value


def _require_credits(value: object) -> _FrozenMap[str, int]:
    if not isinstance(value, Mapping):
        raise InvalidParameters("credits", f"must be a mapping of bucket -> int, got {value!r}")
    for name, amount in value.items():
        _require_name("credits", name)
        _require_count(f"credits[{name!r}]", amount)
    return _FrozenMap(value)


# ---------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Cost:
    """What one operation costs against the limits; immutable and hashable.

    Attributes:
        messages: messages it sends (counted by the message window).
        weight: request weight (counted by every weight window, Binance style).
        credits: credits it takes from named token buckets (Deribit style); kept as
            an immutable mapping.

    Raises:
        InvalidParameters: a negative or non-integer amount, naming the field.

    Example:
        >>> cost = Cost(messages=1, weight=2, credits={"non_matching": 500})
        >>> cost.credits["non_matching"]
        500
        >>> hash(cost) == hash(Cost(weight=2, credits={"non_matching": 500}))
        True
    """

    messages: int = 1
    weight: int = 0
    credits: Mapping[str, int] = field(default_factory=_FrozenMap)

    def __post_init__(self) -> None:
        _require_count("messages", self.messages)
        _require_count("weight", self.weight)
        object.__setattr__(self, "credits", _require_credits(self.credits))


_ONE_MESSAGE = Cost()


@dataclass(frozen=True)
class TokenBucket:
    """A token bucket's configuration: credits refill continuously up to a cap.

    The limiter keeps the live level; this value only describes the bucket.

    Attributes:
        capacity: the most credits the bucket holds (the burst), an integer >= 1.
        refill_per_second: credits added per second of monotonic time (> 0).
        available: the level to start at; ``None`` starts full.

    Raises:
        InvalidParameters: naming the field that is out of range.

    Example:
        >>> TokenBucket(capacity=50_000, refill_per_second=10_000).available is None
        True
    """

    capacity: int
    refill_per_second: float
    available: float | None = None

    def __post_init__(self) -> None:
        _require_count("capacity", self.capacity, minimum=1)
        _require_positive("refill_per_second", self.refill_per_second)
        if self.available is not None:
            level = _require_number("available", self.available)
            if not 0.0 <= level <= self.capacity:
                raise InvalidParameters(
                    "available", f"must be within [0, {self.capacity}], got {self.available!r}"
                )


@dataclass(frozen=True)
class RateLimitStats:
    """A snapshot of a limiter's usage, for monitoring. ``None`` maxima are unlimited.

    Attributes:
        messages_in_last_second: messages recorded in the message window (1 s unless
            the limiter was built with another ``message_window``).
        max_messages_per_second: the message limit per message window, or ``None``.
        active_subscriptions: subscriptions currently recorded.
        max_subscriptions: the subscription cap, or ``None``.
        connections_in_window: connection attempts recorded in the connection window.
        max_connections_per_window: the connection-attempt limit, or ``None``.
        weight_used: request weight used per weight window (seconds -> weight).
        weight_limits: the weight limit per window (seconds -> weight).
        credits_available: the live level of each token bucket.
        blocked_for: seconds left of a venue-imposed block (0.0 when none).
        refused: how many operations this limiter has refused so far.

    Example:
        >>> WebSocketRateLimiter(max_subscriptions=10).get_usage_stats().max_subscriptions
        10
    """

    messages_in_last_second: int
    max_messages_per_second: int | None
    active_subscriptions: int
    max_subscriptions: int | None
    connections_in_window: int
    max_connections_per_window: int | None
    weight_used: Mapping[float, int] = field(default_factory=_FrozenMap)
    weight_limits: Mapping[float, int] = field(default_factory=_FrozenMap)
    credits_available: Mapping[str, float] = field(default_factory=_FrozenMap)
    blocked_for: float = 0.0
    refused: int = 0

    def __post_init__(self) -> None:
        for name in ("weight_used", "weight_limits", "credits_available"):
            object.__setattr__(self, name, _FrozenMap(getattr(self, name)))


# ---------------------------------------------------------------------------- rules


class _Window:
    """Amounts recorded at instants; an entry at ``t`` counts during ``[t, t + span)``."""

    def __init__(self, span: float, limit: int | None) -> None:
        self.span = span
        self.limit = limit
        self.total = 0
        self._entries: deque[tuple[float, int]] = deque()

    def prune(self, now: float) -> None:
        while self._entries and self._entries[0][0] + self.span <= now:
            self.total -= self._entries.popleft()[1]

    def wait(self, amount: int, now: float) -> float:
        """Seconds until ``amount`` more fits (0.0 if now); call after :meth:`prune`."""
        if self.limit is None or self.total + amount <= self.limit:
            return 0.0
        excess = self.total + amount - self.limit
        freed = 0
        for at, size in self._entries:
            freed += size
            if freed >= excess:
                return at + self.span - now
        return math.inf  # only for an amount above the limit, which callers refuse first

    def record(self, amount: int, now: float) -> None:
        if amount:
            self._entries.append((now, amount))
            self.total += amount

    def replace(self, used: int, now: float) -> None:
        self._entries.clear()
        self.total = 0
        self.record(used, now)


# Monotonic instants are floats (one step is ~0.24 us near 2e9 s), so a level computed
# once a reported wait has run out can fall short by a rounding error; a shortfall worth
# less than this many seconds of refill counts as enough.
_SLACK = 1e-6


class _Bucket:
    """The live level of one token bucket, refilled lazily from elapsed time.

    A bucket starts at its configured level the first time the limiter touches it.
    """

    def __init__(self, config: TokenBucket) -> None:
        self.config = config
        self.level = float(config.capacity if config.available is None else config.available)
        self._refilled_at: float | None = None

    def refill(self, now: float) -> None:
        if self._refilled_at is not None and now > self._refilled_at:
            gained = (now - self._refilled_at) * self.config.refill_per_second
            self.level = min(float(self.config.capacity), self.level + gained)
        self._refilled_at = now

    def wait(self, amount: int) -> float:
        """Seconds of refill until ``amount`` fits; call after :meth:`refill`."""
        wait = (amount - self.level) / self.config.refill_per_second
        return wait if wait > _SLACK else 0.0

    def take(self, amount: int) -> None:
        self.level = max(0.0, self.level - amount)


# ---------------------------------------------------------------------------- the limiter


class WebSocketRateLimiter:
    """Sliding windows, token buckets and caps for one client, on the monotonic clock.

    Not thread-safe: one owner at a time (use :class:`RateLimiter` to share it between
    threads). Every limit is optional; ``None`` means unlimited. See the module
    docstring for the exact boundary rules.

    Args:
        max_messages_per_second: messages per ``message_window`` (Binance streams: 5).
        max_subscriptions: concurrent subscriptions (Binance: 1024 per connection).
        max_connections_per_window: connection attempts per ``connection_window``
            (Binance: 300 per 300 s).
        connection_window: seconds of the connection-attempt window.
        message_window: seconds of the message window.
        weight_limits: window seconds -> the most request weight in any such sliding
            window (Binance ``REQUEST_WEIGHT``: ``{60.0: 6000}``).
        buckets: name -> :class:`TokenBucket` (Deribit credits).

    Raises:
        InvalidParameters: naming the argument that is out of range.

    Example:
        >>> limiter = WebSocketRateLimiter(
        ...     max_messages_per_second=5,
        ...     weight_limits={60.0: 6000},
        ...     buckets={"non_matching": TokenBucket(capacity=50_000, refill_per_second=10_000)},
        ... )
        >>> limiter.acquire(Cost(weight=2, credits={"non_matching": 500}))
        >>> limiter.get_usage_stats().weight_used[60.0]
        2
    """

    def __init__(
        self,
        *,
        max_messages_per_second: int | None = None,
        max_subscriptions: int | None = None,
        max_connections_per_window: int | None = None,
        connection_window: float = 300.0,
        message_window: float = 1.0,
        weight_limits: Mapping[float, int] | None = None,
        buckets: Mapping[str, TokenBucket] | None = None,
    ) -> None:
        self._messages = _Window(
            _require_positive("message_window", message_window),
            _require_limit("max_messages_per_second", max_messages_per_second),
        )
        self._connections = _Window(
            _require_positive("connection_window", connection_window),
            _require_limit("max_connections_per_window", max_connections_per_window),
        )
        self._max_subscriptions = _require_limit("max_subscriptions", max_subscriptions)
        self._subscriptions: set[str] = set()
        self._weights: dict[float, _Window] = {}
        for window, limit in (weight_limits or {}).items():
            self._add_weight_window(window, limit)
        self._buckets: dict[str, _Bucket] = {}
        for name, config in (buckets or {}).items():
            self._add_bucket(name, config)
        self._blocked_until = -math.inf
        self._block_reason = ""
        self._refused = 0

    # -- sending ---------------------------------------------------------------------

    def acquire(self, cost: Cost = _ONE_MESSAGE) -> None:
        """Record ``cost`` if every rule allows it now; otherwise refuse and record nothing.

        Raises:
            RateLimitError: the subclass of the rule with the longest wait
                (``MessageRateExceeded``, ``WeightLimitExceeded``,
                ``CreditLimitExceeded``), or a plain ``RateLimitError`` during a block;
                ``retry_after`` says how long until the whole cost would pass.
            InvalidParameters: ``cost`` could never pass (Rule 5).

        Example:
            >>> limiter = WebSocketRateLimiter(max_messages_per_second=1)
            >>> limiter.acquire()
            >>> try:
            ...     limiter.acquire()
            ... except MessageRateExceeded as exc:
            ...     print(exc.limit)
            1
        """
        now = self._checked(cost)
        self._raise_worst(self._refusals(cost, now))
        self._record(cost, now)

    def wait_time(self, cost: Cost = _ONE_MESSAGE) -> float:
        """Seconds until :meth:`acquire` of ``cost`` would pass (0.0: it would pass now).

        Records nothing and never sleeps: callers pace themselves with it.

        Raises:
            InvalidParameters: ``cost`` could never pass (Rule 5).

        Example:
            >>> WebSocketRateLimiter(max_messages_per_second=5).wait_time(Cost())
            0.0
        """
        now = self._checked(cost)
        return max((error.retry_after for error in self._refusals(cost, now)), default=0.0)

    def check_message_rate(self) -> None:
        """Record one message if allowed (the seed's check): ``acquire(Cost())``.

        Raises:
            MessageRateExceeded: the message window is full (``retry_after`` set).
            RateLimitError: a venue-imposed block is in force.

        Example:
            >>> WebSocketRateLimiter(max_messages_per_second=5).check_message_rate()
        """
        self.acquire(_ONE_MESSAGE)

    # -- subscriptions ---------------------------------------------------------------

    def check_subscription_limit(self, stream_id: str) -> None:
        """Refuse a new subscription beyond the cap; one already present always passes.

        Records nothing: call :meth:`add_subscription` once the venue confirmed it.

        Raises:
            SubscriptionLimitExceeded: the cap is reached.

        Example:
            >>> limiter = WebSocketRateLimiter(max_subscriptions=1)
            >>> limiter.add_subscription("btcusdt@trade")
            >>> limiter.check_subscription_limit("btcusdt@trade")
        """
        _require_name("stream_id", stream_id)
        if stream_id in self._subscriptions or self._max_subscriptions is None:
            return
        current = len(self._subscriptions)
        if current >= self._max_subscriptions:
            self._refused += 1
            raise SubscriptionLimitExceeded(limit=self._max_subscriptions, current=current)

    def add_subscription(self, stream_id: str) -> None:
        """Record an active subscription (idempotent).

        Example:
            >>> WebSocketRateLimiter().add_subscription("trades.BTC-PERPETUAL.100ms")
        """
        self._subscriptions.add(_require_name("stream_id", stream_id))

    def remove_subscription(self, stream_id: str) -> None:
        """Forget a subscription; forgetting an unknown one is a no-op.

        Example:
            >>> WebSocketRateLimiter().remove_subscription("ticker")
        """
        self._subscriptions.discard(_require_name("stream_id", stream_id))

    # -- connections -----------------------------------------------------------------

    def check_connection_rate(self) -> None:
        """Record one connection attempt if the window and any block allow it.

        Raises:
            ConnectionRateExceeded: the attempt window is full (``retry_after`` set).
            RateLimitError: a venue-imposed block is in force.

        Example:
            >>> WebSocketRateLimiter(max_connections_per_window=300).check_connection_rate()
        """
        now = self._refreshed()
        self._raise_worst(self._connection_refusals(now))
        self._connections.record(1, now)

    def next_connection_in(self) -> float:
        """Seconds until :meth:`check_connection_rate` would pass (0.0: now).

        Example:
            >>> WebSocketRateLimiter(max_connections_per_window=1).next_connection_in()
            0.0
        """
        now = self._refreshed()
        return max((error.retry_after for error in self._connection_refusals(now)), default=0.0)

    # -- what the venue tells us -----------------------------------------------------

    def set_weight_usage(self, window: float, used: int, *, limit: int | None = None) -> None:
        """Adopt the venue's count of weight used in ``window`` (e.g. Binance ``rateLimits``).

        The count replaces what was recorded locally for that window, as one entry made
        now that slides out after ``window`` seconds. That is conservative for Binance,
        whose counters reset on clock boundaries; the next report corrects it.

        Args:
            window: the window in seconds (Binance ``MINUTE`` x 1 -> 60.0).
            used: the venue's count.
            limit: the venue's limit for the window; required for a window the limiter
                does not know yet, and updates the limit of a known one.

        Raises:
            InvalidParameters: naming the argument that is out of range.

        Example:
            >>> limiter = WebSocketRateLimiter(weight_limits={60.0: 6000})
            >>> limiter.set_weight_usage(60.0, 70)
            >>> limiter.get_usage_stats().weight_used[60.0]
            70
        """
        span = _require_positive("window", window)
        count = _require_count("used", used)
        cap = _require_limit("limit", limit)
        if cap is not None:
            self._weights[span] = _Window(span, cap)
        elif span not in self._weights:
            raise InvalidParameters("window", f"no weight limit for {span:g} s; pass limit=")
        self._weights[span].replace(count, time.monotonic())

    def set_bucket(
        self,
        name: str,
        *,
        capacity: int | None = None,
        refill_per_second: float | None = None,
        available: float | None = None,
    ) -> None:
        """Create or reconfigure a token bucket, e.g. from Deribit's account summary.

        A known bucket is refilled under its old settings up to now, then takes the
        new ones (arguments left ``None`` are kept); its level is capped at the new
        capacity unless ``available`` sets it. A new bucket needs ``capacity`` and
        ``refill_per_second`` and starts full unless ``available`` says otherwise. Either
        way the new level holds now and refills from now.

        Raises:
            InvalidParameters: naming the argument that is missing or out of range.

        Example:
            >>> limiter = WebSocketRateLimiter()
            >>> limiter.set_bucket("matching", capacity=20, refill_per_second=5, available=3)
            >>> int(limiter.get_usage_stats().credits_available["matching"])
            3
        """
        _require_name("name", name)
        now = time.monotonic()
        bucket = self._buckets.get(name)
        if bucket is None:
            self._add_bucket(name, _new_bucket(name, capacity, refill_per_second, available))
            self._buckets[name].refill(now)
            return
        bucket.refill(now)
        old = bucket.config
        bucket.config = TokenBucket(
            capacity=old.capacity if capacity is None else capacity,
            refill_per_second=old.refill_per_second
            if refill_per_second is None
            else refill_per_second,
            available=available,
        )
        capped = min(bucket.level, float(bucket.config.capacity))
        bucket.level = capped if available is None else float(available)

    def block_until(self, monotonic_deadline: float, reason: str = "") -> None:
        """Refuse every acquire and connection attempt until ``monotonic_deadline``.

        For a venue's own verdict (Binance 429/418 ``retryAfter``, Deribit
        ``too_many_requests``). Refusals during the block are plain
        :class:`~protocol.errors.RateLimitError` (the venue's reason may be weight,
        credits or a ban) with ``retry_after`` set to the time left. A deadline earlier
        than a block already in force does not shorten it.

        Args:
            monotonic_deadline: an instant on the ``time.monotonic()`` clock.
            reason: why, for the refusal's message.

        Example:
            >>> import time
            >>> limiter = WebSocketRateLimiter()
            >>> limiter.block_until(time.monotonic() + 60.0, reason="HTTP 429")
            >>> limiter.wait_time(Cost()) > 0.0
            True
        """
        deadline = _require_number("monotonic_deadline", monotonic_deadline)
        if not isinstance(reason, str):
            raise InvalidParameters("reason", f"must be a string, got {reason!r}")
        if deadline >= self._blocked_until:
            self._blocked_until = deadline
            self._block_reason = reason

    # -- monitoring ------------------------------------------------------------------

    def get_usage_stats(self) -> RateLimitStats:
        """A snapshot of usage now (windows pruned, buckets refilled).

        Example:
            >>> stats = WebSocketRateLimiter(max_messages_per_second=5).get_usage_stats()
            >>> (stats.messages_in_last_second, stats.max_messages_per_second)
            (0, 5)
        """
        now = self._refreshed()
        return RateLimitStats(
            messages_in_last_second=self._messages.total,
            max_messages_per_second=self._messages.limit,
            active_subscriptions=len(self._subscriptions),
            max_subscriptions=self._max_subscriptions,
            connections_in_window=self._connections.total,
            max_connections_per_window=self._connections.limit,
            weight_used={span: window.total for span, window in self._weights.items()},
            weight_limits={span: window.limit or 0 for span, window in self._weights.items()},
            credits_available={name: bucket.level for name, bucket in self._buckets.items()},
            blocked_for=max(0.0, self._blocked_until - now),
            refused=self._refused,
        )

    # -- internals -------------------------------------------------------------------

    def _add_weight_window(self, window: object, limit: object) -> None:
        span = _require_positive("weight_limits", window)
        cap = _require_count(f"weight_limits[{span:g}]", limit, minimum=1)
        self._weights[span] = _Window(span, cap)

    def _add_bucket(self, name: object, config: object) -> None:
        _require_name("buckets", name)
        if not isinstance(config, TokenBucket):
            raise InvalidParameters(f"buckets[{name!r}]", f"must be a TokenBucket, got {config!r}")
        self._buckets[str(name)] = _Bucket(config)

    def _refreshed(self) -> float:
        now = time.monotonic()
        self._messages.prune(now)
        self._connections.prune(now)
        for window in self._weights.values():
            window.prune(now)
        for bucket in self._buckets.values():
            bucket.refill(now)
        return now

    def _checked(self, cost: Cost) -> float:
        if not isinstance(cost, Cost):
            raise InvalidParameters("cost", f"must be a Cost, got {cost!r}")
        self._require_feasible(cost)
        return self._refreshed()

    def _require_feasible(self, cost: Cost) -> None:
        limit = self._messages.limit
        if limit is not None and cost.messages > limit:
            raise InvalidParameters("messages", f"{cost.messages} can never fit a limit of {limit}")
        for span, window in self._weights.items():
            if window.limit is not None and cost.weight > window.limit:
                problem = f"{cost.weight} can never fit the {span:g} s limit of {window.limit}"
                raise InvalidParameters("weight", problem)
        for name, amount in cost.credits.items():
            bucket = self._buckets.get(name)
            if bucket is None:
                raise InvalidParameters("credits", f"no bucket named {name!r}")
            if amount > bucket.config.capacity:
                problem = f"{amount} can never fit a capacity of {bucket.config.capacity}"
                raise InvalidParameters(f"credits[{name!r}]", problem)

    def _block_refusals(self, now: float) -> Iterator[RateLimitError]:
        left = self._blocked_until - now
        if left > 0.0:
            because = f": {self._block_reason}" if self._block_reason else ""
            error = RateLimitError(f"blocked by the venue for {left:.3f} s more{because}")
            error.retry_after = left
            yield error

    def _refusals(self, cost: Cost, now: float) -> Iterator[RateLimitError]:
        yield from self._block_refusals(now)
        messages = self._messages
        if (wait := messages.wait(cost.messages, now)) > 0.0:
            yield MessageRateExceeded(messages.limit or 0, messages.span, retry_after=wait)
        for span, window in sorted(self._weights.items()):
            if (wait := window.wait(cost.weight, now)) > 0.0:
                used = window.total + cost.weight
                yield WeightLimitExceeded(used, window.limit or 0, span, retry_after=wait)
        for name, amount in cost.credits.items():
            bucket = self._buckets[name]
            if (wait := bucket.wait(amount)) > 0.0:
                available = math.floor(bucket.level)
                yield CreditLimitExceeded(name, amount, available, retry_after=wait)

    def _connection_refusals(self, now: float) -> Iterator[RateLimitError]:
        yield from self._block_refusals(now)
        window = self._connections
        if (wait := window.wait(1, now)) > 0.0:
            yield ConnectionRateExceeded(window.limit or 0, window.span, retry_after=wait)

    def _raise_worst(self, refusals: Iterable[RateLimitError]) -> None:
        worst: RateLimitError | None = None
        for error in refusals:
            if worst is None or error.retry_after > worst.retry_after:
                worst = error
        if worst is not None:
            self._refused += 1
            raise worst

    def _record(self, cost: Cost, now: float) -> None:
        self._messages.record(cost.messages, now)
        for window in self._weights.values():
            window.record(cost.weight, now)
        for name, amount in cost.credits.items():
            self._buckets[name].take(amount)


def _new_bucket(
    name: str, capacity: int | None, refill_per_second: float | None, available: float | None
) -> TokenBucket:
    if capacity is None:
        raise InvalidParameters("capacity", f"required to create bucket {name!r}")
    if refill_per_second is None:
        raise InvalidParameters("refill_per_second", f"required to create bucket {name!r}")
    return TokenBucket(capacity, refill_per_second, available)


# ---------------------------------------------------------------------------- the actor


class _Call(NamedTuple):
    operation: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


class _WhichThread(NamedTuple):
    pass


class _Outcome(NamedTuple):
    value: Any = None
    error: VenueClientError | None = None


# How long stop() waits for the actor (it only ever runs short, pure calls).
_STOP_TIMEOUT = 5.0

_OPERATIONS = frozenset(
    {
        "acquire",
        "add_subscription",
        "block_until",
        "check_connection_rate",
        "check_message_rate",
        "check_subscription_limit",
        "get_usage_stats",
        "next_connection_in",
        "remove_subscription",
        "set_bucket",
        "set_weight_usage",
        "wait_time",
    }
)


class _RateLimiterActor(pykka.ThreadingActor):
    """Owns one pure limiter; every call runs on this actor's thread, one at a time."""

    # A client the program forgot to close must not hold the interpreter open at exit.
    use_daemon_thread = True

    def __init__(self, limiter: WebSocketRateLimiter) -> None:
        super().__init__()
        self._limiter = limiter

    def on_receive(self, message: Any) -> Any:
        if isinstance(message, _WhichThread):
            return threading.current_thread()
        if not isinstance(message, _Call) or message.operation not in _OPERATIONS:
            raise TypeError(f"unexpected message {message!r}")
        operation = getattr(self._limiter, message.operation)
        # Errors travel back as values: pykka would log every refusal as a failure.
        try:
            return _Outcome(value=operation(*message.args, **message.kwargs))
        except VenueClientError as exc:
            return _Outcome(error=exc)


class RateLimiter:
    """A thread-safe handle on one limiter running in its own actor; one per client.

    Every method blocks until the actor answered. A refusal emits
    ``signals.rate_limited(sender, error=...)`` with the ``sender`` given here, then
    raises the ``RateLimitError`` in the caller's thread; nothing is retried.

    Args:
        limiter: the pure limiter to own; do not use it directly afterwards.
        sender: the user-facing client, the sender of ``rate_limited``.

    Example:
        >>> rate = RateLimiter(WebSocketRateLimiter(max_messages_per_second=5), sender=None)
        >>> rate.acquire(Cost())
        >>> rate.get_usage_stats().messages_in_last_second
        1
        >>> rate.stop()
    """

    def __init__(self, limiter: WebSocketRateLimiter, *, sender: object) -> None:
        if not isinstance(limiter, WebSocketRateLimiter):
            raise InvalidParameters("limiter", f"must be a WebSocketRateLimiter, got {limiter!r}")
        self._sender = sender
        self._stop_lock = threading.Lock()
        self._stopped = False
        self._ref = _RateLimiterActor.start(limiter)
        self._thread: threading.Thread = self._ref.ask(_WhichThread(), block=True)

    def __enter__(self) -> RateLimiter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def acquire(self, cost: Cost = _ONE_MESSAGE) -> None:
        """:meth:`WebSocketRateLimiter.acquire` on the actor.

        Example:
            >>> # rate.acquire(Cost(messages=1, weight=2))
        """
        self._ask("acquire", cost)

    def wait_time(self, cost: Cost = _ONE_MESSAGE) -> float:
        """:meth:`WebSocketRateLimiter.wait_time` on the actor.

        Example:
            >>> # delay = rate.wait_time(Cost(credits={"non_matching": 500}))
        """
        return float(self._ask("wait_time", cost))

    def check_message_rate(self) -> None:
        """:meth:`WebSocketRateLimiter.check_message_rate` on the actor.

        Example:
            >>> # rate.check_message_rate()
        """
        self._ask("check_message_rate")

    def check_subscription_limit(self, stream_id: str) -> None:
        """:meth:`WebSocketRateLimiter.check_subscription_limit` on the actor.

        Example:
            >>> # rate.check_subscription_limit("btcusdt@trade")
        """
        self._ask("check_subscription_limit", stream_id)

    def add_subscription(self, stream_id: str) -> None:
        """:meth:`WebSocketRateLimiter.add_subscription` on the actor.

        Example:
            >>> # rate.add_subscription("btcusdt@trade")
        """
        self._ask("add_subscription", stream_id)

    def remove_subscription(self, stream_id: str) -> None:
        """:meth:`WebSocketRateLimiter.remove_subscription` on the actor.

        Example:
            >>> # rate.remove_subscription("btcusdt@trade")
        """
        self._ask("remove_subscription", stream_id)

    def check_connection_rate(self) -> None:
        """:meth:`WebSocketRateLimiter.check_connection_rate` on the actor.

        Example:
            >>> # rate.check_connection_rate()
        """
        self._ask("check_connection_rate")

    def next_connection_in(self) -> float:
        """:meth:`WebSocketRateLimiter.next_connection_in` on the actor.

        Example:
            >>> # delay = rate.next_connection_in()
        """
        return float(self._ask("next_connection_in"))

    def set_weight_usage(self, window: float, used: int, *, limit: int | None = None) -> None:
        """:meth:`WebSocketRateLimiter.set_weight_usage` on the actor.

        Example:
            >>> # rate.set_weight_usage(60.0, 70)
        """
        self._ask("set_weight_usage", window, used, limit=limit)

    def set_bucket(
        self,
        name: str,
        *,
        capacity: int | None = None,
        refill_per_second: float | None = None,
        available: float | None = None,
    ) -> None:
        """:meth:`WebSocketRateLimiter.set_bucket` on the actor.

        Example:
            >>> # rate.set_bucket("non_matching", capacity=50_000, refill_per_second=10_000)
        """
        self._ask(
            "set_bucket",
            name,
            capacity=capacity,
            refill_per_second=refill_per_second,
            available=available,
        )

    def block_until(self, monotonic_deadline: float, reason: str = "") -> None:
        """:meth:`WebSocketRateLimiter.block_until` on the actor.

        Example:
            >>> # rate.block_until(time.monotonic() + retry_after, reason="HTTP 429")
        """
        self._ask("block_until", monotonic_deadline, reason)

    def get_usage_stats(self) -> RateLimitStats:
        """:meth:`WebSocketRateLimiter.get_usage_stats` on the actor.

        Example:
            >>> # rate.get_usage_stats().refused
        """
        stats: RateLimitStats = self._ask("get_usage_stats")
        return stats

    def stop(self) -> None:
        """Stop the actor and join its thread; idempotent.

        Afterwards every other method raises ``ConnectionClosed``.

        Example:
            >>> # rate.stop(); rate.stop()   # the second call does nothing
        """
        with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
            stop_actor(self._ref, _STOP_TIMEOUT)
            self._thread.join(_STOP_TIMEOUT)

    def _ask(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        try:
            outcome: _Outcome = self._ref.ask(_Call(operation, args, kwargs), block=True)
        except pykka.ActorDeadError as exc:
            raise ConnectionClosed("the rate limiter is stopped") from exc
        if outcome.error is None:
            return outcome.value
        if isinstance(outcome.error, RateLimitError):
            emit(rate_limited, self._sender, error=outcome.error)
        raise outcome.error.with_traceback(None)
