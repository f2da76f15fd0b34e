"""Trade on the Binance Spot WebSocket API: logon, user data, orders, limits.

By default everything runs against the embedded simulator (no network beyond
127.0.0.1). To use the Spot test network instead::

    export BINANCE_API_KEY=...                      # the API key
    export BINANCE_PRIVATE_KEY_FILE=ed25519.pem     # an Ed25519 key (logs the session on)
    # or: export BINANCE_SECRET_KEY=...             # an HMAC key (signs every request)
    python examples/binance_trading.py --url wss://ws-api.testnet.binance.vision/ws-api/v3

Example:
    $ python examples/binance_trading.py
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from protocol.errors import VenueClientError
from venues.binance.spot.private import (
    BinanceSpotPrivateClient,
    Credentials,
    ExecutionReport,
)
from venues.binance.spot.simulator import BinanceSpotSimulator, SimAccount

SYMBOL = "BTCUSDT"
_KEYS_HELP = """with --url, keys come from the environment:
  BINANCE_API_KEY            the API key
  BINANCE_PRIVATE_KEY_FILE   an Ed25519 private key (PEM); the session is logged on
  BINANCE_SECRET_KEY         or an HMAC secret; every request is signed"""


def credentials_from_environment() -> Credentials:
    """Credentials from BINANCE_API_KEY plus BINANCE_PRIVATE_KEY_FILE or BINANCE_SECRET_KEY."""
    api_key = os.environ.get("BINANCE_API_KEY", "")
    key_file = os.environ.get("BINANCE_PRIVATE_KEY_FILE")
    if key_file:
        return Credentials(api_key, private_key=Path(key_file).read_bytes())
    return Credentials(api_key, secret_key=os.environ.get("BINANCE_SECRET_KEY", ""))


def simulated_credentials() -> tuple[Credentials, SimAccount]:
    """A fresh Ed25519 key and a simulator account that knows it."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    creds = Credentials("exampleApiKey", private_key=pem)
    account = SimAccount.from_credentials(creds, balances={"USDT": "100000", "BTC": "1"})
    return creds, account


def trade(client: BinanceSpotPrivateClient) -> None:
    """Place, inspect and cancel orders while the user data stream reports them."""
    fills = threading.Event()

    def on_event(channel: str, event: object) -> None:
        if isinstance(event, ExecutionReport):
            print(f"  user data: {event.execution_type} {event.side} {event.order_status}")
            if event.execution_type == "TRADE":
                fills.set()

    print(f"state: {client.state}, server time: {client.server_time()}")
    client.subscribe_user_data(on_event)
    usdt = client.account_status().balance("USDT")
    print(f"USDT free {usdt.free:f}, locked {usdt.locked:f}")

    resting = client.place_order(
        symbol=SYMBOL, side="BUY", type="LIMIT", time_in_force="GTC",
        price=Decimal("20000"), quantity=Decimal("0.001"),
    )  # fmt: skip
    print(f"limit order {resting.order_id}: {resting.status}")
    print(f"open orders: {[o.order_id for o in client.open_orders(SYMBOL)]}")

    market = client.place_order(symbol=SYMBOL, side="BUY", type="MARKET", quantity="0.001")
    print(f"market order {market.order_id}: {market.status}, fills {len(market.fills)}")
    fills.wait(timeout=5.0)

    canceled = client.cancel_order(symbol=SYMBOL, order_id=resting.order_id)
    print(f"canceled {canceled.order_id}: {canceled.status}")
    stats = client.rate_limit_stats()
    print(f"weight used {stats.weight_used}, order credits {stats.credits_available}")


def main(argv: list[str] | None = None) -> int:
    """Run the tour against the simulator, or against ``--url`` with keys from the env."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=_KEYS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", help="a WebSocket API endpoint (default: the simulator)")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        if args.url:
            creds, url = credentials_from_environment(), args.url
        else:
            creds, account = simulated_credentials()
            sim = stack.enter_context(BinanceSpotSimulator([account]))
            url = sim.api_url
        try:
            client = stack.enter_context(BinanceSpotPrivateClient(creds, url=url))
            trade(client)
        except VenueClientError as exc:
            print(f"failed: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
