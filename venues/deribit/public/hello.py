"""``public/hello``: introduce the client; the result is the API version.

Docs: https://docs.deribit.com/#public-hello

Example:
    >>> call = build(client_name="venue-actors", client_version="0.1.0")
    >>> call.params, call.result({"version": "1.2.26"})
    ({'client_name': 'venue-actors', 'client_version': '0.1.0'}, '1.2.26')
"""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_load, validate

from venues.deribit._call import Call, load_params
from venues.deribit._schemas import StrictSchema

__all__ = ["METHOD", "Params", "VersionResult", "build"]

METHOD = "public/hello"


class Params(StrictSchema):
    """``client_name`` and ``client_version``, both required."""

    client_name = fields.String(required=True, validate=validate.Length(min=1))
    client_version = fields.String(required=True, validate=validate.Length(min=1))


class VersionResult(Schema):
    """``{"version": "..."}`` -> the version string (also used by ``public/test``)."""

    class Meta:
        unknown = EXCLUDE

    version = fields.String(required=True)

    @post_load
    def _version(self, data: dict[str, Any], **kwargs: Any) -> str:
        return str(data["version"])


def build(*, client_name: str, client_version: str) -> Call[str]:
    """Return the call; its result is the API version string.

    Raises:
        InvalidParameters: a name or version is missing or empty.

    Example:
        >>> build(client_name="", client_version="1")
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'client_name': ...
    """
    params = load_params(Params(), {"client_name": client_name, "client_version": client_version})
    return Call(METHOD, params, VersionResult().load)
