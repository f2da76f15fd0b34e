from __future__ import annotations

import pytest

from protocol.errors import MalformedMessage
from venues.deribit.public import unsubscribe_all


def test_request_has_no_params(frame_of):
    frame = frame_of(unsubscribe_all.build(), 8)
    assert (frame["method"], frame["params"]) == ("public/unsubscribe_all", {})


def test_result_ok(result_of):
    assert unsubscribe_all.build().result(result_of("ok")) == "ok"


def test_unexpected_result_is_malformed():
    with pytest.raises(MalformedMessage):
        unsubscribe_all.build().result(None)
