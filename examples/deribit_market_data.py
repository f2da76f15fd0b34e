"""Stream Deribit trades and keep a local order book, typed, through a handler and a signal.

Runs against an embedded DeribitSimulator by default; pass ``--url`` for testnet.

    python examples/deribit_market_data.py
    python examples/deribit_market_data.py --url wss://test.deribit.com/ws/api/v2
"""

from __future__ import annotations

import argparse
import contextlib
import threading
from collections.abc import Iterator

from actors import signals
from venues.deribit import DeribitPublicClient, LocalOrderBook, channels
from venues.deribit.models import BookChange
from venues.deribit.summary import summarise

_print_lock = threading.Lock()


def say(line: str) -> None:
    """Print one whole line; handlers and signals run on the client's threads."""
    with _print_lock:
        print(line, flush=True)


@contextlib.contextmanager
def venue_url(url: str | None) -> Iterator[str]:
    """Yield ``url``, or the URL of an embedded simulator when none is given."""
    if url:
        yield url
        return
    from venues.deribit.simulator import DeribitSimulator

    with DeribitSimulator(accounts={}, market_data_rate=20.0) as sim:
        yield sim.url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="venue URL (default: an embedded simulator)")
    parser.add_argument("--messages", type=int, default=10, help="stop after this many")
    args = parser.parse_args()
    done, count = threading.Event(), [0]
    # The client only ever hands on book changes that chain from the last snapshot,
    # so the local book is applied to without a check of its own.
    book = LocalOrderBook("BTC-PERPETUAL")

    def on_data(channel: str, data: object) -> None:
        if isinstance(data, BookChange):
            book.apply(data)
            bid, ask = book.best_bid(), book.best_ask()
            say(f"book   change {book.change_id}: best bid {bid and bid[0]}, ask {ask and ask[0]}")
        else:
            say(f"trades {summarise(data)}")
        count[0] += 1
        if count[0] >= args.messages:
            done.set()

    with venue_url(args.url) as url, DeribitPublicClient(url=url) as client:
        signals.state_changed.connect(
            lambda sender, **kw: say(f"state  {kw['old'].value} -> {kw['new'].value}"),
            sender=client,
            weak=False,
        )
        say(f"time   server time {client.get_time(timeout=10)} ms")
        wanted = [channels.trades("BTC-PERPETUAL"), channels.book("BTC-PERPETUAL")]
        confirmed = client.subscribe(wanted, on_data, timeout=10)
        say(f"subscribed {', '.join(confirmed)}")
        done.wait(30)
        credits = client.rate_limit_stats().credits_available
        say(f"credits {', '.join(f'{name} {left:.0f}' for name, left in credits.items())}")
    return 0 if done.is_set() else 1


if __name__ == "__main__":
    raise SystemExit(main())
