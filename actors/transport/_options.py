"""Validation of transport options: every refusal names the option it refuses.

Example:
    >>> parse_ws_url("wss://example.com/ws/api/v2?x=1")
    Target(secure=True, host='example.com', port=443, resource='/ws/api/v2?x=1')
    >>> parse_proxy("http://user:pw@10.0.0.1:3128")
    Proxy(host='10.0.0.1', port=3128)
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from protocol.errors import InvalidParameters

__all__ = [
    "DEFAULT_MAX_FRAME_BYTES",
    "Proxy",
    "Target",
    "check_buffer_size",
    "check_headers",
    "check_max_frames",
    "check_seconds",
    "check_size",
    "check_timeout",
    "parse_proxy",
    "parse_ws_url",
]

#: Cap on one received message. Generous (order-book snapshots run to megabytes) yet
#: bounded, so a broken peer cannot exhaust memory.
DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Target:
    """Where a ``ws://`` / ``wss://`` URL points."""

    secure: bool
    host: str
    port: int
    resource: str


@dataclass(frozen=True)
class Proxy:
    """An HTTP proxy reached with ``CONNECT``; its credentials stay out of ``repr``."""

    host: str
    port: int
    authorization: str = field(default="", repr=False)


def parse_ws_url(url: str) -> Target:
    """Split a ``ws://`` or ``wss://`` URL; refuse anything else as ``url``."""
    if not isinstance(url, str):
        raise InvalidParameters("url", "must be a str")
    parts = urlsplit(url)
    if parts.scheme not in ("ws", "wss"):
        raise InvalidParameters("url", f"scheme must be ws:// or wss://, not {parts.scheme!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidParameters("url", f"invalid port: {exc}") from exc
    if not parts.hostname:
        raise InvalidParameters("url", "has no host")
    secure = parts.scheme == "wss"
    resource = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(secure, parts.hostname, port or (443 if secure else 80), resource)


def parse_proxy(proxy: str | None) -> Proxy | None:
    """Parse ``http://[user:password@]host:port``; refuse anything else as ``proxy``."""
    if proxy is None:
        return None
    if not isinstance(proxy, str):
        raise InvalidParameters("proxy", "must be a str like 'http://host:port'")
    parts = urlsplit(proxy)
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidParameters("proxy", "invalid port") from exc
    if parts.scheme != "http" or not parts.hostname or not port:
        raise InvalidParameters("proxy", "must look like 'http://host:port'")
    authorization = ""
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        authorization = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
    return Proxy(parts.hostname, port, authorization)


def check_seconds(name: str, value: Any) -> float:
    """A positive number of seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidParameters(name, f"must be a positive number of seconds, not {value!r}")
    return float(value)


def check_timeout(name: str, value: Any) -> float | None:
    """A positive number of seconds, or ``None`` for no limit."""
    if value is None:
        return None
    try:
        return check_seconds(name, value)
    except InvalidParameters:
        raise InvalidParameters(
            name, f"must be a positive number of seconds or None, not {value!r}"
        ) from None


def check_size(name: str, value: Any) -> int:
    """A positive int."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidParameters(name, f"must be a positive int, not {value!r}")
    return value


def check_buffer_size(value: Any) -> int:
    """``read_buffer_size``: large enough to hold a frame header and then some."""
    size = check_size("read_buffer_size", value)
    if size < 1024:
        raise InvalidParameters("read_buffer_size", "must be at least 1024 bytes")
    return size


def check_max_frames(value: Any) -> int:
    """``max_frames`` of ``receive_batch``."""
    return check_size("max_frames", value)


def check_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """Extra handshake headers; names and values without line breaks."""
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise InvalidParameters("headers", "must be a mapping of str to str")
    checked: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not name or any(c in name for c in "\r\n:"):
            raise InvalidParameters("headers", f"invalid header name {name!r}")
        if not isinstance(value, str) or "\r" in value or "\n" in value:
            # The value is left out of the message: headers may carry credentials.
            raise InvalidParameters("headers", f"the value of {name!r} must be a one-line str")
        checked[name] = value
    return checked
