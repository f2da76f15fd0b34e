"""Market-data throughput: raw websocket-client loop vs the library's whole path.

A loopback server (its own process) sends N Binance-bookTicker-sized JSON frames as
fast as it can. In the same run we measure:

1. raw: websocket-client ``recv()`` + ``orjson.loads`` in one thread, with its default
   (pure-Python) UTF-8 check and without it;
2. library: transport, decode, batched hand-off, dispatcher thread, a no-op handler
   and a ``message_received`` receiver; once with plain dict events and once with the
   Binance stream codec building typed ``BookTicker`` events (exact ``Decimal``s).

It prints messages per second for each and the ratio library / raw (best of
``--repeat`` runs each, interleaved). Run it with::

    python -m benchmarks.throughput --frames 200000 --repeat 3
"""

from __future__ import annotations

import argparse
import threading
import time
from typing import Any

import orjson
import websocket

from actors import ManagedClient, WebSocketRateLimiter
from actors.signals import message_received
from benchmarks._blaster import start_burst
from protocol.codec import Codec
from protocol.errors import VenueClientError
from protocol.messages import Event, Failure, Inbound, Malformed
from venues.binance.spot.stream_codec import BinanceStreamCodec


class StreamCodec:
    """Combined-stream frames -> ``Event(stream, data)`` (the runtime's decode path)."""

    def encode_request(self, request_id: Any, method: str, params: Any) -> str:
        return orjson.dumps({"id": request_id, "method": method, "params": params}).decode()

    def decode(self, frame: str | bytes) -> Inbound:
        try:
            message = orjson.loads(frame)
            return Event(message["stream"], message["data"])
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            return Malformed(frame, str(exc))

    def error(self, failure: Failure, method: str) -> VenueClientError:
        return VenueClientError(failure.message)


class StreamClient(ManagedClient):
    """The smallest venue-shaped client: one connection, no hooks."""

    def __init__(self, url: str, codec: Codec | None = None) -> None:
        self._start_runtime(url, codec or StreamCodec(), WebSocketRateLimiter(), options={})

    def route(self, stream: str, handler: Any) -> None:
        self._connection.router.set([stream], handler)


def run_raw(count: int, *, skip_utf8_validation: bool = False) -> float:
    """Frames per second of a plain websocket-client receive loop.

    By default websocket-client validates UTF-8 in pure Python; the tuned variant
    skips that (as the library's transport does, decoding in C instead).
    """
    server = start_burst(count, 1)
    try:
        ws = websocket.create_connection(server.url, skip_utf8_validation=skip_utf8_validation)
        received = 0
        start = time.perf_counter()
        while received < count:
            orjson.loads(ws.recv())
            received += 1
        elapsed = time.perf_counter() - start
        ws.close()
    finally:
        server.stop()
    return count / elapsed


def run_library(count: int, codec: Codec | None = None) -> float:
    """Frames per second through the library's whole market-data path."""
    server = start_burst(count, 1)
    done = threading.Event()
    seen = 0

    def handler(stream: str, data: Any) -> None:
        nonlocal seen
        seen += 1
        if seen == count:
            done.set()

    def receiver(sender: Any, **kwargs: Any) -> None:
        return None

    client = StreamClient(server.url, codec)
    message_received.connect(receiver, sender=client)
    try:
        client.route("bnbusdt@bookTicker", handler)
        start = time.perf_counter()
        client.connect()
        if not done.wait(120):
            raise RuntimeError(f"only {seen} of {count} frames arrived")
        elapsed = time.perf_counter() - start
    finally:
        message_received.disconnect(receiver, sender=client)
        client.close()
        server.stop()
    return count / elapsed


def main() -> None:
    """Run both measurements and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    raw, tuned, library, typed = [], [], [], []
    for _ in range(args.repeat):
        raw.append(run_raw(args.frames))
        tuned.append(run_raw(args.frames, skip_utf8_validation=True))
        library.append(run_library(args.frames))
        typed.append(run_library(args.frames, BinanceStreamCodec()))
    best_raw, best_tuned, best_library = max(raw), max(tuned), max(library)
    best_typed = max(typed)
    print(f"frames per run                         {args.frames}")
    print(f"raw websocket-client (defaults)        {best_raw:>10,.0f} msgs/s")
    print(f"raw websocket-client (no UTF-8 check)  {best_tuned:>10,.0f} msgs/s")
    print(f"venue-actors full path (dict events)   {best_library:>10,.0f} msgs/s")
    print(f"venue-actors full path (typed Binance) {best_typed:>10,.0f} msgs/s")
    print(f"ratio library / raw defaults           {best_library / best_raw:>10.2f}")
    print(f"ratio library / raw no UTF-8 check     {best_library / best_tuned:>10.2f}")
    print(f"ratio typed Binance / raw defaults     {best_typed / best_raw:>10.2f}")
    print(f"ratio typed Binance / raw no UTF-8     {best_typed / best_tuned:>10.2f}")


if __name__ == "__main__":
    main()
