"""Inbound messages: small frozen values that compare by content."""

from __future__ import annotations

import dataclasses
import doctest
import typing

import pytest

import protocol.messages
from protocol.messages import Control, Event, Failure, Inbound, Malformed, Reply

EXAMPLES = [
    Reply(1, {"ok": True}),
    Failure(2, 13009, "unauthorized", {"reason": "token"}, {"status": 401}),
    Event("trades.BTC-PERPETUAL.100ms", [{"price": 1}]),
    Control("heartbeat", {"type": "test_request"}),
    Malformed(b"\xff", "not JSON"),
]


def test_the_module_docstring_examples_pass():
    failed, attempted = doctest.testmod(protocol.messages)
    assert attempted > 0
    assert failed == 0


def test_inbound_is_exactly_the_five_message_types():
    assert set(typing.get_args(Inbound)) == {Reply, Failure, Event, Control, Malformed}


@pytest.mark.parametrize("message", EXAMPLES, ids=lambda m: type(m).__name__)
def test_messages_are_frozen(message):
    field = dataclasses.fields(message)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(message, field, None)


@pytest.mark.parametrize("message", EXAMPLES, ids=lambda m: type(m).__name__)
def test_messages_are_slotted(message):
    assert not hasattr(message, "__dict__")


@pytest.mark.parametrize("message", EXAMPLES, ids=lambda m: type(m).__name__)
def test_messages_compare_by_content(message):
    assert message == dataclasses.replace(message)
    assert message is not dataclasses.replace(message)


def test_different_types_with_the_same_fields_are_not_equal():
    assert Reply(1, None) != Failure(1, None, "")
    assert Event("c", 1) != Control("c", 1)


def test_reply_fields():
    assert (Reply(7, 1).id, Reply(7, 1).result) == (7, 1)


def test_failure_fields_and_defaults():
    failure = Failure(3, -32602, "Invalid params")
    assert (failure.id, failure.code, failure.message) == (3, -32602, "Invalid params")
    assert (failure.data, failure.extra) == (None, None)


def test_event_fields():
    event = Event("book.BTC-PERPETUAL.100ms", {"bids": []})
    assert (event.channel, event.data) == ("book.BTC-PERPETUAL.100ms", {"bids": []})


def test_control_payload_defaults_to_none():
    assert Control("subscriptions").payload is None


def test_malformed_keeps_text_or_bytes_and_the_reason():
    assert Malformed("{", "not JSON").raw == "{"
    assert Malformed(b"\x00", "not JSON").raw == b"\x00"
    assert Malformed("{", "not JSON").reason == "not JSON"


def test_messages_with_hashable_contents_are_hashable():
    assert len({Reply(1, "a"), Reply(1, "a"), Event("c", 2)}) == 2
