"""``private/get_account_summary`` and ``user.portfolio.{currency}`` records.

Field names follow the Deribit OpenAPI ``private/get_account_summary`` schema; the values come
from the ledger and margin model (``_ledger``, ``_margin``). ``limits`` reports the credit
limits the connection is held to (``venues/deribit.md`` 1.7), in requests per second and
burst, as Deribit's own ``limits`` object does.

Example:
    >>> from venues.deribit.simulator._ids import IdSequence
    >>> from venues.deribit.simulator._ledger import Ledger
    >>> from venues.deribit.simulator._market import Market
    >>> from venues.deribit.simulator._matching import Matching
    >>> ledger = Ledger(["a"], {"BTC": 3.0})
    >>> view = AccountView(Matching(Market(seed=0, rate=0.0), ledger, IdSequence()), ledger)
    >>> summary = view.summary("a", "BTC")
    >>> summary["balance"], summary["equity"], summary["currency"]
    (3.0, 3.0, 'BTC')
"""

from __future__ import annotations

from typing import Any

from venues.deribit.simulator._book import q
from venues.deribit.simulator._ledger import Ledger
from venues.deribit.simulator._matching import Matching

__all__ = ["AccountView"]

_CREATED = 1687352432143


class AccountView:
    """Builds account records from the matching engine's orders and the ledger.

    Example: see the module docstring.
    """

    def __init__(self, matching: Matching, ledger: Ledger) -> None:
        self._matching = matching
        self._ledger = ledger

    def summary(
        self, account: str, currency: str, *, account_id: int = 1, limits: Any = None
    ) -> dict[str, Any]:
        """The account summary of ``account`` in ``currency``.

        Example: see the module docstring.
        """
        margins = self._matching.margins
        orders = self._matching.orders(account)
        position_im = margins.position_margin(account, currency)
        initial = q(position_im + margins.orders_margin(currency, orders))
        equity = margins.equity(account, currency)
        pnl = self._pnl(account, currency)
        wire = {
            "balance": self._ledger.balance(account, currency),
            "equity": equity,
            "margin_balance": equity,
            "available_funds": q(equity - initial),
            "available_withdrawal_funds": q(max(0.0, equity - initial)),
            "initial_margin": initial,
            "maintenance_margin": q(position_im / 2),
            "projected_initial_margin": initial,
            "projected_maintenance_margin": q(position_im / 2),
            "currency": currency,
            "fee_balance": 0.0,
            "spot_reserve": 0.0,
            "portfolio_margining_enabled": False,
            "cross_collateral_enabled": False,
            "margin_model": "segregated_sm",
            "estimated_liquidation_ratio": 0.0,
            "estimated_liquidation_ratio_map": {},
        }
        wire |= pnl | self._identity(account, account_id)
        if limits is not None:
            wire["limits"] = limits
        return wire

    def _pnl(self, account: str, currency: str) -> dict[str, Any]:
        futures_upl = futures_rpl = options_upl = options_rpl = options_value = delta = 0.0
        market = self._matching.market
        for instrument in market.instruments:
            if instrument.currency != currency:
                continue
            quotes = market.quotes(instrument.name)
            position = self._ledger.position(account, instrument.name)
            upl = self._ledger.floating(account, quotes)
            if instrument.is_option:
                options_upl += upl
                options_rpl += position.realized
                options_value += position.size * quotes.mark
            else:
                futures_upl += upl
                futures_rpl += position.realized
                delta += quotes.base_amount(position.size, quotes.mark)
        index = f"{currency.lower()}_usd"
        return {
            "total_pl": q(futures_upl + futures_rpl + options_upl + options_rpl),
            "session_rpl": q(futures_rpl + options_rpl),
            "session_upl": q(futures_upl + options_upl),
            "futures_pl": q(futures_upl + futures_rpl),
            "futures_session_rpl": q(futures_rpl),
            "futures_session_upl": q(futures_upl),
            "options_pl": q(options_upl + options_rpl),
            "options_session_rpl": q(options_rpl),
            "options_session_upl": q(options_upl),
            "options_value": q(options_value),
            "options_delta": 0.0,
            "options_gamma": 0.0,
            "options_theta": 0.0,
            "options_vega": 0.0,
            "options_gamma_map": {index: 0.0},
            "options_theta_map": {index: 0.0},
            "options_vega_map": {index: 0.0},
            "delta_total": q(delta),
            "projected_delta_total": q(delta),
            "delta_total_map": {index: q(delta)},
        }

    @staticmethod
    def _identity(account: str, account_id: int) -> dict[str, Any]:
        return {
            "id": account_id,
            "username": account,
            "system_name": account,
            "email": f"{account}@example.com",
            "type": "main",
            "creation_timestamp": _CREATED,
            "security_keys_enabled": False,
            "interuser_transfers_enabled": False,
            "login_enabled": False,
            "mmp_enabled": False,
            "referrer_id": None,
            "self_trading_reject_mode": "reject_taker",
            "self_trading_extended_to_subaccounts": False,
        }
