"""The backoff policy: capped exponential ceilings, full jitter, validation."""

from __future__ import annotations

import dataclasses
import random

import pytest

from actors.backoff import Backoff
from protocol.errors import InvalidParameters


def test_the_defaults_are_half_a_second_doubling_up_to_thirty_with_full_jitter():
    policy = Backoff()

    assert (policy.base, policy.factor, policy.cap, policy.jitter) == (0.5, 2.0, 30.0, "full")


def test_without_jitter_the_delays_double_from_base_until_the_cap():
    policy = Backoff(base=0.5, factor=2.0, cap=30.0, jitter="none")

    delays = [policy.delay(attempt) for attempt in range(1, 10)]

    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]


def test_the_first_attempt_waits_at_most_base():
    assert Backoff(base=0.25, cap=1.0, jitter="none").delay(1) == 0.25
    assert Backoff(base=0.25, cap=1.0).delay(1, rng=lambda: 1.0) == 0.25


def test_the_cap_holds_for_attempt_numbers_far_past_the_float_range():
    policy = Backoff(base=0.5, factor=2.0, cap=30.0, jitter="none")

    assert policy.delay(10_000) == 30.0
    assert policy.delay(10**9) == 30.0


def test_a_factor_of_one_keeps_every_delay_at_base():
    policy = Backoff(base=0.05, factor=1.0, cap=1.0, jitter="none")

    assert {policy.delay(attempt) for attempt in range(1, 50)} == {0.05}


def test_other_factors_grow_geometrically():
    policy = Backoff(base=1.0, factor=1.5, cap=100.0, jitter="none")

    assert [policy.delay(attempt) for attempt in (1, 2, 3)] == [1.0, 1.5, 2.25]


def test_full_jitter_scales_the_ceiling_by_the_draw():
    policy = Backoff(base=0.5, factor=2.0, cap=30.0)

    assert policy.delay(3, rng=lambda: 0.5) == 1.0
    assert policy.delay(3, rng=lambda: 0.0) == 0.0
    assert policy.delay(20, rng=lambda: 0.5) == 15.0


def test_full_jitter_stays_between_zero_and_the_ceiling_for_a_seeded_rng():
    policy = Backoff(base=0.5, factor=2.0, cap=30.0)
    rng = random.Random(20240101)

    for attempt in range(1, 40):
        ceiling = policy.ceiling(attempt)
        draws = [policy.delay(attempt, rng=rng.random) for _ in range(50)]
        assert all(0.0 <= delay <= ceiling <= 30.0 for delay in draws)
        # Jitter spreads the delays: identical draws would mean no jitter at all.
        assert len(set(draws)) > 1


def test_full_jitter_is_reproducible_with_the_same_seed():
    policy = Backoff(base=0.5, factor=2.0, cap=30.0)
    first, second = random.Random(7), random.Random(7)

    assert [policy.delay(n, rng=first.random) for n in range(1, 12)] == [
        policy.delay(n, rng=second.random) for n in range(1, 12)
    ]


def test_without_an_rng_the_module_random_is_looked_up_at_call_time(monkeypatch):
    monkeypatch.setattr(random, "random", lambda: 0.25)

    assert Backoff(base=1.0, factor=2.0, cap=30.0).delay(3) == 1.0


def test_ceiling_is_the_jitter_free_delay():
    policy = Backoff(base=0.5, factor=2.0, cap=3.0)

    assert [policy.ceiling(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 3.0]


@pytest.mark.parametrize("attempt", [0, -1, 1.5, True, "1", None])
def test_an_attempt_that_is_not_an_integer_from_one_is_refused_naming_attempt(attempt):
    with pytest.raises(InvalidParameters) as caught:
        Backoff().delay(attempt)

    assert caught.value.field == "attempt"


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"base": 0.0}, "base"),
        ({"base": -1.0}, "base"),
        ({"base": float("nan")}, "base"),
        ({"base": "0.5"}, "base"),
        ({"factor": 0.5}, "factor"),
        ({"factor": float("inf")}, "factor"),
        ({"cap": 0.0}, "cap"),
        ({"base": 2.0, "cap": 1.0}, "cap"),
        ({"cap": True}, "cap"),
        ({"jitter": "equal"}, "jitter"),
    ],
)
def test_settings_out_of_range_are_refused_naming_the_field(settings, field):
    with pytest.raises(InvalidParameters) as caught:
        Backoff(**settings)

    assert caught.value.field == field


@pytest.mark.parametrize("draw", [-0.1, 1.5, float("nan")])
def test_an_rng_returning_outside_the_unit_interval_is_refused_naming_rng(draw):
    with pytest.raises(InvalidParameters) as caught:
        Backoff().delay(1, rng=lambda: draw)

    assert caught.value.field == "rng"


def test_a_policy_is_an_immutable_hashable_value():
    policy = Backoff(base=0.01, cap=0.05)

    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.base = 1.0  # type: ignore[misc]
    assert policy == Backoff(base=0.01, cap=0.05)
    assert hash(policy) == hash(Backoff(base=0.01, cap=0.05))
