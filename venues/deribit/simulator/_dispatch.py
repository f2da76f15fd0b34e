"""The method table: handler, whether it needs auth, its credit class and required scope.

``private/*`` methods need an authenticated connection (or a valid ``access_token``
parameter), else ``13009 unauthorized``; a token whose scope lacks the method's access level
gets ``13021 forbidden``. Matching-engine methods draw on the matching-engine bucket, all
others on the non-matching one (``venues/deribit.md`` 1.7).

Example:
    >>> METHODS["private/buy"].matching_engine, METHODS["public/get_time"].private
    (True, False)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from venues.deribit.simulator import (
    _account_methods as account,
)
from venues.deribit.simulator import (
    _market_methods as market,
)
from venues.deribit.simulator import (
    _session_methods as session,
)
from venues.deribit.simulator import (
    _subscription_methods as subscriptions,
)
from venues.deribit.simulator import (
    _trading_methods as trading,
)
from venues.deribit.simulator._world import Call

__all__ = ["METHODS", "Method"]

_TRADE = ("trade", "read_write")
_READ = ("trade", "read")
_ACCOUNT = ("account", "read")
_ACCOUNT_WRITE = ("account", "read_write")


@dataclass(frozen=True, slots=True)
class Method:
    """One JSON-RPC method the simulator serves.

    Example:
        >>> Method(lambda call: "ok").private
        False
    """

    handler: Callable[[Call], Any]
    private: bool = False
    matching_engine: bool = False
    access: tuple[str, str] | None = None


def _me(handler: Callable[[Call], Any]) -> Method:
    return Method(handler, private=True, matching_engine=True, access=_TRADE)


METHODS: dict[str, Method] = {
    "public/hello": Method(session.hello),
    "public/test": Method(session.test),
    "public/get_time": Method(session.get_time),
    "public/set_heartbeat": Method(session.set_heartbeat),
    "public/disable_heartbeat": Method(session.disable_heartbeat),
    "public/auth": Method(session.auth),
    "public/subscribe": Method(subscriptions.public_subscribe),
    "public/unsubscribe": Method(subscriptions.public_unsubscribe),
    "public/unsubscribe_all": Method(subscriptions.unsubscribe_all),
    "public/get_instruments": Method(market.get_instruments),
    "public/get_order_book": Method(market.get_order_book),
    "public/ticker": Method(market.ticker),
    "public/get_index_price": Method(market.get_index_price),
    "private/logout": Method(session.logout, private=True),
    "private/subscribe": Method(subscriptions.private_subscribe, private=True),
    "private/unsubscribe": Method(subscriptions.private_unsubscribe, private=True),
    "private/unsubscribe_all": Method(subscriptions.unsubscribe_all, private=True),
    "private/enable_cancel_on_disconnect": Method(
        session.enable_cancel_on_disconnect, private=True, access=_ACCOUNT_WRITE
    ),
    "private/disable_cancel_on_disconnect": Method(
        session.disable_cancel_on_disconnect, private=True, access=_ACCOUNT_WRITE
    ),
    "private/get_cancel_on_disconnect": Method(
        session.get_cancel_on_disconnect, private=True, access=_ACCOUNT
    ),
    "private/buy": _me(trading.buy),
    "private/sell": _me(trading.sell),
    "private/edit": _me(trading.edit),
    "private/cancel": _me(trading.cancel),
    "private/cancel_all": _me(trading.cancel_all),
    "private/cancel_all_by_instrument": _me(trading.cancel_all_by_instrument),
    "private/cancel_by_label": _me(trading.cancel_by_label),
    "private/get_open_orders_by_currency": Method(
        account.get_open_orders_by_currency, private=True, access=_READ
    ),
    "private/get_order_state": Method(account.get_order_state, private=True, access=_READ),
    "private/get_position": Method(account.get_position, private=True, access=_READ),
    "private/get_positions": Method(account.get_positions, private=True, access=_READ),
    "private/get_account_summary": Method(
        account.get_account_summary, private=True, access=_ACCOUNT
    ),
}
