"""Follow your Coinbase Advanced Trade orders on the ``user`` channel.

By default the script starts the embedded Coinbase simulator with a freshly generated
Ed25519 key, places an order there, and prints the snapshot and the updates. For the
real venue pass ``--url wss://advanced-trade-ws-user.coinbase.com`` and set
``COINBASE_KEY_NAME`` and ``COINBASE_PRIVATE_KEY`` (a CDP key: EC P-256 PEM or Ed25519).
Every subscribe carries a fresh JWT signed with that key; the key is never printed.

Run:
    python examples/coinbase_user_orders.py --seconds 2
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from collections.abc import Iterator

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from venues.coinbase import ChannelMessage, CoinbasePrivateClient, Credentials
from venues.coinbase.simulator import CoinbaseSimulator

DEMO_KEY_NAME = "organizations/demo/apiKeys/demo"


@contextlib.contextmanager
def venue(url: str | None) -> Iterator[tuple[str, Credentials, CoinbaseSimulator | None]]:
    """The real venue with keys from the environment, or a simulator with a demo key."""
    if url:
        try:
            credentials = Credentials(
                os.environ["COINBASE_KEY_NAME"], os.environ["COINBASE_PRIVATE_KEY"]
            )
        except KeyError as missing:
            sys.exit(f"set {missing.args[0]} to use --url")
        yield url, credentials, None
        return
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with CoinbaseSimulator(accounts={DEMO_KEY_NAME: key.public_key()}) as sim:
        yield sim.user_url, Credentials(DEMO_KEY_NAME, pem), sim


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="venue URL (default: the embedded simulator)")
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    updates = threading.Event()

    def on_orders(key: str, message: ChannelMessage) -> None:
        for event in message.events:
            for order in event.orders:
                print(
                    f"{event.type:8} {order.order_id} {order.status} {order.order_side} "
                    f"{order.leaves_quantity} @ {order.limit_price} {order.product_id}"
                )
            if event.type == "update":
                updates.set()

    with (
        venue(args.url) as (url, credentials, sim),
        CoinbasePrivateClient(credentials, url=url) as client,
    ):
        print("subscribed:", client.subscribe("user", handler=on_orders))
        if sim is not None:
            sim.place_order(DEMO_KEY_NAME, "BTC-USD", "BUY", "0.001", "68900")
        updates.wait(args.seconds)
        print("state:", client.state.value)


if __name__ == "__main__":
    main()
