"""Envelope and time formatting shared by the simulated venue's message builders."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

__all__ = ["envelope", "error_frame", "rfc3339"]


def rfc3339(ns: int) -> str:
    """Unix nanoseconds as the venue writes times: nine fractional digits, ``Z``."""
    seconds, nanos = divmod(ns, 1_000_000_000)
    moment = _dt.datetime.fromtimestamp(seconds, tz=_dt.UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{nanos:09d}Z"


def envelope(channel: str, seq: int, when: str, events: list[dict[str, Any]]) -> str:
    """One venue message in the common envelope."""
    return json.dumps(
        {
            "channel": channel,
            "client_id": "",
            "timestamp": when,
            "sequence_num": seq,
            "events": events,
        },
        separators=(",", ":"),
    )


def error_frame(message: str) -> str:
    """The venue's error message."""
    return json.dumps({"type": "error", "message": message}, separators=(",", ":"))
