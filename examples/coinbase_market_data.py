"""Stream Coinbase Advanced Trade market data: book, ticker and trades for BTC-USD.

By default the script starts the embedded Coinbase simulator and connects to it; pass
``--url wss://advanced-trade-ws.coinbase.com`` for the real venue (no keys needed).
It keeps a ``LocalOrderBook`` from the ``level2`` snapshot and updates, prints the best
bid/offer, and stops after ``--seconds``.

Run:
    python examples/coinbase_market_data.py --seconds 2
"""

from __future__ import annotations

import argparse
import contextlib
import threading
from collections.abc import Iterator

from actors.signals import subscription_stale
from venues.coinbase import ChannelMessage, CoinbasePublicClient, LocalOrderBook
from venues.coinbase.simulator import CoinbaseSimulator


class Book:
    """The product's local book, kept from level2 messages (a handler feeds it)."""

    def __init__(self, product: str) -> None:
        self.book = LocalOrderBook(product)
        self.snapshots = 0
        self.lock = threading.Lock()

    def on_message(self, key: str, message: ChannelMessage) -> None:
        with self.lock:
            # A snapshot replaces the whole book (after a gap or a reconnect too).
            self.snapshots += sum(1 for event in message.events if event.is_snapshot)
            self.book.apply_message(message)

    def best(self) -> str:
        with self.lock:
            bid, offer = self.book.best_bid(), self.book.best_ask()
        if bid is None or offer is None:
            return "empty"
        return f"{bid[0]} / {offer[0]}"


@contextlib.contextmanager
def endpoint(url: str | None) -> Iterator[str]:
    """The given URL, or a simulator's for as long as the block runs."""
    if url:
        yield url
        return
    with CoinbaseSimulator(updates_per_second=50.0) as sim:
        yield sim.url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="venue URL (default: the embedded simulator)")
    parser.add_argument("--product", default="BTC-USD")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()

    book = Book(args.product)
    trades: list[str] = []
    done = threading.Event()

    def on_trades(key: str, message: ChannelMessage) -> None:
        for event in message.events:
            trades.extend(f"{t.side} {t.size} @ {t.price}" for t in event.trades)

    with endpoint(args.url) as url, CoinbasePublicClient(url=url) as client:
        subscription_stale.connect(
            lambda sender, **kw: print("stale:", kw["channels"], kw["reason"]),
            sender=client,
            weak=False,
        )
        print("subscribed:", client.subscribe("level2", [args.product], book.on_message))
        print("subscribed:", client.subscribe("market_trades", [args.product], on_trades))
        done.wait(args.seconds)
        print(f"best bid / offer: {book.best()} ({book.snapshots} snapshot(s))")
        print(f"trades seen: {len(trades)}; last: {trades[-1] if trades else '-'}")
        print("rate limits:", client.rate_limit_stats())


if __name__ == "__main__":
    main()
