"""The sequence_num rules: first, in order, gap, duplicate, reset."""

from __future__ import annotations

from venues.coinbase.sequence import SequenceTracker


def test_first_message_after_connecting_is_accepted_whatever_its_number():
    assert SequenceTracker().observe(41).verdict == "first"


def test_a_jump_forward_is_a_gap_and_the_tracker_moves_on():
    tracker = SequenceTracker()
    tracker.observe(0)
    observation = tracker.observe(4)
    assert observation.verdict == "gap" and observation.gap is not None
    assert observation.gap.missed == 3
    assert tracker.observe(5).verdict == "in_order"
    assert (tracker.gaps, tracker.missed) == (1, 3)


def test_repeated_or_older_numbers_are_duplicates_and_not_accepted():
    tracker = SequenceTracker()
    for n in (0, 1, 2):
        tracker.observe(n)
    assert not tracker.observe(2).accepted
    assert not tracker.observe(0).accepted
    assert tracker.last == 2 and tracker.duplicates == 2


def test_reset_forgets_the_last_number_but_keeps_the_counts():
    tracker = SequenceTracker()
    tracker.observe(0)
    tracker.observe(9)
    tracker.reset()
    assert tracker.observe(0).verdict == "first"
    assert tracker.gaps == 1
