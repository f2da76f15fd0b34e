"""Coinbase Advanced Trade frames <-> typed messages (sans-I/O, stateful per client).

Coinbase has no request ids. What the venue sends:

- ``{"channel": ..., "client_id": ..., "timestamp": ..., "sequence_num": n,
  "events": [...]}`` for every channel. Channel data becomes
  ``Event(key, ChannelMessage)`` where ``key`` is the subscription key
  (``"level2:BTC-USD"``, see :mod:`venues.coinbase.keys`) and the message holds the
  typed events of that key only. A message carrying several products decodes into a
  ``list`` with one ``Event`` per key, in the venue's order (the runtime handles each
  as if it had arrived alone). Data the venue sends as ``-USD`` for a ``-USDC``
  subscription goes to the ``-USDC`` key (see :mod:`venues.coinbase.aliases`).
- ``channel == "subscriptions"`` (the venue's whole subscription state, its answer to
  every subscribe/unsubscribe) becomes ``Control("subscriptions", SubscriptionState)``.
- ``{"type": "error", "message": ...}`` becomes ``Control("error", ErrorNotice)``.
- Anything else is ``Malformed`` (counted and signalled, never raised).

The codec sees every frame of a connection in order (the reader thread decodes), so
it also keeps the ``sequence_num`` rules of :mod:`venues.coinbase.sequence`:

- a duplicate or out-of-order message becomes
  ``Control("message_dropped", DroppedFrame)`` and is not delivered;
- a gap is reported to ``on_gap`` (called synchronously, before the message that
  revealed the gap is handed on), and from then on ``level2`` updates of every product
  are dropped (``DroppedFrame("awaiting snapshot")``) until that product's next
  snapshot: a book never applies deltas across a gap.

The same rules watch ``heartbeat_counter``: a jump means heartbeats were missed and
comes out as ``Control("heartbeats_missed", SequenceGap)`` just before the heartbeat
that revealed it (which is delivered as usual).

:meth:`CoinbaseCodec.reset` starts the rules over for a new connection.

``encode_request`` encodes a subscribe/unsubscribe message (``method`` is the message
``type``; ``params`` holds ``channel``, ``product_ids`` and ``jwt``). The request id is
not sent, because Coinbase echoes nothing: never wait for a reply by id; wait for the
next ``subscriptions`` control instead (as
:class:`venues.coinbase.subscriptions.CoinbaseSubscriptions` does).

Example:
    >>> codec = CoinbaseCodec()
    >>> msg = codec.decode('{"channel":"heartbeats","client_id":"","timestamp":'
    ...     '"2023-06-23T20:31:26.122969572Z","sequence_num":0,"events":[{"current_time":'
    ...     '"2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105",'
    ...     '"heartbeat_counter":"3049"}]}')
    >>> msg.channel, msg.data.events[0].heartbeat_counter
    ('heartbeats', 3049)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from protocol.errors import VenueClientError
from protocol.messages import Control, Event, Failure, Inbound, Malformed
from venues.coinbase.aliases import KeyRoutes, usd_twin
from venues.coinbase.channels._registry import PARSERS, ChannelParser
from venues.coinbase.channels.envelope import ChannelMessage
from venues.coinbase.errors import CoinbaseError, venue_error
from venues.coinbase.keys import channel_key, split_key
from venues.coinbase.sequence import SequenceGap, SequenceTracker
from venues.coinbase.subscribe import encode_subscription
from venues.coinbase.timestamps import parse_timestamp

try:  # optional speed-up (the "fast" extra)
    import orjson

    _loads: Callable[[str | bytes], Any] = orjson.loads
except ImportError:  # pragma: no cover - exercised only without the extra
    _loads = json.loads

__all__ = [
    "CoinbaseCodec",
    "DroppedFrame",
    "ErrorNotice",
    "SubscriptionState",
]

_HELD_CHANNEL = "level2"
_HEARTBEATS = "heartbeats"


@dataclass(frozen=True, slots=True)
class SubscriptionState:
    """The venue's whole subscription state: channel -> product ids.

    Example:
        >>> state = SubscriptionState({"level2": ("BTC-USD",), "heartbeats": ()}, 1)
        >>> state.confirms("level2:BTC-USD"), state.confirms("heartbeats")
        (True, True)
    """

    subscriptions: Mapping[str, tuple[str, ...]]
    sequence_num: int

    def confirms(self, key: str) -> bool:
        """True when the state includes the subscription ``key``.

        A channel without products is confirmed by its presence alone. A ``-USDC``
        key is also confirmed by its ``-USD`` twin: which of the two the venue lists
        for a ``-USDC`` subscription is not documented.

        Example:
            >>> SubscriptionState({"ticker": ("BTC-USD",)}, 0).confirms("ticker:ETH-USD")
            False
        """
        channel, product = split_key(key)
        if channel not in self.subscriptions:
            return False
        listed = self.subscriptions[channel]
        return product is None or product in listed or usd_twin(channel, product) in listed


@dataclass(frozen=True, slots=True)
class ErrorNotice:
    """The venue's ``{"type": "error"}`` message.

    Example:
        >>> ErrorNotice("failure to subscribe").error().message
        'failure to subscribe'
    """

    message: str
    reason: str | None = None

    def error(self, method: str = "") -> CoinbaseError:
        """The exception this notice stands for.

        Example:
            >>> ErrorNotice("authentication failure").error("subscribe").method
            'subscribe'
        """
        return venue_error(self.message, self.reason, method)


@dataclass(frozen=True, slots=True)
class DroppedFrame:
    """A frame the codec decided not to deliver, and why.

    Example:
        >>> DroppedFrame("duplicate", 4).reason
        'duplicate'
    """

    reason: str
    sequence_num: int


class CoinbaseCodec:
    """Decodes Coinbase frames and keeps the per-connection ``sequence_num`` rules.

    Args:
        on_gap: called with a :class:`SequenceGap` on the reader thread when messages
            were lost; it must not block.

    Attributes:
        routes: the subscribed keys that data goes to (kept by the subscription
            protocol; see :mod:`venues.coinbase.aliases`).
        sequence: the ``sequence_num`` tracker of the current connection.
        heartbeats: the ``heartbeat_counter`` tracker (its ``gaps`` and ``missed``
            count missed heartbeats).
        epoch: how many times :meth:`reset` ran (one per connection).

    Example:
        >>> CoinbaseCodec().decode('{"type":"error","message":"nope"}')
        Control(kind='error', payload=ErrorNotice(message='nope', reason=None))
    """

    def __init__(self, on_gap: Callable[[SequenceGap], None] | None = None) -> None:
        self.on_gap = on_gap
        self.routes = KeyRoutes()
        self.sequence = SequenceTracker()
        self.heartbeats = SequenceTracker()
        self.epoch = 0
        self._held = False
        self._released: set[str] = set()
        self.held_updates = 0

    def reset(self) -> None:
        """Start over for a new connection (new counter, every snapshot comes again).

        Example:
            >>> CoinbaseCodec().reset()
        """
        self.sequence.reset()
        self.heartbeats.reset()
        self._held = False
        self._released = set()
        self.epoch += 1

    def restart_heartbeats(self) -> None:
        """Take the next ``heartbeat_counter`` as it comes (heartbeats re-subscribed).

        Example:
            >>> CoinbaseCodec().restart_heartbeats()
        """
        self.heartbeats.reset()

    # -- the Codec protocol ------------------------------------------------------------

    def encode_request(self, request_id: Any, method: str, params: Mapping[str, Any] | None) -> str:
        """Encode a subscribe/unsubscribe message (``request_id`` is not sent).

        Example:
            >>> CoinbaseCodec().encode_request(None, "subscribe", {"channel": "heartbeats"})
            '{"type":"subscribe","channel":"heartbeats"}'
        """
        params = params or {}
        return encode_subscription(
            method, params.get("channel", ""), params.get("product_ids", ()), params.get("jwt")
        )

    def error(self, failure: Failure, method: str) -> VenueClientError:
        """The exception for a failure (Coinbase failures are error notices).

        Example:
            >>> from protocol.messages import Failure
            >>> CoinbaseCodec().error(Failure(None, "x", "x"), "subscribe").method
            'subscribe'
        """
        return venue_error(failure.message, failure.data, method)

    def decode(self, frame: str | bytes) -> Inbound | list[Inbound]:
        """Classify one frame; never raises (see the module docstring).

        Example:
            >>> CoinbaseCodec().decode("nope").reason
            'not JSON'
        """
        try:
            raw = _loads(frame)
        except (ValueError, TypeError):
            return Malformed(frame, "not JSON")
        if not isinstance(raw, dict):
            return Malformed(frame, "not a JSON object")
        try:
            return self._classify(raw, frame)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            return Malformed(frame, f"bad message: {exc}")

    # -- classification ----------------------------------------------------------------

    def _classify(self, raw: dict[str, Any], frame: str | bytes) -> Inbound | list[Inbound]:
        if raw.get("type") == "error":
            reason = raw.get("reason")
            return Control("error", ErrorNotice(str(raw.get("message", "")), reason))
        channel = raw.get("channel")
        seq = raw.get("sequence_num")
        events = raw.get("events")
        if not isinstance(channel, str) or type(seq) is not int or not isinstance(events, list):
            return Malformed(frame, "not a Coinbase envelope (channel, sequence_num, events)")
        # Rule: every envelope counts for the sequence, even one we cannot use.
        observation = self.sequence.observe(seq)
        if not observation.accepted:
            return Control("message_dropped", DroppedFrame("duplicate or out of order", seq))
        if observation.gap is not None:
            self._on_gap(observation.gap)
        if channel != "subscriptions" and channel not in PARSERS:
            return Malformed(frame, f"unknown channel {channel!r}")
        if channel == "subscriptions":
            return Control("subscriptions", _state(events, seq))
        return self._channel_data(raw, channel, seq, events)

    def _on_gap(self, gap: SequenceGap) -> None:
        self._held = True
        self._released = set()
        if self.on_gap is not None:
            self.on_gap(gap)

    def _channel_data(
        self, raw: dict[str, Any], wire: str, seq: int, events: list[Any]
    ) -> Inbound | list[Inbound]:
        parser = PARSERS[wire]
        grouped = _grouped(parser, events)
        if parser.channel == _HELD_CHANNEL and self._held:
            grouped = self._without_held(grouped)
            if not grouped:
                return Control("message_dropped", DroppedFrame("awaiting snapshot", seq))
        out: list[Inbound] = []
        if parser.channel == _HEARTBEATS:
            out += self._missed_heartbeats(grouped.get(None, ()))
        out += self._events(parser.channel, raw, seq, grouped)
        if len(out) == 1:
            return out[0]
        if not out:
            return Control("empty", DroppedFrame("no events", seq))
        return out

    def _events(
        self, channel: str, raw: dict[str, Any], seq: int, grouped: dict[str | None, list[Any]]
    ) -> list[Inbound]:
        timestamp = parse_timestamp(raw["timestamp"])
        client_id = str(raw.get("client_id", ""))
        out: list[Inbound] = []
        for product, items in grouped.items():
            events = tuple(items)
            targets: tuple[str | None, ...] = (
                (None,) if product is None else self.routes.products(channel, product)
            )
            for target in targets:
                message = ChannelMessage(channel, target, client_id, timestamp, seq, events)
                out.append(Event(channel_key(channel, target), message))
        return out

    def _missed_heartbeats(self, beats: Iterable[Any]) -> list[Inbound]:
        out: list[Inbound] = []
        for beat in beats:
            observation = self.heartbeats.observe(beat.heartbeat_counter)
            if observation.gap is not None:
                out.append(Control("heartbeats_missed", observation.gap))
            elif not observation.accepted:
                # A counter that goes back was restarted by the venue: count from it.
                self.heartbeats.reset()
                self.heartbeats.observe(beat.heartbeat_counter)
        return out

    def _without_held(self, grouped: dict[str | None, list[Any]]) -> dict[str | None, list[Any]]:
        kept: dict[str | None, list[Any]] = {}
        for product, items in grouped.items():
            key = channel_key(_HELD_CHANNEL, product)
            fresh: list[Any] = []
            for event in items:
                if key in self._released or event.is_snapshot:
                    self._released.add(key)
                    fresh.append(event)
                else:
                    self.held_updates += 1
            if fresh:
                kept[product] = fresh
        return kept


def _grouped(parser: ChannelParser, events: list[Any]) -> dict[str | None, list[Any]]:
    grouped: dict[str | None, list[Any]] = {}
    for raw_event in events:
        for product, event in parser.split(parser.parse_event(raw_event)):
            grouped.setdefault(product, []).append(event)
    return grouped


def _state(events: list[Any], seq: int) -> SubscriptionState:
    merged: dict[str, tuple[str, ...]] = {}
    for event in events:
        for channel, products in dict(event["subscriptions"]).items():
            merged[str(channel)] = tuple(str(p) for p in products or ())
    return SubscriptionState(merged, seq)
