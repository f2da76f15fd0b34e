"""What the codec and the client need to know about one kind of stream.

Each stream module declares one :class:`StreamKind`: how its name looks, how to build its
typed event from a payload, and which monotone number orders its events (used to drop the
duplicates two overlapping connections deliver during a rotation).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["StreamKind"]


@dataclass(frozen=True, slots=True)
class StreamKind:
    """One kind of stream.

    Attributes:
        name: short name (``"trade"``).
        pattern: matches the part after ``<symbol>@`` (or the whole name when
            ``market_wide``).
        market_wide: the stream has no symbol (``!miniTicker@arr``).
        parse: ``(stream_name, data) -> event``; raises on a malformed payload.
        sequence: ``event -> int``, strictly increasing along one stream.
    """

    name: str
    pattern: re.Pattern[str]
    parse: Callable[[str, Any], Any]
    sequence: Callable[[Any], int]
    market_wide: bool = False
