"""BinanceSpotPrivateClient against the simulator over real loopback sockets."""

from __future__ import annotations

import json
import logging
import pickle
import threading
import time
import traceback
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from actors import Backoff, ConnectionState
from actors.signals import message_received
from protocol.errors import (
    AuthenticationError,
    ConnectionLost,
    InvalidParameters,
    RateLimitError,
    WeightLimitExceeded,
)
from venues.binance.spot.errors import (
    BadApiKeyFormat,
    CancelRejected,
    InvalidMessage,
    InvalidSignature,
    InvalidTimestamp,
    NewOrderRejected,
    NoSuchOrder,
    OutcomeUnknown,
    RejectedApiKey,
    TooManyRequests,
)
from venues.binance.spot.private import (
    BalanceUpdate,
    BinanceSpotPrivateClient,
    Credentials,
    ExecutionReport,
    OutboundAccountPosition,
)
from venues.binance.spot.simulator import ApiLimits, BinanceSpotSimulator, SimAccount

ED_KEY = "edApiKey0001"
HMAC_KEY = "hmacApiKey0001"
HMAC_SECRET = "hmacSecretValue0001"
BALANCES = {"USDT": "1000000", "BTC": "10"}
FAST = {"backoff": Backoff(base=0.01, factor=2.0, cap=0.05), "request_timeout": 5.0}
WAIT = 5.0


def _pem() -> bytes:
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())


ED_PEM = _pem()
ED = Credentials(ED_KEY, private_key=ED_PEM)
HMAC = Credentials(HMAC_KEY, secret_key=HMAC_SECRET)


def _accounts() -> list[SimAccount]:
    return [
        SimAccount.from_credentials(ED, balances=BALANCES),
        SimAccount(HMAC_KEY, secret_key=HMAC_SECRET, balances=BALANCES),
    ]


@pytest.fixture
def sim() -> Iterator[BinanceSpotSimulator]:
    with BinanceSpotSimulator(_accounts()) as simulator:
        yield simulator


@pytest.fixture(params=["ed25519", "hmac"])
def creds(request: pytest.FixtureRequest) -> Credentials:
    return ED if request.param == "ed25519" else HMAC


def _client(sim: BinanceSpotSimulator, creds: Credentials, **options) -> BinanceSpotPrivateClient:
    return BinanceSpotPrivateClient(creds, url=sim.api_url, **{**FAST, **options})


class Collector:
    """Collects user data events; waits for one matching a predicate."""

    def __init__(self) -> None:
        self.events: list[object] = []
        self._cond = threading.Condition()

    def __call__(self, channel: str, event: object) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(self, predicate, timeout: float = WAIT) -> object:
        with self._cond:
            found: list[object] = []

            def seen() -> bool:
                found[:] = [e for e in self.events if predicate(e)]
                return bool(found)

            assert self._cond.wait_for(seen, timeout), f"no matching event in {self.events}"
            return found[0]


def _limit_buy(client: BinanceSpotPrivateClient, price: str = "49000", qty: str = "0.5"):
    return client.place_order(
        symbol="BTCUSDT", side="BUY", type="LIMIT", time_in_force="GTC", price=price, quantity=qty
    )


# -- authentication ----------------------------------------------------------------------


def test_ed25519_credentials_log_the_session_on_and_send_only_timestamps(sim):
    with _client(sim, ED) as client:
        assert client.state is ConnectionState.AUTHENTICATED
        assert client.session_status().logged_on
        client.order_status(symbol="BTCUSDT", order_id=_limit_buy(client).order_id)
    logon = dict(sim.api.requests)["session.logon"]
    assert {"apiKey", "timestamp", "signature"} <= set(logon)
    signed = [params for method, params in sim.api.requests if method == "order.status"]
    assert "timestamp" in signed[0]
    assert "signature" not in signed[0] and "apiKey" not in signed[0]


def test_hmac_credentials_sign_every_request_and_never_log_on(sim):
    with _client(sim, HMAC, recv_window=5000) as client:
        assert client.state is ConnectionState.CONNECTED
        _limit_buy(client)
        assert not client.session_status().logged_on
    methods = [method for method, _ in sim.api.requests]
    assert "session.logon" not in methods
    placed = dict(sim.api.requests)["order.place"]
    assert placed["apiKey"] == HMAC_KEY
    assert len(placed["signature"]) == 64
    assert placed["recvWindow"] == 5000


