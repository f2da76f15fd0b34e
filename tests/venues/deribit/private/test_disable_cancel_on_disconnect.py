from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import Unauthorized, error_for
from venues.deribit.private import disable_cancel_on_disconnect


def test_request_carries_the_scope(frame_of):
    frame = frame_of(disable_cancel_on_disconnect.build(scope="account"), 15)
    assert frame["method"] == "private/disable_cancel_on_disconnect"
    assert frame["params"] == {"scope": "account"}


def test_result_ok(result_of):
    assert disable_cancel_on_disconnect.build().result(result_of("ok")) == "ok"


def test_unknown_scope_is_refused():
    with pytest.raises(InvalidParameters):
        disable_cancel_on_disconnect.build(scope="all")


def test_unauthenticated_maps_to_unauthorized():
    assert isinstance(error_for(13009, "unauthorized"), Unauthorized)
