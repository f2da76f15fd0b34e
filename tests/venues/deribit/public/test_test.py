from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import GenericError, error_for
from venues.deribit.public import test


def test_request_is_the_documented_heartbeat_answer(frame_of, request_fixture):
    assert frame_of(test.build(), 9001) == request_fixture("test_reply_to_heartbeat")


def test_result_is_the_api_version(result_of):
    assert test.build().result(result_of("hello")) == "1.2.26"


def test_expected_result_accepts_only_exception():
    assert test.build(expected_result="exception").params == {"expected_result": "exception"}
    with pytest.raises(InvalidParameters) as excinfo:
        test.build(expected_result="boom")
    assert excinfo.value.field == "expected_result"


def test_a_forced_exception_maps_to_the_generic_error():
    assert isinstance(error_for(10001, "error", None, test.METHOD), GenericError)