def test_an_unknown_key_fails_the_connection_with_an_authentication_error(sim):
    stranger = Credentials("unknownKey1", private_key=_pem())
    client = _client(sim, stranger)
    try:
        with pytest.raises(RejectedApiKey) as caught:
            client.connect(timeout=WAIT)
        assert isinstance(caught.value, AuthenticationError)
        assert caught.value.method == "session.logon"
        assert not client.state.is_ready
    finally:
        client.close()


def test_a_wrong_hmac_secret_is_refused_by_the_venue(sim):
    wrong = Credentials(HMAC_KEY, secret_key="not-the-secret")
    with _client(sim, wrong) as client, pytest.raises(InvalidSignature) as caught:
        client.account_status()
    assert isinstance(caught.value, AuthenticationError)


def test_a_private_client_refuses_plain_ws_to_a_remote_host():
    with pytest.raises(InvalidParameters) as caught:
        BinanceSpotPrivateClient(HMAC, url="ws://example.com/ws-api/v3")
    assert caught.value.field == "url"


def test_credentials_of_another_kind_are_refused():
    with pytest.raises(InvalidParameters) as caught:
        BinanceSpotPrivateClient("key", url="wss://example.com")  # type: ignore[arg-type]
    assert caught.value.field == "credentials"


def test_secrets_stay_out_of_the_client_repr_and_the_logs(sim, caplog):
    caplog.set_level(logging.DEBUG)
    with _client(sim, HMAC) as client:
        client.account_status()
        text = repr(client)
    assert HMAC_SECRET not in text and HMAC_KEY not in text
    assert HMAC_SECRET not in caplog.text
    assert HMAC_KEY not in caplog.text


def _pem_body(pem: bytes) -> list[str]:
    return [line for line in pem.decode().splitlines() if not line.startswith("-----")]


def test_secrets_stay_hidden_through_a_logged_on_session(sim, caplog):
    caplog.set_level(logging.DEBUG)
    handler = Collector()
    sim.force_error("order.status", -1022, "Signature for this request is not valid.")
    with _client(sim, ED) as client:
        client.subscribe_user_data(handler)
        order = _limit_buy(client)
        handler.wait_for(lambda e: isinstance(e, ExecutionReport))
        with pytest.raises(InvalidSignature) as caught:
            client.order_status(symbol="BTCUSDT", order_id=order.order_id)
        error = caught.value
        with pytest.raises(TypeError):
            pickle.dumps(ED)
        with pytest.raises(TypeError):
            pickle.dumps(client)
        texts = [
            repr(client), str(client), repr(ED), str(ED), f"{ED!r} {ED}",
            repr(error), str(error), repr(vars(error)),
            "".join(traceback.format_exception(error)),
        ]  # fmt: skip
    texts.append(caplog.text)
    assert "session.logon" in [m for m, _ in sim.api.requests]
    for text in texts:
        assert ED_KEY not in text
        for line in _pem_body(ED_PEM):
            assert line not in text


def test_logout_and_logon_again_switch_between_session_and_per_request_signing(sim):
    with _client(sim, ED) as client:
        assert client.logout().logged_on is False
        assert not client.session_status().logged_on
        order = _limit_buy(client)
        assert client.logon().logged_on
        assert client.session_status().logged_on
        client.cancel_order(symbol="BTCUSDT", order_id=order.order_id)
    placed = dict(sim.api.requests)["order.place"]
    canceled = dict(sim.api.requests)["order.cancel"]
    assert placed["apiKey"] == ED_KEY and "signature" in placed
    assert "signature" not in canceled and "apiKey" not in canceled
    assert [m for m, _ in sim.api.requests].count("session.logon") == 2


# -- orders ------------------------------------------------------------------------------


def test_an_order_lives_through_place_status_open_orders_and_cancel(sim, creds):
    with _client(sim, creds) as client:
        order = _limit_buy(client)
        assert (order.status, order.side, order.price) == ("NEW", "BUY", Decimal("49000"))
        status = client.order_status(symbol="BTCUSDT", order_id=order.order_id)
        assert (status.status, status.is_working) == ("NEW", True)
        assert [o.order_id for o in client.open_orders("BTCUSDT")] == [order.order_id]
        canceled = client.cancel_order(symbol="BTCUSDT", order_id=order.order_id)
        assert canceled.status == "CANCELED"
        assert client.open_orders("BTCUSDT") == []
        with pytest.raises(NoSuchOrder):
            client.order_status(symbol="BTCUSDT", order_id=987654)


