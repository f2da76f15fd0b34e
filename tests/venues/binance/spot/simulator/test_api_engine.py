"""The WebSocket API engine, sans-I/O: auth, timing, limits, matching, events, faults."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from venues.binance.spot.signing import Credentials
from venues.binance.spot.simulator import ApiEngine, ApiLimits, SimAccount, SimSymbol
from venues.simulator import Close, Send

NOW = 1_700_000_000.0  # a :20 boundary: the windows below start with it
NOW_MS = int(NOW * 1000)
ED = Credentials("edkey1", private_key=bytes(range(32)))
HMAC = Credentials("hmackey1", secret_key="hmacsecret")
MARKET = SimSymbol("BTCUSDT", "BTC", "USDT", price=Decimal("100"), depth=3, level_qty=Decimal("1"))


class Harness:
    """One engine, one connection, JSON in and out."""

    def __init__(self, limits: ApiLimits | None = None, path: str = "/ws-api/v3") -> None:
        accounts = [
            SimAccount.from_credentials(ED, balances={"USDT": "10000", "BTC": "5"}),
            SimAccount("hmackey1", secret_key="hmacsecret", balances={"USDT": "10000", "BTC": "5"}),
        ]
        self.engine = ApiEngine(accounts, [MARKET], limits=limits, epoch_offset=0.0)
        self.engine.on_connect(1, path, NOW)
        self._ids = 0

    def send(self, method: str, params: dict[str, Any] | None = None, now: float = NOW) -> list:
        self._ids += 1
        request: dict[str, Any] = {"id": self._ids, "method": method}
        if params is not None:
            request["params"] = params
        return self.engine.on_frame(1, json.dumps(request), now)

    def call(self, method: str, params: dict[str, Any] | None = None, now: float = NOW) -> dict:
        return _reply(self.send(method, params, now))

    def signed(self, method: str, params: dict[str, Any] | None = None, *, creds=HMAC,
               now: float = NOW, stamp: int | None = None) -> dict:  # fmt: skip
        body = {**(params or {}), "timestamp": NOW_MS if stamp is None else stamp}
        return self.call(method, creds.signed(body), now)

    def logon(self) -> dict:
        return self.signed("session.logon", creds=ED)


def _reply(actions: list) -> dict:
    replies = [json.loads(a.frame) for a in actions if isinstance(a, Send)]
    return next(r for r in replies if "status" in r)


def _events(actions: list) -> list[dict]:
    frames = [json.loads(a.frame) for a in actions if isinstance(a, Send)]
    return [f["event"] for f in frames if "event" in f]


def _limit(price: str, qty: str, side: str = "BUY", tif: str = "GTC") -> dict[str, Any]:
    return {"symbol": "BTCUSDT", "side": side, "type": "LIMIT", "timeInForce": tif,
            "price": price, "quantity": qty}  # fmt: skip


@pytest.fixture
def venue() -> Harness:
    return Harness()


# -- envelope and auth -------------------------------------------------------------------


def test_replies_echo_the_id_and_carry_rate_limits(venue):
    reply = venue.call("time")
    assert reply["id"] == 1 and reply["status"] == 200
    assert reply["result"] == {"serverTime": NOW_MS}
    assert reply["rateLimits"] == [
        {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1,
         "limit": 6000, "count": 3},
    ]  # fmt: skip


def test_rate_limits_can_be_turned_off_for_the_connection():
    venue = Harness(path="/ws-api/v3?returnRateLimits=false")
    assert "rateLimits" not in venue.call("ping")


def test_an_hmac_signature_is_verified(venue):
    assert venue.signed("account.status")["status"] == 200
    bad = HMAC.signed({"timestamp": NOW_MS})
    bad["timestamp"] += 1
    assert venue.call("account.status", bad)["error"]["code"] == -1022


def test_an_ed25519_signature_is_verified(venue):
    assert venue.signed("account.status", creds=ED)["status"] == 200
    forged = Credentials("edkey1", private_key=bytes(32)).signed({"timestamp": NOW_MS})
    assert venue.call("account.status", forged)["error"]["code"] == -1022


def test_an_unknown_key_is_rejected(venue):
    stranger = Credentials("nobody1", secret_key="x")
    reply = venue.signed("account.status", creds=stranger)
    assert (reply["status"], reply["error"]["code"]) == (401, -2015)


def test_a_signed_request_without_key_or_session_is_refused(venue):
    reply = venue.call("account.status", {"timestamp": NOW_MS})
    assert reply["error"]["code"] == -1102
    assert "apiKey" in reply["error"]["msg"]


@pytest.mark.parametrize(
    ("stamp", "window", "code"),
    [
        (NOW_MS - 5001, None, -1021),
        (NOW_MS + 1000, None, -1021),
        (NOW_MS - 9000, 10000, None),
        (NOW_MS, 60001, -1131),
        ((NOW_MS - 100) * 1000, None, None),
    ],
)
def test_timestamps_are_checked_against_the_recv_window(venue, stamp, window, code):
    params = {} if window is None else {"recvWindow": window}
    reply = venue.signed("account.status", params, stamp=stamp)
    assert reply.get("error", {}).get("code") == code


def test_logon_takes_ed25519_keys_only_then_requests_need_only_a_timestamp(venue):
    assert venue.signed("session.logon", creds=HMAC)["error"]["code"] == -1002
    session = venue.logon()["result"]
    assert session["apiKey"] == "edkey1" and session["authorizedSince"] == NOW_MS
    assert venue.call("account.status", {"timestamp": NOW_MS})["status"] == 200
    assert venue.engine.logged_on() == ["edkey1"]


def test_logout_forgets_the_key(venue):
    venue.logon()
    assert venue.call("session.logout")["result"]["apiKey"] is None
    assert venue.call("account.status", {"timestamp": NOW_MS})["error"]["code"] == -1102


def test_unknown_params_and_methods_are_refused_with_the_venues_codes(venue):
    assert venue.call("ping", {"bogus": 1})["error"]["code"] == -1104
    assert venue.call("order.teleport")["error"]["code"] == -1020
    assert venue.call("time", {"returnRateLimits": False})["status"] == 200


def test_a_frame_that_is_not_json_gets_an_error_without_an_id(venue):
    [action] = venue.engine.on_frame(1, "{nope", NOW)
    reply = json.loads(action.frame)
    assert (reply["id"], reply["error"]["code"]) == (None, -1135)


# -- trading -----------------------------------------------------------------------------


def test_a_limit_order_rests_and_locks_its_quote(venue):
    reply = venue.signed("order.place", _limit("99", "2"))
    assert reply["result"]["status"] == "NEW"
    balances = venue.signed("account.status")["result"]["balances"]
    usdt = next(b for b in balances if b["asset"] == "USDT")
    assert (usdt["free"], usdt["locked"]) == ("9802.00000000", "198.00000000")


def test_a_crossing_limit_order_fills_partly_and_rests_the_rest(venue):
    order = venue.signed("order.place", _limit("102", "5"))["result"]
    assert order["status"] == "PARTIALLY_FILLED"
    assert [(f["price"], f["qty"]) for f in order["fills"]] == [
        ("101.00000000", "1.00000000"),
        ("102.00000000", "1.00000000"),
    ]


def test_ioc_expires_what_does_not_fill_and_fok_fills_all_or_nothing(venue):
    ioc = venue.signed("order.place", _limit("102", "5", tif="IOC"))["result"]
    assert (ioc["status"], ioc["executedQty"]) == ("EXPIRED", "2.00000000")
    fok = venue.signed("order.place", _limit("103", "5", tif="FOK"))["result"]
    assert (fok["status"], fok["executedQty"]) == ("EXPIRED", "0.00000000")


def test_a_market_order_by_quote_amount_buys_what_it_can(venue):
    params = {"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quoteOrderQty": "150"}
    order = venue.signed("order.place", params)["result"]
    assert order["status"] == "FILLED"
    assert Decimal(order["cummulativeQuoteQty"]) <= Decimal("150")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT_MAKER", "price": "105",
          "quantity": "1"}, -2010),
        (_limit("99", "1000"), -2010),
        ({"symbol": "NOPE", "side": "BUY", "type": "MARKET", "quantity": "1"}, -1121),
        ({"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "price": "1",
          "quantity": "1"}, -1102),
        ({"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "1",
          "timeInForce": "GTC"}, -1106),
        ({"symbol": "BTCUSDT", "side": "UP", "type": "MARKET", "quantity": "1"}, -1117),
        ({"symbol": "BTCUSDT", "side": "BUY", "type": "ICEBERG", "quantity": "1"}, -1116),
        ({"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "1e3"}, -1100),
    ],
)  # fmt: skip
def test_bad_orders_get_the_documented_codes(venue, params, code):
    assert venue.signed("order.place", params)["error"]["code"] == code


def test_cancel_status_and_open_orders(venue):
    order = venue.signed("order.place", _limit("90", "1"))["result"]
    ref = {"symbol": "BTCUSDT", "orderId": order["orderId"]}
    assert len(venue.signed("openOrders.status", {"symbol": "BTCUSDT"})["result"]) == 1
    restricted = venue.signed(
        "order.cancel", {**ref, "cancelRestrictions": "ONLY_PARTIALLY_FILLED"}
    )
    assert restricted["error"]["code"] == -2011
    canceled = venue.signed("order.cancel", ref)["result"]
    assert canceled["status"] == "CANCELED"
    assert canceled["origClientOrderId"] == order["clientOrderId"]
    assert venue.signed("order.status", ref)["result"]["status"] == "CANCELED"
    assert venue.signed("order.cancel", ref)["error"]["code"] == -2011
    assert venue.signed("order.status", {**ref, "orderId": 999})["error"]["code"] == -2013
    assert venue.signed("openOrders.cancelAll", {"symbol": "BTCUSDT"})["error"]["code"] == -2011


def test_a_stop_order_waits_for_its_trigger(venue):
    params = {"symbol": "BTCUSDT", "side": "SELL", "type": "STOP_LOSS", "quantity": "1",
              "stopPrice": "95"}  # fmt: skip
    order = venue.signed("order.place", params)["result"]
    status = venue.signed("order.status", {"symbol": "BTCUSDT", "orderId": order["orderId"]})
    assert status["result"]["isWorking"] is False
    venue.engine.move_price("BTCUSDT", "94")
    venue.engine.tick(NOW)
    status = venue.signed("order.status", {"symbol": "BTCUSDT", "orderId": order["orderId"]})
    assert status["result"]["status"] == "FILLED"


# -- user data ---------------------------------------------------------------------------


def test_user_data_needs_a_logged_on_session_then_streams_order_events(venue):
    assert venue.call("userDataStream.subscribe")["error"]["code"] == -1002
    venue.logon()
    assert venue.call("userDataStream.subscribe")["result"] == {"subscriptionId": 0}
    assert venue.call("userDataStream.subscribe")["error"]["code"] == -2035
    actions = venue.send("order.place", {**_limit("101", "1"), "timestamp": NOW_MS})
    events = _events(actions)
    assert [e["e"] for e in events] == [
        "executionReport",
        "executionReport",
        "outboundAccountPosition",
    ]
    assert [e["x"] for e in events[:2]] == ["NEW", "TRADE"]
    assert events[1]["X"] == "FILLED"


def test_the_signature_subscription_works_with_hmac_keys(venue):
    reply = venue.signed("userDataStream.subscribe.signature")
    assert reply["result"] == {"subscriptionId": 0}
    venue.engine.deposit("hmackey1", "USDT", "5")
    events = _events(venue.engine.tick(NOW))
    assert [e["e"] for e in events] == ["balanceUpdate", "outboundAccountPosition"]


def test_unsubscribing_or_logging_out_ends_the_stream_with_a_terminated_event(venue):
    venue.logon()
    venue.call("userDataStream.subscribe")
    ended = _events(venue.send("session.logout"))
    assert [e["e"] for e in ended] == ["eventStreamTerminated"]
    venue.signed("userDataStream.subscribe.signature")
    assert venue.call("userDataStream.unsubscribe", {"subscriptionId": 7})["error"]["code"] == -2036
    ended = _events(venue.send("userDataStream.unsubscribe"))
    assert [e["e"] for e in ended] == ["eventStreamTerminated"]


# -- limits ------------------------------------------------------------------------------


def test_over_the_weight_limit_a_429_names_when_to_retry():
    venue = Harness(ApiLimits(weight_per_minute=22))
    assert venue.signed("account.status")["status"] == 200  # 2 (connect) + 20
    reply = venue.call("ping")
    assert (reply["status"], reply["error"]["code"]) == (429, -1003)
    next_minute = (NOW_MS // 60_000 + 1) * 60_000
    assert reply["error"]["data"]["retryAfter"] == next_minute


def test_a_client_that_keeps_going_after_a_429_is_banned_and_disconnected():
    venue = Harness(ApiLimits(weight_per_minute=3, ban_seconds=120))
    venue.call("ping")
    assert venue.call("ping")["status"] == 429
    actions = venue.send("ping")
    reply = _reply(actions)
    assert (reply["status"], reply["error"]["code"]) == (418, -1003)
    assert reply["error"]["data"]["retryAfter"] == NOW_MS + 120_000
    assert any(isinstance(a, Close) for a in actions)


def test_the_limit_resets_at_the_next_window():
    venue = Harness(ApiLimits(weight_per_minute=3))
    venue.call("ping")
    assert venue.call("ping")["status"] == 429
    assert venue.call("ping", now=NOW + 60)["status"] == 200


def test_the_unfilled_order_count_is_limited_per_ten_seconds():
    venue = Harness(ApiLimits(orders_per_10_seconds=2))
    for price in ("90", "91"):
        reply = venue.signed("order.place", _limit(price, "1"))
        assert reply["rateLimits"][0]["count"] in (1, 2)
    refused = venue.signed("order.place", _limit("92", "1"))
    assert (refused["status"], refused["error"]["code"]) == (429, -1015)
    later = venue.signed("order.place", _limit("92", "1"), now=NOW + 10, stamp=NOW_MS + 10_000)
    assert later["status"] == 200


# -- faults ------------------------------------------------------------------------------


def test_a_forced_error_answers_once_then_the_method_works_again(venue):
    venue.engine.force_error("ping", -1008, "busy", status=503)
    reply = venue.call("ping")
    assert (reply["status"], reply["error"]["code"]) == (503, -1008)
    assert venue.call("ping")["status"] == 200


def test_a_forced_error_after_execution_leaves_the_order_placed(venue):
    venue.engine.force_error("order.place", -1007, "timeout", status=408, execute=True)
    assert venue.signed("order.place", _limit("90", "1"))["error"]["code"] == -1007
    assert len(venue.signed("openOrders.status")["result"]) == 1


def test_a_method_delay_holds_the_reply_until_a_later_tick(venue):
    venue.engine.delay_method("ping", 0.5)
    assert venue.send("ping") == []
    assert venue.engine.tick(NOW + 0.1) == []
    [held] = venue.engine.tick(NOW + 0.5)
    assert json.loads(held.frame)["status"] == 200


def test_shutdown_notices_and_revocations_reach_the_connections(venue):
    venue.logon()
    venue.engine.announce_shutdown()
    venue.engine.revoke_sessions()
    frames = [json.loads(a.frame) for a in venue.engine.tick(NOW)]
    assert frames[0] == {"event": {"e": "serverShutdown", "E": NOW_MS}}
    assert (frames[1]["id"], frames[1]["status"], frames[1]["error"]["code"]) == (None, 401, -2015)
    assert venue.engine.logged_on() == [None]
