"""The private client over real loopback sockets against DeribitSimulator."""

from __future__ import annotations

import logging
import pickle
import threading
from decimal import Decimal

import pytest

from actors import Backoff, ConnectionState, signals
from protocol.errors import AuthenticationError, ConnectionLost, InvalidParameters, NotConnected
from venues.deribit import Credentials, DeribitPrivateClient, channels
from venues.deribit.errors import TooManyRequests
from venues.deribit.models import AccountSummary, Order, OrderResult, Position, UserChanges
from venues.deribit.simulator import CreditLimits, DeribitSimulator

ACCOUNTS = {"client-1": "secret-1", "e2e": "e2e-secret", "cod": "cod-secret"}
FAST = {"backoff": Backoff(base=0.01, factor=2.0, cap=0.05), "request_timeout": 5.0}
BTC = "BTC-PERPETUAL"


def creds(client_id: str = "client-1", secret: str | None = None) -> Credentials:
    return Credentials(client_id, ACCOUNTS[client_id] if secret is None else secret)


def newest(sim) -> int:
    return max(sim.connection_ids)


def reconnected(client) -> threading.Event:
    """Set once the client is authenticated again after losing its connection."""
    done, lost = threading.Event(), threading.Event()

    def on_state(sender, **kw):
        if kw["new"] is ConnectionState.RECONNECTING:
            lost.set()
        elif kw["new"] is ConnectionState.AUTHENTICATED and lost.is_set():
            done.set()

    signals.state_changed.connect(on_state, sender=client, weak=False)
    return done


def test_plain_ws_to_a_remote_host_is_refused():
    with pytest.raises(InvalidParameters) as excinfo:
        DeribitPrivateClient(creds(), url="ws://203.0.113.7/ws/api/v2")
    assert excinfo.value.field == "url"


def test_credentials_must_be_credentials():
    with pytest.raises(TypeError):
        DeribitPrivateClient(("client-1", "secret-1"), url="ws://127.0.0.1:1")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def sim():
    with DeribitSimulator(
        accounts=ACCOUNTS, market_data_rate=50.0, heartbeat_scale=0.01, token_ttl=1.0
    ) as server:
        yield server


def test_every_private_method_works_end_to_end(sim, frames):
    with DeribitPrivateClient(creds("e2e"), url=sim.url, **FAST) as c:
        conn = newest(sim)
        assert sim.authenticated_as(conn) == "e2e"
        user = [channels.user_orders(BTC), channels.user_trades(BTC)]
        assert sorted(c.subscribe(user, timeout=5)) == sorted(user)

        bid = c.buy(instrument_name=BTC, amount=10, price=1000, label="e2e-bid", timeout=5)
        assert isinstance(bid, OrderResult) and bid.order.price == Decimal(1000)
        ask = c.sell_async(instrument_name=BTC, amount=10, price=99_000, label="e2e-ask").result(5)
        edited = c.edit(order_id=bid.order.order_id, amount=20, price=1001, timeout=5)
        assert edited.order.amount == Decimal(20)
        assert c.get_order_state(order_id=ask.order.order_id, timeout=5).order_state == "open"
        open_ids = {o.order_id for o in c.get_open_orders_by_currency(currency="BTC", timeout=5)}
        assert {bid.order.order_id, ask.order.order_id} <= open_ids
        assert c.cancel(order_id=bid.order.order_id, timeout=5).order_state == "cancelled"
        assert c.cancel_by_label(label="e2e-ask", timeout=5) == 1

        market = c.buy(instrument_name=BTC, amount=10, type="market", timeout=5)
        assert market.order.price == "market_price" or market.trades
        position = c.get_position(instrument_name=BTC, timeout=5)
        assert isinstance(position, Position) and position.size == Decimal(10)
        assert BTC in {p.instrument_name for p in c.get_positions(currency="BTC", timeout=5)}
        summary = c.get_account_summary(currency="BTC", timeout=5)
        assert isinstance(summary, AccountSummary) and isinstance(summary.balance, Decimal)

        for label in ("e2e-1", "e2e-2"):
            c.buy(instrument_name=BTC, amount=10, price=1000, label=label, timeout=5)
        assert c.cancel_all_by_instrument(instrument_name=BTC, timeout=5) == 2
        c.sell(instrument_name=BTC, amount=10, price=99_000, timeout=5)
        assert c.cancel_all(timeout=5) == 1

        assert c.enable_cancel_on_disconnect(timeout=5) == "ok"
        assert sim.cancel_on_disconnect(conn)
        assert c.disable_cancel_on_disconnect(timeout=5) == "ok"
        assert not sim.cancel_on_disconnect(conn)

        c.unsubscribe([channels.user_trades(BTC)], timeout=5)
        assert sim.subscriptions(conn) == [channels.user_orders(BTC)]
        c.unsubscribe_all(timeout=5)
        assert sim.subscriptions(conn) == []
        c.logout()
        assert c.state is ConnectionState.CLOSED
    assert frames.wait_for("private/logout", timeout=5)
    expected = {
        "public/auth",
        "private/subscribe",
        "private/buy",
        "private/sell",
        "private/edit",
        "private/get_order_state",
        "private/get_open_orders_by_currency",
        "private/cancel",
        "private/cancel_by_label",
        "private/get_position",
        "private/get_positions",
        "private/get_account_summary",
        "private/cancel_all_by_instrument",
        "private/cancel_all",
        "private/enable_cancel_on_disconnect",
        "private/disable_cancel_on_disconnect",
        "private/unsubscribe",
        "public/unsubscribe_all",
        "private/logout",
    }
    assert expected <= set(frames.methods())


