"""Public Deribit methods, one JSON-RPC method per module, and the public client.

Each method module holds a params schema, the result loader and a keyword-only
``build`` returning a validated call; :mod:`venues.deribit.public.client` sends them.
The client is re-exported by :mod:`venues.deribit`.

Example:
    >>> from venues.deribit.public import get_time
    >>> get_time.build().method
    'public/get_time'
"""

from __future__ import annotations

__all__ = [
    "client",
    "disable_heartbeat",
    "get_instruments",
    "get_order_book",
    "get_time",
    "hello",
    "set_heartbeat",
    "subscribe",
    "test",
    "ticker",
    "unsubscribe",
    "unsubscribe_all",
]
