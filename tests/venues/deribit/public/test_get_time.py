from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters, MalformedMessage
from venues.deribit.errors import MethodNotFound
from venues.deribit.public import get_time


def test_request_serialises_like_the_documented_example(frame_of, request_fixture):
    assert frame_of(get_time.build(), 42) == request_fixture("get_time")


def test_result_is_the_server_time_in_milliseconds(result_of):
    assert get_time.build().result(result_of("get_time")) == 1550147385946


def test_a_result_that_is_not_an_integer_is_malformed():
    with pytest.raises(MalformedMessage):
        get_time.build().result("noon")


def test_params_schema_refuses_unknown_keys():
    with pytest.raises(InvalidParameters) as excinfo:
        from venues.deribit._call import load_params

        load_params(get_time.Params(), {"when": 1})
    assert excinfo.value.field == "when"


def test_method_not_found_maps_to_its_class():
    from venues.deribit.errors import error_for

    assert isinstance(error_for(-32601, "Method not found", None, get_time.METHOD), MethodNotFound)