ORDER_CASES = json.loads(
    (Path(__file__).parents[4] / "fixtures" / "binance" / "api_order_place_cases.json").read_text()
)["valid"]


@pytest.mark.parametrize("case", ORDER_CASES, ids=lambda c: c["kwargs"]["type"])
def test_every_order_type_is_accepted_by_the_venue_as_built(sim, case):
    with _client(sim, HMAC) as client:
        order = client.place_order(**case["kwargs"])
    assert order.symbol == case["params"]["symbol"] and order.order_id > 0
    sent = dict(sim.api.requests)["order.place"]
    assert {k: v for k, v in sent.items() if k in case["params"]} == case["params"]


def test_a_market_order_fills_across_the_ladder_and_moves_balances(sim, creds):
    with _client(sim, creds) as client:
        before = client.account_status().balance("BTC").free
        order = client.place_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1.5")
        assert order.status == "FILLED"
        assert [f.qty for f in order.fills] == [Decimal("1"), Decimal("0.5")]
        after = client.account_status().balance("BTC").free
        assert after - before == Decimal("1.5")


def test_cancel_all_cancels_every_open_order_of_the_symbol(sim, creds):
    with _client(sim, creds) as client:
        ids = {_limit_buy(client, price=p).order_id for p in ("48000", "48500")}
        canceled = client.cancel_all_orders("BTCUSDT")
        assert {o.order_id for o in canceled} == ids
        assert {o.status for o in canceled} == {"CANCELED"}


@pytest.mark.parametrize(
    ("code", "status", "cls"),
    [
        (-1003, 429, TooManyRequests),
        (-1013, 400, InvalidMessage),
        (-1021, 400, InvalidTimestamp),
        (-1022, 400, InvalidSignature),
        (-2010, 400, NewOrderRejected),
        (-2011, 400, CancelRejected),
        (-2013, 400, NoSuchOrder),
        (-2014, 401, BadApiKeyFormat),
        (-2015, 401, RejectedApiKey),
    ],
)
def test_venue_error_codes_reach_the_caller_as_their_classes(sim, code, status, cls):
    sim.force_error("order.place", code, f"forced {code}", status=status)
    with _client(sim, HMAC) as client, pytest.raises(cls) as caught:
        _limit_buy(client)
    error = caught.value
    assert (error.code, error.message, error.method) == (code, f"forced {code}", "order.place")
    assert (error.status, error.outcome_unknown) == (status, False)


def test_a_venue_rejection_raises_its_error_class(sim):
    with _client(sim, HMAC) as client, pytest.raises(NewOrderRejected) as caught:
        client.place_order(
            symbol="BTCUSDT", side="BUY", type="LIMIT_MAKER", price="60000", quantity="1"
        )
    assert "immediately match" in caught.value.message


def test_bad_input_is_refused_before_anything_is_sent(sim):
    with _client(sim, HMAC) as client:
        sent = len(sim.api.requests)
        with pytest.raises(InvalidParameters) as caught:
            client.place_order(symbol="BTCUSDT", side="BUY", type="STOP_LOSS", quantity="1")
        assert caught.value.field == "stop_price"
        assert len(sim.api.requests) == sent


def test_submit_returns_a_future_of_the_typed_order(sim):
    from venues.binance.spot.private import order_place

    with _client(sim, HMAC) as client:
        future = client.submit(
            order_place.build(symbol="BTCUSDT", side="SELL", type="MARKET", quantity="0.25")
        )
        assert future.result(timeout=WAIT).executed_qty == Decimal("0.25")


def test_test_order_and_ping_and_time_work(sim):
    with _client(sim, ED) as client:
        client.ping()
        assert abs(client.server_time() - time.time() * 1000) < 60_000
        rates = client.test_order(
            symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1", compute_commission_rates=True
        )
        assert rates.standard is not None


# -- user data ---------------------------------------------------------------------------


