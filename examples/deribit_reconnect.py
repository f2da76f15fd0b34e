"""Watch a Deribit session survive a dropped connection: re-auth and restored subscriptions.

Runs against an embedded DeribitSimulator (whose fault injection drops the socket);
with ``--url`` it only shows the session and waits for a drop from the network.
"""

from __future__ import annotations

import argparse
import os
import threading
from collections.abc import Callable

from actors import Backoff, signals
from venues.deribit import Credentials, DeribitPrivateClient, channels

_print_lock = threading.Lock()


def say(line: str) -> None:
    """Print one whole line; signals arrive on the client's threads."""
    with _print_lock:
        print(line, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="venue URL (default: an embedded simulator)")
    args = parser.parse_args()
    if args.url:
        creds = Credentials(os.environ["DERIBIT_CLIENT_ID"], os.environ["DERIBIT_CLIENT_SECRET"])
        return run(args.url, creds, drop=None)
    from venues.deribit.simulator import DeribitSimulator

    with DeribitSimulator(accounts={"example": "example-secret"}, market_data_rate=20.0) as sim:
        return run(sim.url, Credentials("example", "example-secret"), drop=sim.drop_connections)


def run(url: str, creds: Credentials, drop: Callable[[], object] | None) -> int:
    restored = threading.Event()
    backoff = Backoff(base=0.05, factor=2.0, cap=1.0)
    with DeribitPrivateClient(creds, url=url, backoff=backoff) as client:
        signals.state_changed.connect(
            lambda sender, **kw: say(f"state    {kw['old'].value} -> {kw['new'].value}"),
            sender=client,
            weak=False,
        )

        def on_restored(sender: object, **kw: list[str]) -> None:
            say(f"restored {', '.join(kw['channels'])}")
            restored.set()

        signals.subscriptions_restored.connect(on_restored, sender=client, weak=False)
        wanted = [channels.ticker("BTC-PERPETUAL"), channels.user_orders("BTC-PERPETUAL")]
        say(f"subscribed {', '.join(client.subscribe(wanted, timeout=10))}")
        if drop is not None:
            say("dropping the connection")
            drop()
        if not restored.wait(30):
            return 1
        client.wait_ready(10)
        say(f"state now {client.state.value}, reconnects {client.connection_stats().reconnects}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
