from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import CancelOnDisconnectFailed, error_for
from venues.deribit.private import enable_cancel_on_disconnect


def test_request_carries_the_scope(frame_of):
    frame = frame_of(enable_cancel_on_disconnect.build(scope="connection"), 14)
    assert frame["params"] == {"scope": "connection"}


def test_result_ok(result_of):
    assert enable_cancel_on_disconnect.build().result(result_of("ok")) == "ok"


def test_unknown_scope_is_refused():
    with pytest.raises(InvalidParameters) as excinfo:
        enable_cancel_on_disconnect.build(scope="socket")
    assert excinfo.value.field == "scope"


def test_failure_maps_to_its_class():
    assert isinstance(error_for(10049, "cancel_on_disconnect_failed"), CancelOnDisconnectFailed)
