"""The credit limiter: 10028 too_many_requests, then the session is terminated."""

from __future__ import annotations

from venues.deribit.simulator import CreditLimits
from venues.deribit.simulator._credits import CreditBucket

BUY = {"instrument_name": "BTC-PERPETUAL", "amount": 10, "type": "limit", "price": 49_000.0}


def test_a_bucket_refills_continuously_up_to_its_capacity():
    bucket = CreditBucket(capacity=50_000, refill_per_second=10_000, now=0.0)
    assert all(bucket.take(500, 0.0) for _ in range(100))
    assert not bucket.take(500, 0.0)
    assert bucket.take(500, 0.05)
    assert not bucket.take(500, 0.05)
    bucket.take(0, 100.0)
    assert bucket.available == 50_000


def test_a_burst_of_100_requests_passes_and_the_101st_is_refused_and_closes(sim):
    conn = sim.connect()
    for _ in range(100):
        conn.result("public/test")
    error = conn.error("public/test")
    assert error == {"code": 10028, "message": "too_many_requests"}
    assert conn.closed is not None and conn.closed.code == 1008


def test_requests_at_the_refill_rate_are_never_refused(sim):
    conn = sim.connect()
    for _ in range(300):
        sim.clock.advance(0.05)
        conn.result("public/test")
    assert conn.closed is None


def test_credits_are_per_connection(sim):
    first, second = sim.connect(), sim.connect()
    for _ in range(100):
        first.result("public/test")
    assert second.result("public/test") == {"version": "1.2.26"}


def test_matching_engine_requests_have_their_own_smaller_bucket(sim, alice):
    for n in range(20):
        alice.result("private/buy", BUY | {"label": f"o{n}"})
    assert alice.result("public/test")
    assert alice.error("private/buy", BUY)["code"] == 10028
    assert alice.closed is not None


def test_the_limits_are_configurable(make_sim):
    sim = make_sim(limits=CreditLimits(non_matching_capacity=1_000))
    conn = sim.connect()
    conn.result("public/test")
    conn.result("public/test")
    assert conn.error("public/test")["code"] == 10028


def test_the_account_summary_reports_the_limits_in_requests(alice):
    limits = alice.result("private/get_account_summary", {"currency": "BTC"})["limits"]
    assert limits["non_matching_engine"] == {"burst": 100, "rate": 20}
    assert limits["matching_engine"]["trading"]["total"] == {"burst": 20, "rate": 5}
    assert limits["limits_per_currency"] is False