def test_connect_signs_and_reports_the_granted_scope(sim, frames):
    states: list[str] = []
    client = DeribitPrivateClient(creds(), url=sim.url, **FAST)
    signals.state_changed.connect(
        lambda s, **kw: states.append(kw["new"].value), sender=client, weak=False
    )
    with client:
        assert client.state is ConnectionState.AUTHENTICATED
        assert client.scope == "connection mainaccount"
        assert sim.authenticated_as(newest(sim)) == "client-1"
    assert states[:3] == ["connecting", "authenticating", "authenticated"]
    (auth,) = frames.requests("public/auth")
    assert auth["params"]["grant_type"] == "client_signature"
    assert "client_secret" not in auth["params"]


def test_client_credentials_and_a_named_session_are_granted(sim, frames):
    with DeribitPrivateClient(
        creds(), url=sim.url, grant_type="client_credentials", session_name="bot", **FAST
    ) as client:
        assert client.scope is not None and "session:bot" in client.scope.split()
        assert client.get_positions(currency="BTC", timeout=5) is not None
    (auth,) = frames.requests("public/auth")
    assert auth["params"]["grant_type"] == "client_credentials"
    assert auth["params"]["scope"] == "session:bot"


@pytest.mark.parametrize("grant_type", ["client_signature", "client_credentials"])
def test_bad_credentials_fail_the_connect_with_an_authentication_error(sim, grant_type):
    client = DeribitPrivateClient(creds(secret="wrong"), url=sim.url, grant_type=grant_type, **FAST)
    with pytest.raises(AuthenticationError) as excinfo:
        client.connect(timeout=5)
    client.close()
    assert client.state is ConnectionState.CLOSED
    assert "wrong" not in f"{excinfo.value!s} {excinfo.value!r}"


def test_tokens_are_refreshed_with_the_refresh_token_and_the_session_outlives_them(sim, frames):
    refreshes = threading.Semaphore(0)
    with DeribitPrivateClient(creds(), url=sim.url, **FAST) as client:
        signals.authenticated.connect(
            lambda s, **kw: refreshes.release(), sender=client, weak=False
        )
        # token_ttl is 1 s: two refreshes mean the first token has expired by now.
        assert refreshes.acquire(timeout=5) and refreshes.acquire(timeout=5)
        assert client.get_position(instrument_name=BTC, timeout=5).instrument_name == BTC
        assert client.connection_stats().reconnects == 0
        assert client.token_refreshes >= 2
    grants = [r["params"]["grant_type"] for r in frames.requests("public/auth")]
    assert grants[0] == "client_signature"
    assert grants[1:] and set(grants[1:]) == {"refresh_token"}


