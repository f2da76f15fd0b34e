"""Wire channel name -> how to parse and split its events (used by the codec)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from venues.coinbase.channels import (
    candles,
    futures_balance_summary,
    heartbeats,
    level2,
    market_trades,
    status,
    ticker,
    ticker_batch,
    user,
)
from venues.coinbase.keys import WIRE_NAMES

__all__ = ["PARSERS", "ChannelParser"]


class ChannelParser(NamedTuple):
    """The subscribe name of a wire channel and its fast parser and splitter."""

    channel: str
    parse_event: Callable[[Mapping[str, Any]], Any]
    split: Callable[[Any], list[tuple[str | None, Any]]]


_MODULES = (
    heartbeats,
    ticker,
    ticker_batch,
    level2,
    market_trades,
    candles,
    status,
    user,
    futures_balance_summary,
)

PARSERS: dict[str, ChannelParser] = {
    WIRE_NAMES[module.CHANNEL]: ChannelParser(module.CHANNEL, module.parse_event, module.split)
    for module in _MODULES
}
