from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters, MalformedMessage
from venues.deribit.public import set_heartbeat


def test_request_carries_the_interval(frame_of):
    frame = frame_of(set_heartbeat.build(interval=30), 5)
    assert frame == {
        "jsonrpc": "2.0",
        "id": 5,
        "method": "public/set_heartbeat",
        "params": {"interval": 30},
    }


def test_result_ok_is_returned(result_of):
    assert set_heartbeat.build(interval=10).result(result_of("ok")) == "ok"


def test_anything_but_ok_is_malformed():
    with pytest.raises(MalformedMessage):
        set_heartbeat.build(interval=10).result("nope")


@pytest.mark.parametrize("interval", [9, 0, -1, 10.5, "30", None])
def test_intervals_under_ten_or_not_integers_are_refused(interval):
    with pytest.raises(InvalidParameters) as excinfo:
        set_heartbeat.build(interval=interval)
    assert excinfo.value.field == "interval"
