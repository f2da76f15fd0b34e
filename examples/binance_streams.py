"""Stream Binance Spot trades, book ticker and depth, typed, across a connection rotation.

Runs against an embedded BinanceSpotSimulator by default, where connections are replaced
make-before-break every second to show that no trade is lost or repeated; pass ``--url``
for the real endpoint (which is only read, never traded on).

    python examples/binance_streams.py
    python examples/binance_streams.py --url wss://stream.binance.com:9443/stream
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import threading
from collections.abc import Iterator
from typing import Any

from actors import signals
from venues.binance.spot import (
    BinanceSpotPublicClient,
    book_ticker_stream,
    partial_depth_stream,
    trade_stream,
)
from venues.binance.spot.limits import STREAM_ROTATE_AFTER
from venues.binance.spot.public import TradeEvent


@contextlib.contextmanager
def venue_url(url: str | None) -> Iterator[str]:
    """Yield ``url``, or the stream URL of an embedded simulator when none is given."""
    if url:
        yield url
        return
    from venues.binance.spot.simulator import BinanceSpotSimulator

    with BinanceSpotSimulator(streams={"rate": 50.0, "seed": 1, "period_scale": 0.2}) as sim:
        yield sim.stream_url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="stream URL (default: an embedded simulator)")
    parser.add_argument("--symbol", default="BTCUSDT", help="symbol to stream")
    parser.add_argument("--trades", type=int, default=100, help="stop after this many trades")
    args = parser.parse_args()
    rotate_after = STREAM_ROTATE_AFTER if args.url else 1.0
    done, trade_ids = threading.Event(), []

    def on_event(stream: str, event: Any) -> None:
        if isinstance(event, TradeEvent):
            trade_ids.append(event.trade_id)
            if len(trade_ids) % 25 == 1:
                print(f"trade  {event.symbol} #{event.trade_id} {event.quantity} @ {event.price}")
            if len(trade_ids) >= args.trades:
                done.set()
        elif len(trade_ids) % 25 == 2:
            print(f"{stream:24} {event!r:.90}")

    with (
        venue_url(args.url) as url,
        BinanceSpotPublicClient(url=url, max_connection_age=rotate_after) as client,
    ):
        signals.message_dropped.connect(
            lambda sender, **kw: print(f"dropped {kw['count']} ({kw['reason']})"),
            sender=client,
            weak=False,
        )
        wanted = [
            trade_stream(args.symbol),
            book_ticker_stream(args.symbol),
            partial_depth_stream(args.symbol, 5, update_speed="100ms"),
        ]
        print(f"subscribed {client.subscribe(wanted, on_event, timeout=10)}")
        print(f"venue lists {client.list_subscriptions(timeout=10)}")
        done.wait(60)
        rotations = client.rotations
    gaps = [(a, b) for a, b in itertools.pairwise(trade_ids) if b != a + 1]
    print(f"{len(trade_ids)} trades, {rotations} rotations, gaps or repeats: {gaps or 'none'}")
    return 0 if done.is_set() and not gaps else 1


if __name__ == "__main__":
    raise SystemExit(main())
