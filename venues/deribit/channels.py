"""Validated Deribit channel names.

Every builder checks its parts and raises :class:`~protocol.errors.InvalidParameters`
naming the bad one, so a typo fails at once instead of being silently left out of the
venue's subscribe reply. ``raw`` intervals need an authenticated connection (13778):
the public client refuses them before sending (:func:`requires_auth`).

Docs: https://docs.deribit.com/#subscriptions

Example:
    >>> trades("BTC-PERPETUAL"), book("BTC-PERPETUAL", interval="agg2")
    ('trades.BTC-PERPETUAL.100ms', 'book.BTC-PERPETUAL.agg2')
    >>> user_orders("BTC-PERPETUAL"), user_orders(kind="any", currency="any")
    ('user.orders.BTC-PERPETUAL.raw', 'user.orders.any.any.raw')
"""

from __future__ import annotations

import re

from protocol.errors import InvalidParameters

__all__ = [
    "BOOK_DEPTHS",
    "BOOK_GROUPS",
    "INTERVALS",
    "book",
    "is_private",
    "price_index",
    "requires_auth",
    "ticker",
    "trades",
    "user_changes",
    "user_orders",
    "user_portfolio",
    "user_trades",
    "validate",
]

INTERVALS = ("raw", "100ms", "agg2")
BOOK_GROUPS = ("none", "1", "2", "5", "10", "25", "100", "250")
BOOK_DEPTHS = ("1", "10", "20")
KINDS = ("future", "option", "spot", "future_combo", "option_combo", "combo", "any")

# Instrument names are letters, digits, '-' and '_' (BTC-PERPETUAL, BTC-29SEP23-30000-C,
# BTC_USDC); a dot would split the channel name.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _part(field: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidParameters(field, "must be a non-empty string")
    if not _NAME.fullmatch(value):
        raise InvalidParameters(field, f"{value!r} is not a valid name (letters, digits, - _)")
    return value


def _choice(field: str, value: object, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InvalidParameters(field, f"{value!r} is not one of {', '.join(choices)}")
    return str(value)


def trades(instrument: str, interval: str = "100ms") -> str:
    """``trades.{instrument}.{interval}``: public trades (data: a tuple of Trade).

    Example:
        >>> trades("ETH-PERPETUAL", "raw")
        'trades.ETH-PERPETUAL.raw'
    """
    return f"trades.{_part('instrument', instrument)}.{_choice('interval', interval, INTERVALS)}"


def book(
    instrument: str, interval: str = "100ms", *, group: str | None = None, depth: int | None = None
) -> str:
    """``book.{instrument}.{interval}``, or the grouped ``book.{inst}.{group}.{depth}.{interval}``.

    Example:
        >>> book("BTC-PERPETUAL", group="none", depth=10)
        'book.BTC-PERPETUAL.none.10.100ms'
    """
    name = _part("instrument", instrument)
    every = _choice("interval", interval, INTERVALS)
    if group is None and depth is None:
        return f"book.{name}.{every}"
    if group is None or depth is None:
        raise InvalidParameters("group" if group is None else "depth", "give group and depth")
    grouping = _choice("group", str(group), BOOK_GROUPS)
    return f"book.{name}.{grouping}.{_choice('depth', str(depth), BOOK_DEPTHS)}.{every}"


def ticker(instrument: str, interval: str = "100ms") -> str:
    """``ticker.{instrument}.{interval}`` (data: a Ticker).

    Example:
        >>> ticker("BTC-PERPETUAL")
        'ticker.BTC-PERPETUAL.100ms'
    """
    return f"ticker.{_part('instrument', instrument)}.{_choice('interval', interval, INTERVALS)}"


def price_index(index_name: str) -> str:
    """``deribit_price_index.{index_name}`` (data: a PriceIndex), e.g. ``btc_usd``.

    Example:
        >>> price_index("btc_usd")
        'deribit_price_index.btc_usd'
    """
    return f"deribit_price_index.{_part('index_name', index_name)}"


def _user(
    topic: str, instrument: str | None, kind: str | None, currency: str | None, interval: str
) -> str:
    every = _choice("interval", interval, INTERVALS)
    if instrument is not None:
        if kind is not None or currency is not None:
            raise InvalidParameters("instrument", "give an instrument or kind and currency")
        return f"user.{topic}.{_part('instrument', instrument)}.{every}"
    if kind is None or currency is None:
        raise InvalidParameters("instrument", "give an instrument or kind and currency")
    return f"user.{topic}.{_choice('kind', kind, KINDS)}.{_part('currency', currency)}.{every}"


def user_orders(
    instrument: str | None = None,
    *,
    kind: str | None = None,
    currency: str | None = None,
    interval: str = "raw",
) -> str:
    """``user.orders.{instrument}.{interval}`` or ``user.orders.{kind}.{currency}.{interval}``.

    Example:
        >>> user_orders(kind="future", currency="BTC", interval="100ms")
        'user.orders.future.BTC.100ms'
    """
    return _user("orders", instrument, kind, currency, interval)


def user_trades(
    instrument: str | None = None,
    *,
    kind: str | None = None,
    currency: str | None = None,
    interval: str = "raw",
) -> str:
    """``user.trades.{instrument}.{interval}`` or ``user.trades.{kind}.{currency}.{interval}``.

    Example:
        >>> user_trades("BTC-PERPETUAL", interval="100ms")
        'user.trades.BTC-PERPETUAL.100ms'
    """
    return _user("trades", instrument, kind, currency, interval)


def user_changes(
    instrument: str | None = None,
    *,
    kind: str | None = None,
    currency: str | None = None,
    interval: str = "raw",
) -> str:
    """``user.changes.{instrument}.{interval}`` or ``user.changes.{kind}.{currency}.{interval}``
    (data: a ``UserChanges``: orders, trades and position of one instrument together).

    Example:
        >>> user_changes("BTC-PERPETUAL", interval="100ms")
        'user.changes.BTC-PERPETUAL.100ms'
    """
    return _user("changes", instrument, kind, currency, interval)


def user_portfolio(currency: str) -> str:
    """``user.portfolio.{currency}`` (data: an AccountSummary).

    Example:
        >>> user_portfolio("btc")
        'user.portfolio.btc'
    """
    return f"user.portfolio.{_part('currency', currency)}"


def is_private(channel: str) -> bool:
    """True for ``user.*`` channels (``private/subscribe`` on an authenticated connection).

    Example:
        >>> is_private("user.orders.any.any.raw"), is_private("trades.X.100ms")
        (True, False)
    """
    return channel.startswith("user.")


def requires_auth(channel: str) -> bool:
    """True for private channels and every ``raw`` interval.

    Example:
        >>> requires_auth("book.BTC-PERPETUAL.raw")
        True
    """
    return is_private(channel) or channel.endswith(".raw")


def validate(channels: object, field: str = "channels") -> list[str]:
    """Check a list of channel names: non-empty strings, dot-separated, no blanks.

    Example:
        >>> validate(["ticker.BTC-PERPETUAL.100ms"])
        ['ticker.BTC-PERPETUAL.100ms']
    """
    if isinstance(channels, str) or not isinstance(channels, list | tuple):
        raise InvalidParameters(field, "must be a list of channel names")
    if not channels:
        raise InvalidParameters(field, "must not be empty")
    for channel in channels:
        if not isinstance(channel, str) or not channel or any(not p for p in channel.split(".")):
            raise InvalidParameters(field, f"{channel!r} is not a channel name")
    return list(channels)
