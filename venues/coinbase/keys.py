"""Subscription keys: how Coinbase subscriptions are named in this library.

Coinbase subscribes per (channel, products) and has no stream names, so the library
names each subscription ``"<channel>:<product_id>"`` (``"level2:BTC-USD"``), or just
``"<channel>"`` for channels that take no products (``"heartbeats"``, ``"user"``,
``"futures_balance_summary"``). Events are routed to handlers under these keys, the
subscription cap counts them, and signals (``subscription_stale``,
``subscriptions_restored``) list them.

Example:
    >>> channel_key("level2", "BTC-USD")
    'level2:BTC-USD'
    >>> split_key("level2:BTC-USD")
    ('level2', 'BTC-USD')
    >>> split_key("heartbeats")
    ('heartbeats', None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from protocol.errors import InvalidParameters

__all__ = [
    "PRIVATE_CHANNELS",
    "PRODUCTLESS_CHANNELS",
    "PUBLIC_CHANNELS",
    "WIRE_NAMES",
    "channel_key",
    "keys_for",
    "split_key",
    "validate_product_ids",
]

PUBLIC_CHANNELS = frozenset(
    {"heartbeats", "ticker", "ticker_batch", "level2", "market_trades", "candles", "status"}
)
"""Channels the market-data endpoint serves without a JWT."""

PRIVATE_CHANNELS = frozenset({"user", "futures_balance_summary"})
"""Channels that need a JWT on every subscribe and unsubscribe."""

PRODUCTLESS_CHANNELS = frozenset({"heartbeats", "user", "futures_balance_summary"})
"""Channels subscribed without products (one key, the channel name)."""

WIRE_NAMES = {name: name for name in PUBLIC_CHANNELS | PRIVATE_CHANNELS} | {"level2": "l2_data"}
"""Subscribe name -> the ``channel`` value of the venue's messages (``level2`` ->
``l2_data``)."""

_PRODUCT = re.compile(r"[A-Z0-9][A-Z0-9-]{0,63}")


def channel_key(channel: str, product_id: str | None = None) -> str:
    """The subscription key of ``channel`` for ``product_id`` (or the whole channel).

    Example:
        >>> channel_key("user")
        'user'
    """
    return channel if product_id is None else f"{channel}:{product_id}"


def split_key(key: str) -> tuple[str, str | None]:
    """The (channel, product_id) a key names; ``product_id`` is ``None`` if it has none.

    Example:
        >>> split_key("ticker:ETH-USD")
        ('ticker', 'ETH-USD')
    """
    channel, sep, product = key.partition(":")
    return channel, (product if sep else None)


def validate_product_ids(channel: str, product_ids: Iterable[str] | None) -> tuple[str, ...]:
    """Check the products for a subscription to ``channel`` and return them as a tuple.

    Raises:
        InvalidParameters: names ``product_ids`` when products are missing where the
            channel needs them, given where it takes none, or not like ``"BTC-USD"``.

    Example:
        >>> validate_product_ids("ticker", ["BTC-USD"])
        ('BTC-USD',)
    """
    if isinstance(product_ids, str):
        raise InvalidParameters("product_ids", "must be a list of product ids, not a string")
    if product_ids is not None and not isinstance(product_ids, Iterable):
        hint = " (pass a handler as handler=...)" if callable(product_ids) else ""
        raise InvalidParameters("product_ids", f"must be a list of product ids{hint}")
    products = tuple(dict.fromkeys(product_ids or ()))
    if channel in PRODUCTLESS_CHANNELS:
        if products:
            raise InvalidParameters("product_ids", f"the {channel!r} channel takes no products")
        return ()
    if not products:
        raise InvalidParameters("product_ids", f"the {channel!r} channel needs product ids")
    for product in products:
        if not isinstance(product, str) or not _PRODUCT.fullmatch(product):
            raise InvalidParameters(
                "product_ids", f"{product!r} is not a product id like 'BTC-USD' (upper case)"
            )
    return products


def keys_for(channel: str, product_ids: Sequence[str]) -> list[str]:
    """The subscription keys of ``channel`` for ``product_ids``.

    Example:
        >>> keys_for("level2", ["BTC-USD", "ETH-USD"])
        ['level2:BTC-USD', 'level2:ETH-USD']
        >>> keys_for("heartbeats", [])
        ['heartbeats']
    """
    if channel in PRODUCTLESS_CHANNELS:
        return [channel]
    return [channel_key(channel, product) for product in product_ids]
