from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import Unauthorized, error_for
from venues.deribit.private import logout


def test_request_carries_invalidate_token(frame_of):
    frame = frame_of(logout.build(invalidate_token=False), 6)
    assert (frame["method"], frame["params"]) == ("private/logout", {"invalidate_token": False})


def test_there_is_no_result():
    assert logout.build().result(None) is None


def test_invalidate_token_must_be_a_boolean():
    with pytest.raises(InvalidParameters) as excinfo:
        logout.build(invalidate_token="no")
    assert excinfo.value.field == "invalidate_token"


def test_logging_out_unauthenticated_maps_to_unauthorized():
    assert isinstance(error_for(13009, "unauthorized", None, logout.METHOD), Unauthorized)
