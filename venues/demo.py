"""The ``python -m venues demo`` story, against an embedded Deribit simulator.

One line per event: stream trades and the book, place, edit and cancel an order, kill
the connection, watch reconnect, re-authentication and restored subscriptions, have
the venue withhold book changes and watch the gap healed by a fresh snapshot, then
print the rate-limit usage. Finishes in seconds and exits 0.

Example:
    >>> # python -m venues demo
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from actors import Backoff, RateLimitStats, signals
from venues.deribit import Credentials, DeribitPrivateClient, channels
from venues.deribit.models import BookChange
from venues.deribit.summary import summarise

if TYPE_CHECKING:  # the simulator needs the ``sim`` extra: imported only when run
    from venues.deribit.simulator import DeribitSimulator

__all__ = ["run"]

_ACCOUNT = ("demo", "demo-secret")


_print_lock = threading.Lock()


def _say(what: str, detail: Any = "") -> None:
    # Signals arrive on the client's threads: one line at a time, never interleaved.
    with _print_lock:
        print(f"{what:<12} {detail}", flush=True)


def _watch(client: DeribitPrivateClient, restored: threading.Event) -> None:
    def on_state(sender: Any, **kw: Any) -> None:
        _say("state", f"{kw['old'].value} -> {kw['new'].value} ({kw['reason']})")

    def on_restored(sender: Any, **kw: Any) -> None:
        _say("restored", ", ".join(kw["channels"]))
        restored.set()

    signals.state_changed.connect(on_state, sender=client, weak=False)
    signals.authenticated.connect(
        lambda sender, **kw: _say("auth", f"scope {kw['scope']!r}"), sender=client, weak=False
    )
    signals.subscriptions_restored.connect(on_restored, sender=client, weak=False)


def _stream(client: DeribitPrivateClient, count: int = 4) -> threading.Event:
    enough, seen = threading.Event(), [0]

    def on_data(channel: str, data: Any) -> None:
        if seen[0] < count:
            kind = "book" if isinstance(data, BookChange) else "trades"
            _say(kind, summarise(data))
        seen[0] += 1
        if seen[0] >= count:
            enough.set()

    wanted = [channels.trades("BTC-PERPETUAL"), channels.book("BTC-PERPETUAL")]
    _say("subscribed", ", ".join(client.subscribe(wanted, on_data, timeout=10)))
    return enough


def _trade(client: DeribitPrivateClient) -> None:
    order = client.buy(instrument_name="BTC-PERPETUAL", amount=10, price=1000, timeout=10).order
    _say("placed", f"{order.order_id} {order.order_state} {order.amount} @ {order.price}")
    edited = client.edit(order_id=order.order_id, amount=20, price=1001, timeout=10).order
    _say("edited", f"{edited.order_id} {edited.amount} @ {edited.price}")
    cancelled = client.cancel(order_id=order.order_id, timeout=10)
    _say("cancelled", f"{cancelled.order_id} {cancelled.order_state}")


def _gap(client: DeribitPrivateClient, sim: DeribitSimulator) -> bool:
    stale, healed = threading.Event(), threading.Event()

    def on_stale(sender: Any, **kw: Any) -> None:
        _say("stale", f"{', '.join(kw['channels'])} ({kw['reason']})")
        stale.set()

    def on_message(sender: Any, channel: str, data: Any) -> None:
        fresh = isinstance(data, BookChange) and data.is_snapshot
        if fresh and stale.is_set() and not healed.is_set():
            healed.set()
            _say("healed", f"{channel}: fresh snapshot #{data.change_id}")

    signals.subscription_stale.connect(on_stale, sender=client, weak=False)
    signals.message_received.connect(on_message, sender=client, weak=False)
    _say("gap", "the venue withholds the next 2 book changes")
    sim.skip_book_changes(2, "BTC-PERPETUAL")
    return healed.wait(10)


def _usage(stats: RateLimitStats) -> str:
    credits = ", ".join(f"{name} {left:.0f}" for name, left in stats.credits_available.items())
    return (
        f"credits left: {credits}; {stats.messages_in_last_second} messages in the last"
        f" second; {stats.active_subscriptions} subscriptions; {stats.refused} refused"
    )


def _failed(why: str) -> int:
    _say("failed", why)
    return 1


def run() -> int:
    """Run the demo; return the process exit code (0: the whole story ran).

    Example:
        >>> # run()  # prints one line per event, then 'done  closed cleanly'
    """
    from venues.deribit.simulator import DeribitSimulator

    # The story narrates every event itself; the library's warnings would repeat them.
    for name in ("actors", "venues"):
        logging.getLogger(name).addHandler(logging.NullHandler())
    with DeribitSimulator(accounts=dict([_ACCOUNT]), market_data_rate=20.0) as sim:
        _say("simulator", sim.url)
        restored = threading.Event()
        client = DeribitPrivateClient(
            Credentials(*_ACCOUNT), url=sim.url, backoff=Backoff(base=0.05, cap=0.5)
        )
        _watch(client, restored)
        with client:
            if not _stream(client).wait(10):
                return _failed("no market data within 10 s")
            _trade(client)
            _say("kill", "dropping every connection")
            sim.drop_connections()
            if not restored.wait(15) or not client.wait_ready(10):
                return _failed(f"not restored after the drop (state {client.state.value})")
            _say(
                "ready", f"{client.state.value}, reconnects {client.connection_stats().reconnects}"
            )
            if not _gap(client, sim):
                return _failed("the book gap was not healed within 10 s")
            _say("rate", _usage(client.rate_limit_stats()))
    _say("done", "closed cleanly")
    return 0
