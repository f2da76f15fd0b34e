"""The private client over real loopback sockets against DeribitSimulator."""

from __future__ import annotations

import threading

import pytest

from actors import Backoff, ConnectionState, signals
from protocol.errors import AuthenticationError, ConnectionLost, InvalidParameters
from venues.deribit import Credentials, DeribitPrivateClient, channels
from venues.deribit.errors import TooManyRequests
from venues.deribit.models import Order

simulator = pytest.importorskip("venues.deribit.simulator")
DeribitSimulator = getattr(simulator, "DeribitSimulator", None)
needs_simulator = pytest.mark.skipif(DeribitSimulator is None, reason="DeribitSimulator missing")

CREDS = {"client-1": "secret-1"}
FAST = {"backoff": Backoff(base=0.01, factor=2.0, cap=0.05), "request_timeout": 5.0}


def creds(secret: str = "secret-1") -> Credentials:
    return Credentials("client-1", secret)


def test_plain_ws_to_a_remote_host_is_refused():
    with pytest.raises(InvalidParameters) as excinfo:
        DeribitPrivateClient(creds(), url="ws://203.0.113.7/ws/api/v2")
    assert excinfo.value.field == "url"


def test_credentials_must_be_credentials():
    with pytest.raises(TypeError):
        DeribitPrivateClient(("client-1", "secret-1"), url="ws://127.0.0.1:1")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def sim():
    if DeribitSimulator is None:
        pytest.skip("DeribitSimulator missing")
    with DeribitSimulator(
        accounts=CREDS, market_data_rate=50.0, heartbeat_scale=0.01, token_ttl=1.0
    ) as server:
        yield server


@needs_simulator
def test_connect_authenticates_and_reports_the_granted_scope(sim):
    states: list[str] = []
    client = DeribitPrivateClient(creds(), url=sim.url, **FAST)
    signals.state_changed.connect(
        lambda s, **kw: states.append(kw["new"].value), sender=client, weak=False
    )
    with client:
        assert client.state is ConnectionState.AUTHENTICATED
        assert client.scope
    assert states[:3] == ["connecting", "authenticating", "authenticated"]
    assert "secret-1" not in repr(client.__dict__)


@needs_simulator
def test_bad_credentials_fail_the_connect_with_an_authentication_error(sim):
    client = DeribitPrivateClient(creds("wrong"), url=sim.url, **FAST)
    with pytest.raises(AuthenticationError):
        client.connect(timeout=5)
    client.close()
    assert client.state is ConnectionState.CLOSED


@needs_simulator
def test_tokens_are_refreshed_before_they_expire(sim):
    refreshed = threading.Event()
    with DeribitPrivateClient(creds(), url=sim.url, **FAST) as client:
        signals.authenticated.connect(lambda s, **kw: refreshed.set(), sender=client, weak=False)
        assert refreshed.wait(5)
        assert client.token_refreshes >= 1
        assert client.state is ConnectionState.AUTHENTICATED


@needs_simulator
def test_a_full_order_lifecycle_place_edit_query_cancel(sim):
    with DeribitPrivateClient(creds(), url=sim.url, **FAST) as client:
        placed = client.buy(
            instrument_name="BTC-PERPETUAL", amount=10, price=1000, label="lifecycle", timeout=5
        )
        order_id = placed.order.order_id
        assert placed.order.is_open
        edited = client.edit_async(order_id=order_id, amount=20, price=1001).result(5)
        assert edited.order.amount == 20
        assert client.get_order_state(order_id=order_id, timeout=5).order_id == order_id
        assert order_id in {o.order_id for o in client.get_open_orders_by_currency(currency="BTC")}
        assert client.cancel(order_id=order_id, timeout=5).order_state == "cancelled"


@needs_simulator
def test_private_subscriptions_deliver_order_updates_and_survive_a_reconnect(sim):
    updates: list[Order] = []
    seen, restored = threading.Event(), threading.Event()

    def on_orders(channel, data):
        updates.extend(data if isinstance(data, tuple) else [data])
        seen.set()

    with DeribitPrivateClient(creds(), url=sim.url, **FAST) as client:
        signals.subscriptions_restored.connect(
            lambda s, **kw: restored.set(), sender=client, weak=False
        )
        wanted = [channels.user_orders("BTC-PERPETUAL"), channels.trades("BTC-PERPETUAL", "raw")]
        assert sorted(client.subscribe(wanted, on_orders, timeout=5)) == sorted(wanted)
        sim.drop_connections()
        assert restored.wait(5) and client.wait_ready(5)
        assert client.state is ConnectionState.AUTHENTICATED
        client.buy(instrument_name="BTC-PERPETUAL", amount=10, price=1000, timeout=5)
        assert seen.wait(5)
        assert any(isinstance(update, Order) for update in updates)


@needs_simulator
def test_an_order_in_flight_at_a_drop_fails_with_outcome_unknown(sim):
    with DeribitPrivateClient(creds(), url=sim.url, **FAST) as client:
        sim.stall()
        try:
            future = client.buy_async(instrument_name="BTC-PERPETUAL", amount=10, price=1000)
            sim.drop_connections()
            with pytest.raises(ConnectionLost) as excinfo:
                future.result(5)
            assert excinfo.value.outcome_unknown
        finally:
            sim.resume()
        assert client.wait_ready(5)


@needs_simulator
def test_too_many_requests_pauses_and_reconnects_authenticated(sim):
    with DeribitPrivateClient(creds(), url=sim.url, too_many_requests_pause=0.05, **FAST) as c:
        reconnected = threading.Event()
        signals.state_changed.connect(
            lambda s, **kw: kw["new"] is ConnectionState.RECONNECTING and reconnected.set(),
            sender=c,
            weak=False,
        )
        sim.fail_method("private/buy", 10028)
        with pytest.raises(TooManyRequests):
            c.buy(instrument_name="BTC-PERPETUAL", amount=10, price=1000, timeout=5)
        assert reconnected.wait(5)
        assert c.wait_ready(5) and c.state is ConnectionState.AUTHENTICATED


@needs_simulator
def test_a_client_that_stops_answering_heartbeats_is_closed_and_reconnects(sim):
    with DeribitPrivateClient(
        creds(), url=sim.url, heartbeat_interval=10, answer_heartbeats=False, **FAST
    ) as client:
        dropped = threading.Event()
        signals.state_changed.connect(
            lambda s, **kw: kw["new"] is ConnectionState.RECONNECTING and dropped.set(),
            sender=client,
            weak=False,
        )
        assert dropped.wait(10)
        assert client.wait_ready(5)
