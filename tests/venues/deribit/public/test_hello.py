from __future__ import annotations

import pytest

from protocol.errors import InvalidParameters
from venues.deribit.errors import InvalidParams
from venues.deribit.public import hello


def test_request_carries_client_name_and_version(frame_of):
    frame = frame_of(hello.build(client_name="venue-actors", client_version="0.1.0"), 3)
    assert frame["method"] == "public/hello"
    assert frame["params"] == {"client_name": "venue-actors", "client_version": "0.1.0"}


def test_result_is_the_api_version(result_of):
    assert hello.build(client_name="a", client_version="1").result(result_of("hello")) == "1.2.26"


@pytest.mark.parametrize("field", ["client_name", "client_version"])
def test_an_empty_name_or_version_is_refused_naming_the_field(field):
    params = {"client_name": "a", "client_version": "1", field: ""}
    with pytest.raises(InvalidParameters) as excinfo:
        hello.build(**params)
    assert excinfo.value.field == field


def test_invalid_params_reply_maps_to_invalid_params_with_data(error_of):
    error = error_of("error_invalid_params", hello.METHOD)
    assert isinstance(error, InvalidParams)
    assert error.data == {"reason": "invalid format", "param": "nonce"}