def test_user_data_events_reach_the_handler_and_the_signal(sim, creds):
    handler, signalled = Collector(), Collector()

    def on_message(sender, channel, data):
        signalled(channel, data)

    with _client(sim, creds) as client:
        message_received.connect(on_message, sender=client)
        try:
            client.subscribe_user_data(handler)
            order = client.place_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
            trade = handler.wait_for(
                lambda e: isinstance(e, ExecutionReport) and e.execution_type == "TRADE"
            )
            assert trade.order_id == order.order_id
            assert trade.last_executed_qty == Decimal("1")
            handler.wait_for(lambda e: isinstance(e, OutboundAccountPosition))
            sim.deposit(creds.api_key.expose_secret(), "USDT", "25")
            deposit = handler.wait_for(lambda e: isinstance(e, BalanceUpdate))
            assert deposit.delta == Decimal("25")
            signalled.wait_for(lambda e: isinstance(e, BalanceUpdate))
        finally:
            message_received.disconnect(on_message, sender=client)


def test_a_resting_order_fill_arrives_as_an_execution_report(sim):
    handler = Collector()
    with _client(sim, ED) as client:
        client.subscribe_user_data(handler)
        order = _limit_buy(client, price="49990", qty="0.5")
        sim.move_price("BTCUSDT", "49980")
        report = handler.wait_for(
            lambda e: isinstance(e, ExecutionReport) and e.order_status == "FILLED"
        )
        assert report.order_id == order.order_id
        assert client.order_status(symbol="BTCUSDT", order_id=order.order_id).status == "FILLED"


def test_unsubscribing_user_data_stops_the_stream(sim):
    with _client(sim, ED) as client:
        client.subscribe_user_data(Collector())
        assert client.session_status().user_data_stream
        client.unsubscribe_user_data()
        assert not client.session_status().user_data_stream


# -- limits ------------------------------------------------------------------------------


def test_every_reply_updates_the_weight_and_order_counts(sim):
    with _client(sim, HMAC) as client:
        _limit_buy(client)
        stats = client.rate_limit_stats()
        venue_weight = sim.api.requests and _venue_weight(sim)
        assert stats.weight_used[60.0] == venue_weight
        assert stats.weight_limits[60.0] == 6000
        assert stats.credits_available["orders_10s"] == pytest.approx(49.0, abs=0.5)


def _venue_weight(sim: BinanceSpotSimulator) -> int:
    return sim.api.throttle.weight.entry(int(time.time() * 1000))["count"]


@pytest.mark.parametrize("status", [429, 418])
def test_a_429_or_418_blocks_further_requests_until_retry_after_without_sending(sim, status):
    retry_after = int(time.time() * 1000) + 60_000
    sim.force_error(
        "order.place", -1003, "Too much request weight used", status=status,
        data={"serverTime": 0, "retryAfter": retry_after},
    )  # fmt: skip
    with _client(sim, HMAC) as client:
        with pytest.raises(TooManyRequests) as caught:
            _limit_buy(client)
        assert caught.value.retry_after_ms == retry_after
        sent = len(sim.api.received)
        with pytest.raises(RateLimitError) as refused:
            client.ping()
        with pytest.raises(RateLimitError):
            client.order_status(symbol="BTCUSDT", order_id=1)
        assert len(sim.api.received) == sent
        assert refused.value.retry_after > 50
        assert client.rate_limit_stats().blocked_for > 50


def test_each_methods_weight_is_checked_before_sending(sim):
    limit = 12
    with _client(sim, HMAC, weight_per_minute=limit) as client:
        client.ping()
        while client.rate_limit_stats().weight_used[60.0] < limit - 3:
            client.ping()
        sent = len(sim.api.received)
        with pytest.raises(WeightLimitExceeded):
            client.order_status(symbol="BTCUSDT", order_id=1)  # weight 4: one too many
        assert len(sim.api.received) == sent
        client.ping()  # weight 1 still fits
        assert len(sim.api.received) == sent + 1


def test_a_local_order_limit_refuses_before_sending(sim):
    with _client(sim, HMAC, orders_per_10_seconds=2) as client:
        _limit_buy(client, price="40000")
        _limit_buy(client, price="40001")
        sent = len(sim.api.requests)
        with pytest.raises(RateLimitError):
            _limit_buy(client, price="40002")
        assert len(sim.api.requests) == sent


