"""Watching channels for silence: a stream that stops while its connection lives on.

A connection's own staleness check sees only a silent socket. A single channel can go
quiet while heartbeats or other channels keep the socket busy — the stall users of
other clients discover hours later. :class:`ChannelWatch` follows one client's
``message_received`` signal and reports each watched channel that stays silent longer
than its limit (``subscription_quiet``), then when data flows again
(``subscription_resumed``). It composes with any client whose events arrive through
``message_received`` (every venue client here), and changes nothing about the session.

Rules (:class:`QuietChannels`, pure; monotonic seconds are passed in):

1. A watched channel's quiet spell starts when it is watched, at each of its messages,
   and whenever the connection becomes ready again (a reconnect's restore is not
   silence).
2. While the connection is not ready nothing is reported: the connection's own
   staleness detection and reconnect cover that.
3. A channel silent for longer than its limit is reported once per spell.
4. The next message of a reported channel reports it resumed and starts a new spell.

Example:
    >>> rule = QuietChannels()
    >>> rule.watch(["trades.X"], 5.0, now=0.0)
    >>> rule.due(now=4.0), rule.due(now=5.5), rule.due(now=9.0)
    ([], ['trades.X'], [])
    >>> rule.seen("trades.X", now=10.0)
    True
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from types import TracebackType
from typing import Any

from actors.signals import (
    emit,
    message_received,
    state_changed,
    subscription_quiet,
    subscription_resumed,
)
from actors.state import ConnectionState
from protocol.errors import InvalidParameters

__all__ = ["ChannelWatch", "QuietChannels"]

_JOIN_TIMEOUT = 5.0


class QuietChannels:
    """The quiet-spell rules for a set of watched channels (see the module docstring).

    Example:
        >>> rule = QuietChannels()
        >>> rule.watch(["a"], 1.0, now=0.0); rule.pause(); rule.due(now=5.0)
        []
    """

    def __init__(self) -> None:
        self._limits: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self._reported: set[str] = set()
        self._paused = False

    def watch(self, channels: Iterable[str], seconds: float, now: float) -> None:
        """Watch ``channels`` with a limit of ``seconds``; their spell starts ``now``.

        Raises:
            InvalidParameters: ``seconds`` is not a positive number, or a channel is
                not a non-empty string.

        Example:
            >>> QuietChannels().watch(["a"], 0, now=0.0)
            Traceback (most recent call last):
            ...
            protocol.errors.InvalidParameters: invalid parameter 'seconds': must be a number > 0
        """
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
            raise InvalidParameters("seconds", "must be a number > 0")
        names = list(channels)
        if not names or not all(isinstance(c, str) and c for c in names):
            raise InvalidParameters("channels", "must be one or more non-empty strings")
        for channel in names:
            self._limits[channel] = float(seconds)
            self._last[channel] = now
            self._reported.discard(channel)

    def unwatch(self, channels: Iterable[str]) -> None:
        """Stop watching ``channels`` (unknown ones are ignored).

        Example:
            >>> rule = QuietChannels(); rule.watch(["a"], 1.0, 0.0); rule.unwatch(["a"])
            >>> rule.due(now=9.0)
            []
        """
        for channel in channels:
            self._limits.pop(channel, None)
            self._last.pop(channel, None)
            self._reported.discard(channel)

    def seen(self, channel: str, now: float) -> bool:
        """A message arrived on ``channel``; True if it had been reported quiet.

        Example:
            >>> QuietChannels().seen("not-watched", now=1.0)
            False
        """
        if channel not in self._limits:
            return False
        self._last[channel] = now
        if channel in self._reported:
            self._reported.discard(channel)
            return True
        return False

    def pause(self) -> None:
        """The connection is not ready: nothing is due until :meth:`restart`.

        Example:
            >>> QuietChannels().pause()
        """
        self._paused = True

    def restart(self, now: float) -> None:
        """The connection is ready again: every spell starts ``now``.

        Example:
            >>> QuietChannels().restart(now=3.0)
        """
        self._paused = False
        for channel in self._last:
            self._last[channel] = now

    def due(self, now: float) -> list[str]:
        """Channels silent past their limit and not yet reported (now they are).

        Example:
            >>> rule = QuietChannels(); rule.watch(["b", "a"], 1.0, now=0.0)
            >>> rule.due(now=2.0)
            ['a', 'b']
        """
        if self._paused:
            return []
        quiet = sorted(
            channel
            for channel, limit in self._limits.items()
            if channel not in self._reported and now - self._last[channel] > limit
        )
        self._reported.update(quiet)
        return quiet

    def next_check(self, now: float) -> float | None:
        """Seconds until a channel could next become due; None if none can.

        Example:
            >>> rule = QuietChannels(); rule.watch(["a"], 2.0, now=0.0)
            >>> rule.next_check(now=0.5)
            1.5
        """
        if self._paused:
            return None
        waits = [
            self._last[channel] + limit - now
            for channel, limit in self._limits.items()
            if channel not in self._reported
        ]
        return max(0.0, min(waits)) if waits else None

    def limit(self, channel: str) -> float:
        """The limit ``channel`` is watched with.

        Example:
            >>> rule = QuietChannels(); rule.watch(["a"], 2.0, now=0.0); rule.limit("a")
            2.0
        """
        return self._limits[channel]


class ChannelWatch:
    """Reports a client's watched channels that fall silent, on a thread of its own.

    Args:
        client: any client whose events arrive through ``message_received`` (the
            signals' sender); the watch connects to its ``message_received`` and
            ``state_changed``.
        channels: channel -> seconds of silence allowed, watched at once.

    The signals ``subscription_quiet(channels, seconds)`` and
    ``subscription_resumed(channels)`` are sent with the client as sender, from the
    watch's thread (quiet) or the client's dispatcher thread (resumed).

    Example:
        >>> # with ChannelWatch(client, {"trades.BTC-PERPETUAL.100ms": 30.0}):
        >>> #     subscription_quiet.connect(alert, sender=client)
        >>> #     ...
    """

    def __init__(self, client: Any, channels: dict[str, float] | None = None) -> None:
        self._client = client
        self._rule = QuietChannels()
        self._cond = threading.Condition()
        self._closed = False
        now = time.monotonic()
        for channel, seconds in (channels or {}).items():
            self._rule.watch([channel], seconds, now)
        if not client.state.is_ready:
            self._rule.pause()
        message_received.connect(self._on_message, sender=client, weak=False)
        state_changed.connect(self._on_state, sender=client, weak=False)
        self._thread = threading.Thread(
            target=self._run, name=f"venue-actors:watch:{id(client):x}", daemon=True
        )
        self._thread.start()

    def watch(self, channels: Iterable[str], seconds: float) -> None:
        """Watch ``channels``, allowing ``seconds`` of silence; their spell starts now.

        Raises:
            InvalidParameters: ``seconds`` is not positive, or no channel is given.

        Example:
            >>> # watch.watch(["book.BTC-PERPETUAL.100ms"], 5.0)
        """
        with self._cond:
            self._rule.watch(channels, seconds, time.monotonic())
            self._cond.notify_all()

    def unwatch(self, channels: Iterable[str]) -> None:
        """Stop watching ``channels``.

        Example:
            >>> # watch.unwatch(["book.BTC-PERPETUAL.100ms"])
        """
        with self._cond:
            self._rule.unwatch(channels)
            self._cond.notify_all()

    def close(self) -> None:
        """Disconnect from the client's signals and join the thread; idempotent.

        Example:
            >>> # watch.close()
        """
        message_received.disconnect(self._on_message, sender=self._client)
        state_changed.disconnect(self._on_state, sender=self._client)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread is not threading.current_thread():
            # Bounded: a subscription_quiet receiver that never returns must not hang close.
            self._thread.join(_JOIN_TIMEOUT)

    def __enter__(self) -> ChannelWatch:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- receivers (the client's threads) ----------------------------------------------

    def _on_message(self, sender: Any, channel: str, data: Any) -> None:
        with self._cond:
            resumed = self._rule.seen(channel, time.monotonic())
            if resumed:
                self._cond.notify_all()  # its next deadline is a new one
        if resumed:
            emit(subscription_resumed, self._client, channels=[channel])

    def _on_state(
        self, sender: Any, old: ConnectionState, new: ConnectionState, reason: str
    ) -> None:
        with self._cond:
            if new.is_ready:
                self._rule.restart(time.monotonic())
            else:
                self._rule.pause()
            self._cond.notify_all()

    # -- the watch thread ---------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._closed:
                    return
                self._cond.wait(self._rule.next_check(time.monotonic()))
                if self._closed:
                    return
                quiet = self._rule.due(time.monotonic())
                by_limit: dict[float, list[str]] = {}
                for channel in quiet:
                    by_limit.setdefault(self._rule.limit(channel), []).append(channel)
            for seconds, channels in by_limit.items():
                emit(subscription_quiet, self._client, channels=channels, seconds=seconds)
