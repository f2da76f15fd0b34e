"""Private Deribit methods, one JSON-RPC method per module, and the private client.

Each method module holds a params schema, the result loader and a keyword-only
``build`` returning a validated call; :mod:`venues.deribit.private.client` sends them
on an authenticated connection. The client is re-exported by :mod:`venues.deribit`.

Example:
    >>> from venues.deribit.private import cancel
    >>> cancel.build(order_id="ETH-1").method
    'private/cancel'
"""

from __future__ import annotations

__all__ = [
    "auth",
    "buy",
    "cancel",
    "cancel_all",
    "cancel_all_by_instrument",
    "cancel_by_label",
    "client",
    "disable_cancel_on_disconnect",
    "edit",
    "enable_cancel_on_disconnect",
    "get_account_summary",
    "get_open_orders_by_currency",
    "get_order_state",
    "get_position",
    "get_positions",
    "logout",
    "sell",
    "subscribe",
    "unsubscribe",
]
