"""Send-to-handler latency at a steady 1,000 msgs/s: raw loop vs the library.

The server (its own process) stamps each frame with ``time.monotonic_ns()`` (one clock
for every process on the machine) just before sending it; the receiver takes the
difference when the frame reaches it: after ``recv()`` + ``orjson.loads`` for the raw
loop, inside the subscription handler for the library. It prints p50 and p99 of each
and what the library adds. Run it with::

    python -m benchmarks.latency --frames 5000
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from typing import Any

import orjson
import websocket

from benchmarks._blaster import start_paced
from benchmarks.throughput import StreamClient


def _percentiles(samples_ns: list[int]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples_ns, n=100)
    return cuts[49] / 1000.0, cuts[98] / 1000.0  # microseconds


def run_raw(count: int, rate: float) -> list[int]:
    """Latencies (ns) of a plain websocket-client receive loop."""
    server = start_paced(count, rate, 1)
    samples: list[int] = []
    try:
        ws = websocket.create_connection(server.url)
        while len(samples) < count:
            data = orjson.loads(ws.recv())["data"]
            samples.append(time.monotonic_ns() - data["t"])
        ws.close()
    finally:
        server.stop()
    return samples


def run_library(count: int, rate: float) -> list[int]:
    """Latencies (ns) from the server's send to the library's handler."""
    server = start_paced(count, rate, 1)
    samples: list[int] = []
    done = threading.Event()

    def handler(stream: str, data: Any) -> None:
        samples.append(time.monotonic_ns() - data["t"])
        if len(samples) == count:
            done.set()

    client = StreamClient(server.url)
    try:
        client.route("lat", handler)
        client.connect()
        if not done.wait(count / rate + 60):
            raise RuntimeError(f"only {len(samples)} of {count} frames arrived")
    finally:
        client.close()
        server.stop()
    return samples


def main() -> None:
    """Measure both paths and print p50/p99 and the difference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=1000.0)
    args = parser.parse_args()
    raw50, raw99 = _percentiles(run_raw(args.frames, args.rate))
    lib50, lib99 = _percentiles(run_library(args.frames, args.rate))
    print(f"frames {args.frames} at {args.rate:.0f} msgs/s")
    print(f"raw websocket-client    p50 {raw50:8.1f} us   p99 {raw99:8.1f} us")
    print(f"venue-actors full path  p50 {lib50:8.1f} us   p99 {lib99:8.1f} us")
    print(f"added by the library    p50 {lib50 - raw50:8.1f} us   p99 {lib99 - raw99:8.1f} us")


if __name__ == "__main__":
    main()