def test_the_client_learns_the_venues_lower_limit_and_stops_before_a_429():
    limits = ApiLimits(weight_per_minute=200)
    with BinanceSpotSimulator(_accounts(), limits=limits) as sim:
        with _client(sim, HMAC, weight_per_minute=100_000) as client:
            with pytest.raises(WeightLimitExceeded):
                for _ in range(20):
                    client.account_status()
            assert client.rate_limit_stats().weight_limits[60.0] == 200
        # Nothing the client sent went over: the venue never had to refuse.
        assert len(sim.api.requests) <= 200 // 20


# -- outcome unknown ---------------------------------------------------------------------


@pytest.mark.parametrize(("code", "status"), [(-1007, 408), (-1006, 400), (-1000, 503)])
def test_an_unknown_outcome_is_never_success_nor_plain_failure(sim, code, status):
    sim.force_error("order.place", code, "status unknown", status=status, execute=True)
    with _client(sim, HMAC) as client:
        with pytest.raises(OutcomeUnknown) as caught:
            _limit_buy(client)
        assert caught.value.outcome_unknown
        # The order did reach the book: reconciling finds it.
        assert len(client.open_orders("BTCUSDT")) == 1


def test_an_order_in_flight_at_a_drop_fails_with_outcome_unknown_and_is_not_resent(sim):
    from venues.binance.spot.private import order_place

    sim.delay_method("order.place", 30.0)
    with _client(sim, HMAC) as client:
        before = len(sim.api.requests)
        future = client.submit(
            order_place.build(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
        )
        assert sim.api.wait_for_requests(before + 1, WAIT)
        sim.drop_connections("api")
        with pytest.raises(ConnectionLost) as caught:
            future.result(timeout=WAIT)
        assert caught.value.outcome_unknown
        assert sim.api_server.wait_for_accepted(2, WAIT)
        assert client.wait_ready(WAIT)
        sim.clear_faults()
        client.ping()
    assert [m for m, _ in sim.api.requests].count("order.place") == 1


# -- reconnects --------------------------------------------------------------------------


def test_a_reconnect_logs_on_again_and_restores_user_data(sim):
    handler = Collector()
    with _client(sim, ED) as client:
        client.subscribe_user_data(handler)
        sim.drop_connections("api")
        assert sim.api_server.wait_for_accepted(2, WAIT)
        assert client.wait_ready(WAIT)
        status = client.session_status()
        assert status.logged_on and status.user_data_stream
        sim.deposit(ED_KEY, "BTC", "1")
        handler.wait_for(lambda e: isinstance(e, BalanceUpdate))
    methods = [m for m, _ in sim.api.requests]
    assert methods.count("session.logon") == 2
    assert methods.count("userDataStream.subscribe") == 2


def test_hmac_user_data_is_restored_through_the_signature_subscription(sim):
    handler = Collector()
    with _client(sim, HMAC) as client:
        client.subscribe_user_data(handler)
        sim.drop_connections("api")
        assert sim.api_server.wait_for_accepted(2, WAIT)
        assert client.wait_ready(WAIT)
        assert client.session_status().user_data_stream
        sim.deposit(HMAC_KEY, "BTC", "1")
        handler.wait_for(lambda e: isinstance(e, BalanceUpdate))
    methods = [m for m, _ in sim.api.requests]
    assert methods.count("userDataStream.subscribe.signature") == 2


def test_a_server_shutdown_notice_moves_the_client_to_a_new_connection(sim):
    with _client(sim, ED) as client:
        sim.server_shutdown("api")
        assert sim.api_server.wait_for_accepted(2, WAIT)
        assert client.wait_ready(WAIT)
        assert client.session_status().logged_on


def test_a_revoked_session_reconnects_and_logs_on_again(sim):
    with _client(sim, ED) as client:
        sim.revoke_sessions()
        assert sim.api_server.wait_for_accepted(2, WAIT)
        assert client.wait_ready(WAIT)
        assert client.session_status().logged_on


def test_a_malformed_frame_is_counted_and_the_session_goes_on(sim):
    with _client(sim, HMAC) as client:
        assert sim.send_malformed(which="api") == 1
        # The malformed frame was queued before the ping's reply on the same socket.
        client.ping()
        assert client.connection_stats().malformed == 1
        assert client.state is ConnectionState.CONNECTED
