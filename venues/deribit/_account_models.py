"""Account nouns: the account summary (and its rate limits) and the auth result.

Example:
    >>> AccountLimits.from_wire({"non_matching_engine": {"rate": 20, "burst": 100},
    ...     "matching_engine": {"trading": {"total": {"rate": 5, "burst": 20}}}})
    AccountLimits(non_matching_rate=20, non_matching_burst=100, matching_rate=5, matching_burst=20)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from marshmallow import fields

from protocol.secrets import Secret
from venues.deribit._wire import fast_loader, register_kind

__all__ = ["AccountLimits", "AccountSummary", "AuthResult"]


@dataclass(frozen=True, slots=True)
class AccountLimits:
    """The rate limits ``private/get_account_summary`` reports, in requests.

    Deribit reports ``non_matching_engine: {rate, burst}`` and, for the matching
    engine, either ``{rate, burst}`` or (current API) ``trading.total: {rate, burst}``.
    Missing figures are ``None``.

    Example:
        >>> AccountLimits.from_wire({}).matching_rate is None
        True
    """

    non_matching_rate: int | None = None
    non_matching_burst: int | None = None
    matching_rate: int | None = None
    matching_burst: int | None = None

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> AccountLimits:
        """Read both the current and the older shape of the ``limits`` object."""
        non_matching = _rate_and_burst(data.get("non_matching_engine"))
        matching = data.get("matching_engine")
        if isinstance(matching, Mapping) and "rate" not in matching:
            matching = (matching.get("trading") or {}).get("total")
        return cls(*non_matching, *_rate_and_burst(matching))


def _rate_and_burst(value: Any) -> tuple[int | None, int | None]:
    if not isinstance(value, Mapping):
        return None, None
    rate, burst = value.get("rate"), value.get("burst")
    return (_count(rate), _count(burst))


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        return None
    return int(value)


register_kind(
    "AccountLimits",
    AccountLimits.from_wire,
    lambda **kw: fields.Function(deserialize=AccountLimits.from_wire, **kw),
)


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """An account summary per currency (``get_account_summary``, ``user.portfolio.*``).

    Example:
        >>> AccountSummary.from_wire({"currency": "BTC", "balance": 302.6,
        ...     "equity": 302.6, "available_funds": 301.3}).balance
        Decimal('302.6')
    """

    currency: str
    balance: Decimal
    equity: Decimal
    available_funds: Decimal
    margin_balance: Decimal | None = None
    initial_margin: Decimal | None = None
    maintenance_margin: Decimal | None = None
    available_withdrawal_funds: Decimal | None = None
    total_pl: Decimal | None = None
    session_upl: Decimal | None = None
    session_rpl: Decimal | None = None
    delta_total: Decimal | None = None
    options_value: Decimal | None = None
    futures_pl: Decimal | None = None
    options_pl: Decimal | None = None
    portfolio_margining_enabled: bool | None = None
    limits: AccountLimits | None = None

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> AccountSummary:
        """Build from a wire object without marshmallow (the portfolio fast path)."""
        return _summary(data)


_summary = fast_loader(AccountSummary)


@dataclass(frozen=True, slots=True)
class AuthResult:
    """What ``public/auth`` returns. The tokens are :class:`~protocol.secrets.Secret`.

    ``scope`` is what the server granted, which may be narrower than what was asked.

    Example:
        >>> result = AuthResult(Secret("a"), Secret("r"), 900, "bearer", "connection")
        >>> result.access_token, result.expires_in
        (Secret('**********'), 900)
    """

    access_token: Secret[str]
    refresh_token: Secret[str]
    expires_in: float
    token_type: str
    scope: str
    enabled_features: tuple[str, ...] = field(default=())
    sid: str | None = None
    state: str | None = None

    @property
    def session_name(self) -> str | None:
        """The ``session:<name>`` the server granted, if any.

        Example:
            >>> AuthResult(Secret("a"), Secret("r"), 1, "bearer", "session:x trade:read")\\
            ...     .session_name
            'x'
        """
        for part in self.scope.split():
            if part.startswith("session:"):
                return part.removeprefix("session:")
        return None
