from __future__ import annotations

import pytest

from protocol.errors import MalformedMessage
from venues.deribit.public import disable_heartbeat


def test_request_has_no_params(frame_of):
    assert frame_of(disable_heartbeat.build(), 2)["params"] == {}
    assert frame_of(disable_heartbeat.build(), 2)["method"] == "public/disable_heartbeat"


def test_result_ok(result_of):
    assert disable_heartbeat.build().result(result_of("ok")) == "ok"


def test_unexpected_result_is_malformed():
    with pytest.raises(MalformedMessage):
        disable_heartbeat.build().result(["ok"])