def test_reconnect_re_authenticates_re_sets_heartbeat_and_restores_before_ready(sim, frames):
    events: list[str] = []
    at_ready: list[tuple[str, float, list[str]]] = []
    restored = threading.Event()
    wanted = sorted([channels.user_orders(BTC), channels.trades(BTC, "raw")])

    def on_state(sender, **kw):
        events.append(kw["new"].value)
        if kw["new"] is ConnectionState.AUTHENTICATED:
            conn = newest(sim)
            at_ready.append(
                (sim.authenticated_as(conn), sim.heartbeat_interval(conn), sim.subscriptions(conn))
            )

    client = DeribitPrivateClient(creds(), url=sim.url, heartbeat_interval=10, **FAST)
    signals.state_changed.connect(on_state, sender=client, weak=False)
    signals.subscriptions_restored.connect(
        lambda s, **kw: (events.append("restored"), restored.set()), sender=client, weak=False
    )
    with client:
        assert sorted(client.subscribe(wanted, timeout=5)) == wanted
        mark = len(frames.requests())
        sim.drop_connections()
        assert restored.wait(5) and client.wait_ready(5)
        assert client.state is ConnectionState.AUTHENTICATED
    after_drop = events[events.index("reconnecting") :][:5]
    assert after_drop == [
        "reconnecting",
        "connecting",
        "authenticating",
        "authenticated",
        "restored",
    ]
    account, interval, subscribed = at_ready[-1]
    assert (account, interval, sorted(subscribed)) == ("client-1", 10, wanted)
    methods = [r["method"] for r in frames.requests()[mark:] if r["method"] != "public/test"]
    assert methods[:3] == ["public/auth", "public/set_heartbeat", "public/subscribe"]
    assert methods[3] == "private/subscribe"


def test_private_subscriptions_deliver_order_updates_after_a_reconnect(sim):
    seen = threading.Event()

    def on_orders(channel, data):
        updates = data if isinstance(data, tuple) else (data,)
        if any(isinstance(u, Order) and u.label == "after-drop" for u in updates):
            seen.set()

    with DeribitPrivateClient(creds(), url=sim.url, **FAST) as client:
        client.subscribe([channels.user_orders(BTC)], on_orders, timeout=5)
        back = reconnected(client)
        sim.drop_connections()
        assert back.wait(5)
        client.buy(instrument_name=BTC, amount=10, price=1000, label="after-drop", timeout=5)
        assert seen.wait(5)
        client.cancel_by_label(label="after-drop", timeout=5)


def test_an_order_in_flight_at_a_drop_fails_with_outcome_unknown_and_is_not_re_sent(sim, frames):
    with DeribitPrivateClient(creds(), url=sim.url, **FAST) as client:
        back = reconnected(client)
        sim.delay_replies(30)  # the venue takes the order but its reply never comes back
        try:
            future = client.buy_async(instrument_name=BTC, amount=10, price=1000, label="inflight")
            assert frames.wait_for("private/buy", timeout=5)
            sim.drop_connections()
            with pytest.raises(ConnectionLost) as excinfo:
                future.result(5)
            assert excinfo.value.outcome_unknown
        finally:
            sim.delay_replies(0)
        assert back.wait(5)
        assert client.cancel_by_label(label="inflight", timeout=5) == 1
    assert len([r for r in frames.requests("private/buy")]) == 1
    assert [o["label"] for o in sim.orders("client-1")].count("inflight") == 1


def test_cancel_on_disconnect_cancels_resting_orders_when_the_connection_drops(sim):
    with DeribitPrivateClient(
        creds("cod"), url=sim.url, cancel_on_disconnect="connection", **FAST
    ) as client:
        assert sim.cancel_on_disconnect(newest(sim))
        order = client.buy(instrument_name=BTC, amount=10, price=1000, timeout=5).order
        assert sim.open_orders("cod")
        back = reconnected(client)
        sim.drop_connections()
        assert back.wait(5)
        after = client.get_order_state(order_id=order.order_id, timeout=5)
        assert (after.order_state, after.cancel_reason) == ("cancelled", "cancel_on_disconnect")
        assert sim.open_orders("cod") == []
        assert sim.cancel_on_disconnect(newest(sim))  # enabled again on the new connection


