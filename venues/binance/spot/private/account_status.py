"""``account.status`` (USER_DATA): balances, commissions and permissions (weight 20).

Docs: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/account-requests#account-information-user_data

Example:
    >>> account = build().parse({"canTrade": True, "updateTime": 1, "accountType": "SPOT",
    ...     "balances": [{"asset": "BTC", "free": "1.3447112", "locked": "0.086"}]})
    >>> account.balance("BTC").free
    Decimal('1.3447112')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import fields, post_load

from protocol.errors import InvalidParameters
from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.private._schema import (
    ParamsSchema,
    ResultSchema,
    load_params,
    validate_recv_window,
)

__all__ = [
    "METHOD",
    "WEIGHT",
    "Account",
    "AccountStatusParams",
    "AccountStatusResult",
    "Balance",
    "build",
    "parse",
]

METHOD = "account.status"
WEIGHT = 20


@dataclass(frozen=True, slots=True)
class Balance:
    """One asset's free and locked amounts.

    Example:
        >>> Balance("USDT", Decimal("10"), Decimal("0")).total
        Decimal('10')
    """

    asset: str
    free: Decimal
    locked: Decimal

    @property
    def total(self) -> Decimal:
        """``free + locked``.

        Example:
            >>> Balance("BTC", Decimal("1"), Decimal("2")).total
            Decimal('3')
        """
        return self.free + self.locked


@dataclass(frozen=True, slots=True)
class Account:
    """The account as ``account.status`` reports it.

    Example:
        >>> Account(True, True, True, 1, "SPOT", (), ()).balance("BTC")
        Balance(asset='BTC', free=Decimal('0'), locked=Decimal('0'))
    """

    can_trade: bool | None
    can_withdraw: bool | None
    can_deposit: bool | None
    update_time: int | None
    account_type: str | None
    balances: tuple[Balance, ...]
    permissions: tuple[str, ...]
    uid: int | None = None

    def balance(self, asset: str) -> Balance:
        """The balance of ``asset`` (zero if the account does not list it).

        Example:
            >>> Account(None, None, None, None, None, (), ()).balance("ETH").free
            Decimal('0')
        """
        for entry in self.balances:
            if entry.asset == asset:
                return entry
        return Balance(asset, Decimal(0), Decimal(0))


class _BalanceSchema(ResultSchema):
    asset = fields.String(required=True)
    free = fields.Decimal(required=True)
    locked = fields.Decimal(required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Balance:
        return Balance(**data)


class AccountStatusParams(ParamsSchema):
    """The ``account.status`` params."""

    omit_zero_balances = fields.Boolean(data_key="omitZeroBalances")


class AccountStatusResult(ResultSchema):
    """The account object."""

    can_trade = fields.Boolean(data_key="canTrade", load_default=None)
    can_withdraw = fields.Boolean(data_key="canWithdraw", load_default=None)
    can_deposit = fields.Boolean(data_key="canDeposit", load_default=None)
    update_time = fields.Integer(data_key="updateTime", load_default=None)
    account_type = fields.String(data_key="accountType", load_default=None)
    balances = fields.List(fields.Nested(_BalanceSchema), load_default=list)
    permissions = fields.List(fields.String(), load_default=list)
    uid = fields.Integer(load_default=None)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Account:
        data["balances"] = tuple(data["balances"])
        data["permissions"] = tuple(data["permissions"])
        return Account(**data)


def parse(result: Any) -> Account:
    """Parse the account object.

    Example:
        >>> parse({"balances": []}).balances
        ()
    """
    account: Account = AccountStatusResult().load(result)
    return account


def build(
    *, omit_zero_balances: bool | None = None, recv_window: int | Decimal | None = None
) -> ApiCall[Account]:
    """Return a validated ``account.status`` call.

    Example:
        >>> build(omit_zero_balances=True).params
        {'omitZeroBalances': True}
    """
    if omit_zero_balances is not None and not isinstance(omit_zero_balances, bool):
        raise InvalidParameters("omit_zero_balances", "must be a bool")
    window = validate_recv_window(recv_window)
    params = load_params(AccountStatusParams(), {"omit_zero_balances": omit_zero_balances})
    return ApiCall(METHOD, params, WEIGHT, "signed", parse, recv_window=window)
