"""Close codes (RFC 6455 section 7.4) shared by every transport.

Example:
    >>> describe_close(1001, "bye")
    'code 1001 (going away): bye'
    >>> parse_close_payload(b"\\x03\\xe8done")
    (1000, 'done')
"""

from __future__ import annotations

import struct

from protocol.errors import InvalidParameters

__all__ = [
    "ABNORMAL",
    "GOING_AWAY",
    "INTERNAL_ERROR",
    "INVALID_DATA",
    "NORMAL",
    "NO_STATUS",
    "PROTOCOL_ERROR",
    "TOO_BIG",
    "check_close",
    "close_payload",
    "describe_close",
    "parse_close_payload",
]

NORMAL = 1000
GOING_AWAY = 1001
PROTOCOL_ERROR = 1002
NO_STATUS = 1005
ABNORMAL = 1006
INVALID_DATA = 1007
TOO_BIG = 1009
INTERNAL_ERROR = 1011

_NAMES = {
    NORMAL: "normal closure",
    GOING_AWAY: "going away",
    PROTOCOL_ERROR: "protocol error",
    1003: "unsupported data",
    NO_STATUS: "no status",
    ABNORMAL: "abnormal closure",
    INVALID_DATA: "invalid data",
    1008: "policy violation",
    TOO_BIG: "message too big",
    1010: "mandatory extension",
    INTERNAL_ERROR: "internal error",
    1012: "service restart",
    1013: "try again later",
    1014: "bad gateway",
}
_MAX_REASON_BYTES = 123


def check_close(code: int, reason: str) -> None:
    """Refuse a close code or reason an endpoint may not send.

    Example:
        >>> check_close(1006, "")
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'code': ...
    """
    sendable = code in (NORMAL, GOING_AWAY, 1003, 1008, TOO_BIG, INTERNAL_ERROR)
    if (
        isinstance(code, bool)
        or not isinstance(code, int)
        or not (sendable or 3000 <= code <= 4999)
    ):
        raise InvalidParameters("code", f"{code!r} is not a close code an endpoint may send")
    if not isinstance(reason, str) or len(reason.encode("utf-8")) > _MAX_REASON_BYTES:
        raise InvalidParameters("reason", f"must be a str of at most {_MAX_REASON_BYTES} bytes")


def close_payload(code: int, reason: str) -> bytes:
    """The payload of a close frame.

    Example:
        >>> close_payload(1000, "ok")
        b'\\x03\\xe8ok'
    """
    return struct.pack("!H", code) + reason.encode("utf-8")


def parse_close_payload(payload: bytes) -> tuple[int, str]:
    """Code and reason of a received close frame (1005 when it carries none)."""
    if len(payload) < 2:
        return NO_STATUS, ""
    code = int.from_bytes(payload[:2], "big")
    return code, payload[2:].decode("utf-8", "replace")


def describe_close(code: int, reason: str) -> str:
    """A human-readable close code and reason."""
    name = _NAMES.get(code, "application" if 3000 <= code <= 4999 else "unknown")
    text = f"code {code} ({name})"
    return f"{text}: {reason}" if reason else text