def test_a_client_that_stops_answering_heartbeats_is_closed_and_reconnects(sim):
    with DeribitPrivateClient(
        creds(), url=sim.url, heartbeat_interval=10, answer_heartbeats=False, **FAST
    ) as client:
        back = reconnected(client)
        assert back.wait(10)


def test_secrets_stay_out_of_logs_reprs_errors_and_pickles(sim, caplog):
    caplog.set_level(logging.DEBUG)
    refreshed = threading.Event()
    credentials = creds()
    with DeribitPrivateClient(
        credentials, url=sim.url, grant_type="client_credentials", **FAST
    ) as client:
        signals.authenticated.connect(lambda s, **kw: refreshed.set(), sender=client, weak=False)
        assert refreshed.wait(5)
        back = reconnected(client)
        sim.drop_connections()
        assert back.wait(5)
        token = client._auth.result.access_token.expose_secret()
        views = [repr(client), str(client), repr(vars(client)), repr(client._auth.result)]
        with pytest.raises(TypeError):
            pickle.dumps(credentials)
        with pytest.raises(TypeError):
            pickle.dumps(client._auth.result)
    assert any(r.levelno == logging.DEBUG for r in caplog.records)
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    for secret in ("secret-1", token):
        assert secret not in logged
        assert not any(secret in view for view in views)


@pytest.fixture
def strict_sim():
    # The venue allows two matching-engine requests; the client believes in twenty.
    limits = CreditLimits(matching_rate=1, matching_burst=2)
    with DeribitSimulator(accounts=ACCOUNTS, market_data_rate=0.0, limits=limits) as server:
        yield server


def exhaust(client) -> TooManyRequests:
    for n in range(2):
        client.buy(instrument_name=BTC, amount=10, price=1000, label=f"burst-{n}", timeout=5)
    with pytest.raises(TooManyRequests) as excinfo:
        client.buy(instrument_name=BTC, amount=10, price=1000, timeout=5)
    return excinfo.value


def test_10028_empties_the_limiter_blocks_sending_and_the_venue_disconnects(strict_sim):
    with DeribitPrivateClient(
        creds(), url=strict_sim.url, too_many_requests_pause=3600, **FAST
    ) as client:
        error = exhaust(client)
        assert (error.code, error.method) == (10028, "private/buy")
        assert client.rate_limit_stats().blocked_for > 0
        assert strict_sim.wait_for_connections(0, timeout=5)
        assert client.state is not ConnectionState.AUTHENTICATED
        with pytest.raises((NotConnected, TooManyRequests)):
            client.get_positions(currency="BTC", timeout=5)


def test_after_10028_the_client_reconnects_authenticated_and_trades_again(strict_sim):
    with DeribitPrivateClient(
        creds(), url=strict_sim.url, too_many_requests_pause=0.05, **FAST
    ) as client:
        back = reconnected(client)
        exhaust(client)
        assert back.wait(5) and client.state is ConnectionState.AUTHENTICATED
        assert client.get_positions(currency="BTC", timeout=5) is not None


def test_user_changes_deliver_the_order_and_the_position_in_one_typed_message(sim):
    seen: list[UserChanges] = []
    arrived = threading.Event()

    def on_changes(channel, changes):
        seen.append(changes)
        if any(order.label == "changes" for order in changes.orders):
            arrived.set()

    with DeribitPrivateClient(creds(), url=sim.url, **FAST) as client:
        client.subscribe([channels.user_changes(BTC)], on_changes, timeout=5)
        client.buy(instrument_name=BTC, amount=10, price=1000, label="changes", timeout=5)
        assert arrived.wait(5)
        client.cancel_by_label(label="changes", timeout=5)
    changes = next(c for c in seen if any(o.label == "changes" for o in c.orders))
    assert changes.instrument_name == BTC
    assert [p.instrument_name for p in changes.positions] == [BTC]
