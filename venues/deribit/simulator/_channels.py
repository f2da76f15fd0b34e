"""Channel names the simulator serves (``venues/deribit.md`` 1.5).

Public: ``book.{instrument}.{interval}``, ``trades.{instrument}.{interval}``,
``trades.{kind}.{currency}.{interval}``, ``ticker.{instrument}.{interval}``,
``deribit_price_index.{index_name}``. Private (``private/subscribe`` on an authenticated
connection): ``user.orders.*``, ``user.trades.*``, ``user.changes.*`` (by instrument or by
``{kind}.{currency}``, ``any`` allowed) and ``user.portfolio.{currency}``.

``interval`` is ``raw``, ``100ms`` or ``agg2``; ``raw`` needs an authenticated connection.
A name that does not parse is unknown: it is left out of the subscribe result.

Example:
    >>> ch = parse_channel("user.orders.any.any.raw", {"BTC-PERPETUAL": ("future", "BTC")})
    >>> ch.family, ch.private, ch.raw, ch.covers("BTC-PERPETUAL", "future", "BTC")
    ('user.orders', True, True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["INTERVALS", "Channel", "parse_channel"]

INTERVALS = ("raw", "100ms", "agg2")
_KINDS = ("future", "option", "any")
_CURRENCIES = ("BTC", "ETH", "any")
_BY_INSTRUMENT = ("book", "trades", "ticker", "user.orders", "user.trades", "user.changes")
_BY_KIND = ("trades", "user.orders", "user.trades", "user.changes")
_INDICES = ("btc_usd", "eth_usd")


@dataclass(frozen=True, slots=True)
class Channel:
    """A parsed channel; ``instrument`` is empty when it selects by ``kind``/``currency``.

    Example:
        >>> Channel("ticker.ETH-PERPETUAL.100ms", "ticker", instrument="ETH-PERPETUAL").private
        False
    """

    name: str
    family: str
    instrument: str = ""
    kind: str = "any"
    currency: str = "any"
    interval: str = ""
    index_name: str = ""

    @property
    def private(self) -> bool:
        """Whether this is a ``user.*`` channel.

        Example:
            >>> Channel("user.portfolio.btc", "user.portfolio", currency="BTC").private
            True
        """
        return self.family.startswith("user.")

    @property
    def raw(self) -> bool:
        """Whether the interval is ``raw`` (auth required).

        Example:
            >>> Channel("book.X.raw", "book", instrument="X", interval="raw").raw
            True
        """
        return self.interval == "raw"

    def covers(self, instrument: str, kind: str, currency: str) -> bool:
        """Whether an event about ``instrument`` belongs on this channel.

        Example:
            >>> Channel("trades.option.BTC.100ms", "trades", kind="option", currency="BTC",
            ...         interval="100ms").covers("BTC-PERPETUAL", "future", "BTC")
            False
        """
        if self.instrument:
            return self.instrument == instrument
        kind_ok = self.kind in ("any", kind)
        return kind_ok and self.currency in ("any", currency)


def parse_channel(name: str, instruments: Mapping[str, tuple[str, str]]) -> Channel | None:
    """Parse ``name``; ``instruments`` maps instrument name -> ``(kind, currency)``.

    Example:
        >>> parse_channel("book.NOPE.100ms", {}) is None
        True
    """
    parts = name.split(".")
    if parts[0] == "deribit_price_index" and len(parts) == 2 and parts[1] in _INDICES:
        return Channel(name, "deribit_price_index", index_name=parts[1])
    if parts[:2] == ["user", "portfolio"] and len(parts) == 3:
        return _portfolio(name, parts[2])
    family, rest = _family(parts)
    if not rest or rest[-1] not in INTERVALS:
        return None
    if len(rest) == 2 and family in _BY_INSTRUMENT and rest[0] in instruments:
        return Channel(name, family, instrument=rest[0], interval=rest[1])
    if len(rest) == 3 and family in _BY_KIND:
        return _by_kind(name, family, rest)
    return None


def _family(parts: list[str]) -> tuple[str, list[str]]:
    if parts[0] == "user" and len(parts) > 1:
        return f"user.{parts[1]}", parts[2:]
    return parts[0], parts[1:]


def _portfolio(name: str, currency: str) -> Channel | None:
    upper = currency.upper() if currency != "any" else currency
    if upper not in _CURRENCIES:
        return None
    return Channel(name, "user.portfolio", currency=upper)


def _by_kind(name: str, family: str, rest: list[str]) -> Channel | None:
    kind, currency, interval = rest
    currency = currency if currency == "any" else currency.upper()
    if kind not in _KINDS or currency not in _CURRENCIES:
        return None
    return Channel(name, family, kind=kind, currency=currency, interval=interval)
