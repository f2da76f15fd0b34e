"""``private/get_account_summary``: balances, margins and the account's rate limits.

The ``limits`` it reports update the client's local credit buckets.

Docs: https://docs.deribit.com/#private-get_account_summary

Example:
    >>> call = build(currency="BTC", extended=True)
    >>> call.params
    {'currency': 'BTC', 'extended': True}
    >>> call.result({"currency": "BTC", "balance": 302.6, "equity": 302.6,
    ...     "available_funds": 301.3, "limits": {"non_matching_engine": {"rate": 20,
    ...     "burst": 100}}}).limits.non_matching_burst
    100
"""

from __future__ import annotations

from marshmallow import fields, validate

from venues.deribit._call import Call, load_params, one
from venues.deribit._schemas import StrictSchema, currency, flag
from venues.deribit.models import AccountSummary, schema_of

__all__ = ["METHOD", "Params", "build"]

METHOD = "private/get_account_summary"


class Params(StrictSchema):
    """``currency`` (required); optional ``extended`` and ``subaccount_id``."""

    currency = currency()
    extended = flag()
    subaccount_id = fields.Integer(strict=True, validate=validate.Range(min=1))


def build(
    *, currency: str, extended: bool | None = None, subaccount_id: int | None = None
) -> Call[AccountSummary]:
    """Return the call; its result is an :class:`AccountSummary`.

    Raises:
        InvalidParameters: unknown currency or a bad subaccount id.

    Example:
        >>> build(currency="").method
        Traceback (most recent call last):
        ...
        protocol.errors.InvalidParameters: invalid parameter 'currency': Must be one of: ...
    """
    given = {"currency": currency, "extended": extended, "subaccount_id": subaccount_id}
    return Call(METHOD, load_params(Params(), given), one(schema_of(AccountSummary)().load))
