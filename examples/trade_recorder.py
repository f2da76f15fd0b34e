"""Record trades from Deribit, Binance Spot and Coinbase into one JSON-lines file.

A data recorder: three clients side by side, one line per trade with exact decimal
strings, and one line per thing a recorder must not miss — state changes, drops,
silent streams (``ChannelWatch``) and their recovery — so a gap in the data is always
explained by a line next to it. Runs against the three embedded simulators by default;
give ``--deribit-url``, ``--binance-url`` and ``--coinbase-url`` for the real public
endpoints (read only).

    python examples/trade_recorder.py --out trades.jsonl --seconds 3
"""

from __future__ import annotations

import argparse
import contextlib
import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from actors import ChannelWatch
from actors.signals import (
    message_dropped,
    state_changed,
    subscription_quiet,
    subscription_resumed,
)
from venues.binance.spot import BinanceSpotPublicClient, trade_stream
from venues.coinbase import ChannelMessage, CoinbasePublicClient
from venues.deribit import DeribitPublicClient, channels

QUIET_AFTER = 5.0  # seconds without a trade before a stream is recorded as silent


class Recorder:
    """Writes one JSON object per line; safe from every client's threads."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()

    def write(self, venue: str, kind: str, **fields: Any) -> None:
        line = json.dumps({"venue": venue, "kind": kind, **fields}, default=str)
        with self._lock:
            self._out.write(line + "\n")
            self.counts[f"{venue} {kind}"] += 1

    def watch(self, venue: str, client: Any) -> None:
        """Record the client's state changes, drops and silent streams."""

        def on_state(sender: Any, old: Any, new: Any, reason: str) -> None:
            self.write(venue, "state", old=old.value, new=new.value, reason=reason)

        def on_dropped(sender: Any, reason: str, count: int) -> None:
            self.write(venue, "dropped", reason=reason, count=count)

        def on_quiet(sender: Any, channels: list[str], seconds: float) -> None:
            self.write(venue, "quiet", channels=channels, seconds=seconds)

        def on_resumed(sender: Any, channels: list[str]) -> None:
            self.write(venue, "resumed", channels=channels)

        for signal, receiver in (
            (state_changed, on_state),
            (message_dropped, on_dropped),
            (subscription_quiet, on_quiet),
            (subscription_resumed, on_resumed),
        ):
            signal.connect(receiver, sender=client, weak=False)


@contextlib.contextmanager
def endpoints(args: argparse.Namespace) -> Iterator[tuple[str, str, str]]:
    """The given URLs, or embedded simulators' for as long as the block runs."""
    with contextlib.ExitStack() as stack:
        deribit, binance, coinbase = args.deribit_url, args.binance_url, args.coinbase_url
        if not deribit:
            from venues.deribit.simulator import DeribitSimulator

            deribit = stack.enter_context(DeribitSimulator(market_data_rate=20.0)).url
        if not binance:
            from venues.binance.spot.simulator import BinanceSpotSimulator

            sim = stack.enter_context(BinanceSpotSimulator(streams={"rate": 20.0, "seed": 3}))
            binance = sim.stream_url
        if not coinbase:
            from venues.coinbase.simulator import CoinbaseSimulator

            coinbase = stack.enter_context(CoinbaseSimulator(updates_per_second=20.0)).url
        yield deribit, binance, coinbase


def record(args: argparse.Namespace, recorder: Recorder) -> None:
    """Open the three clients, subscribe to trades, record for ``args.seconds``."""

    def on_deribit(channel: str, trades: Any) -> None:
        for t in trades:
            recorder.write(
                "deribit", "trade", symbol=t.instrument_name, id=t.trade_id, price=t.price,
                amount=t.amount, side=t.direction, ts=t.timestamp,
            )  # fmt: skip

    def on_binance(stream: str, t: Any) -> None:
        recorder.write(
            "binance", "trade", symbol=t.symbol, id=t.trade_id, price=t.price,
            amount=t.quantity, ts=t.trade_time,
        )  # fmt: skip

    def on_coinbase(key: str, message: ChannelMessage) -> None:
        for event in message.events:
            for t in event.trades:
                recorder.write(
                    "coinbase", "trade", symbol=t.product_id, id=t.trade_id, price=t.price,
                    amount=t.size, side=t.side, ts=t.time.text,
                )  # fmt: skip

    with contextlib.ExitStack() as stack:
        deribit_url, binance_url, coinbase_url = stack.enter_context(endpoints(args))
        deribit = DeribitPublicClient(url=deribit_url)
        binance = BinanceSpotPublicClient(url=binance_url)
        coinbase = CoinbasePublicClient(url=coinbase_url)
        for venue, client in (("deribit", deribit), ("binance", binance), ("coinbase", coinbase)):
            recorder.watch(venue, client)  # before connecting: the first states count too
            stack.enter_context(client)
        deribit_trades = channels.trades("BTC-PERPETUAL")
        deribit.subscribe([deribit_trades], on_deribit, timeout=10)
        binance.subscribe([trade_stream("BTCUSDT")], on_binance, timeout=10)
        coinbase.subscribe("market_trades", ["BTC-USD"], on_coinbase, timeout=10)
        stack.enter_context(ChannelWatch(deribit, {deribit_trades: QUIET_AFTER}))
        stack.enter_context(ChannelWatch(binance, {trade_stream("BTCUSDT"): QUIET_AFTER}))
        stack.enter_context(ChannelWatch(coinbase, {"market_trades:BTC-USD": QUIET_AFTER}))
        threading.Event().wait(args.seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("trades.jsonl"), help="output file")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to record")
    parser.add_argument("--deribit-url", help="Deribit URL (default: embedded simulator)")
    parser.add_argument("--binance-url", help="Binance stream URL (default: simulator)")
    parser.add_argument("--coinbase-url", help="Coinbase URL (default: embedded simulator)")
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:
        recorder = Recorder(out)
        record(args, recorder)
    for name, count in sorted(recorder.counts.items()):
        print(f"{name:20} {count}")
    print(f"written to {args.out}")
    trades = [name for name in recorder.counts if name.endswith(" trade")]
    return 0 if len(trades) == 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
