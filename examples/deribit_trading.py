"""Place, edit, query and cancel a Deribit order on an authenticated session.

Runs against an embedded DeribitSimulator by default; with ``--url`` it reads
DERIBIT_CLIENT_ID and DERIBIT_CLIENT_SECRET from the environment (testnet keys).
"""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator

from venues.deribit import Credentials, DeribitPrivateClient


@contextlib.contextmanager
def venue(url: str | None) -> Iterator[tuple[str, Credentials]]:
    """Yield a URL and credentials: the environment's, or an embedded simulator's."""
    if url:
        yield url, Credentials(os.environ["DERIBIT_CLIENT_ID"], os.environ["DERIBIT_CLIENT_SECRET"])
        return
    from venues.deribit.simulator import DeribitSimulator

    with DeribitSimulator(accounts={"example": "example-secret"}) as sim:
        yield sim.url, Credentials("example", "example-secret")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="venue URL (default: an embedded simulator)")
    parser.add_argument("--instrument", default="BTC-PERPETUAL")
    args = parser.parse_args()
    with venue(args.url) as (url, credentials), DeribitPrivateClient(credentials, url=url) as c:
        print(f"auth     scope {c.scope!r}")
        placed = c.buy(
            instrument_name=args.instrument, amount=10, price=1000, label="example", timeout=10
        ).order
        print(f"placed   {placed.order_id} {placed.order_state} {placed.amount} @ {placed.price}")
        edited = c.edit(order_id=placed.order_id, amount=20, price=1001, timeout=10).order
        print(f"edited   {edited.order_id} {edited.amount} @ {edited.price}")
        state = c.get_order_state(order_id=placed.order_id, timeout=10)
        print(f"state    {state.order_state}")
        cancelled = c.cancel(order_id=placed.order_id, timeout=10)
        print(f"cancel   {cancelled.order_id} {cancelled.order_state}")
        credits = c.rate_limit_stats().credits_available
        print(f"credits  {', '.join(f'{name} {left:.0f}' for name, left in credits.items())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
