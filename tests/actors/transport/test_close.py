"""Close codes: what may be sent, and how received ones read."""

from __future__ import annotations

import pytest

from actors.transport._close import check_close, describe_close, parse_close_payload
from protocol.errors import InvalidParameters


@pytest.mark.parametrize("code", [1000, 1001, 1008, 1011, 3000, 4999])
def test_codes_an_endpoint_may_send_pass(code):
    check_close(code, "fine")


@pytest.mark.parametrize("code", [0, 999, 1005, 1006, 1015, 2999, 5000, True, "1000"])
def test_reserved_and_invalid_codes_are_refused(code):
    with pytest.raises(InvalidParameters) as caught:
        check_close(code, "")
    assert caught.value.field == "code"


def test_a_reason_over_123_bytes_is_refused():
    with pytest.raises(InvalidParameters) as caught:
        check_close(1000, "é" * 62)
    assert caught.value.field == "reason"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [(b"", (1005, "")), (b"\x03\xe9away", (1001, "away")), (b"\x0f\xa0\xff", (4000, "\ufffd"))],
)
def test_received_close_payloads_are_read_leniently(payload, expected):
    assert parse_close_payload(payload) == expected


def test_descriptions_name_the_code():
    assert describe_close(1008, "") == "code 1008 (policy violation)"
    assert describe_close(4001, "x") == "code 4001 (application): x"
