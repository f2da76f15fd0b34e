"""``public/test``: a round trip (also the answer to every heartbeat ``test_request``).

``expected_result="exception"`` makes the server answer with an error (for testing
error handling).

Docs: https://docs.deribit.com/#public-test

Example:
    >>> call = build()
    >>> call.method, call.params, call.result({"version": "1.2.26"})
    ('public/test', {}, '1.2.26')
"""

from __future__ import annotations

from marshmallow import fields, validate

from venues.deribit._call import Call, load_params
from venues.deribit._schemas import StrictSchema
from venues.deribit.public.hello import VersionResult

__all__ = ["METHOD", "Params", "build"]

METHOD = "public/test"


class Params(StrictSchema):
    """Optional ``expected_result`` (only ``"exception"``)."""

    expected_result = fields.String(validate=validate.OneOf(["exception"]))


def build(*, expected_result: str | None = None) -> Call[str]:
    """Return the call; its result is the API version string.

    Example:
        >>> build(expected_result="exception").params
        {'expected_result': 'exception'}
    """
    params = load_params(Params(), {"expected_result": expected_result})
    return Call(METHOD, params, VersionResult().load)
