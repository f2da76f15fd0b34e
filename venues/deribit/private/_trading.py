"""The private client's order methods: each blocking with ``timeout=``, plus ``*_async``.

Params are those of the method file's ``build`` (validated before sending). An order
request in flight when the connection drops fails with
``ConnectionLost(outcome_unknown=True)`` and is never re-sent: reconcile with
:meth:`TradingMethods.get_order_state` or the ``user.orders`` channel.

Example:
    >>> # order = client.buy(instrument_name="BTC-PERPETUAL", amount=10, price=50_000).order
    >>> # client.cancel(order_id=order.order_id)
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from venues.deribit._client import DeribitClientBase
from venues.deribit.models import Order, OrderResult
from venues.deribit.private import (
    buy,
    cancel,
    cancel_all,
    cancel_all_by_instrument,
    cancel_by_label,
    edit,
    get_open_orders_by_currency,
    get_order_state,
    sell,
)

__all__ = ["TradingMethods"]

Cancelled = int | tuple[Order, ...]


class TradingMethods(DeribitClientBase):
    """Orders: place, edit, cancel and query (matching-engine limits apply)."""

    def buy(self, *, timeout: float | None = None, **params: Any) -> OrderResult:
        """Place a buy order (:func:`venues.deribit.private.buy.build` params).

        Example:
            >>> # client.buy(instrument_name="BTC-PERPETUAL", amount=10, price=50_000).order
        """
        return self.execute(buy.build(**params), timeout=timeout)

    def buy_async(self, **params: Any) -> Future[OrderResult]:
        """:meth:`buy`, returning a future.

        Example:
            >>> # client.buy_async(instrument_name="BTC-PERPETUAL", amount=10, type="market")
        """
        return self.submit(buy.build(**params))

    def sell(self, *, timeout: float | None = None, **params: Any) -> OrderResult:
        """Place a sell order (:func:`venues.deribit.private.sell.build` params).

        Example:
            >>> # client.sell(instrument_name="BTC-PERPETUAL", amount=10, price=60_000).order
        """
        return self.execute(sell.build(**params), timeout=timeout)

    def sell_async(self, **params: Any) -> Future[OrderResult]:
        """:meth:`sell`, returning a future.

        Example:
            >>> # client.sell_async(instrument_name="ETH-PERPETUAL", amount=1, type="market")
        """
        return self.submit(sell.build(**params))

    def edit(self, *, timeout: float | None = None, **params: Any) -> OrderResult:
        """Edit an open order (:func:`venues.deribit.private.edit.build` params).

        Example:
            >>> # client.edit(order_id="5000001", amount=20, price=50_001).order.amount
        """
        return self.execute(edit.build(**params), timeout=timeout)

    def edit_async(self, **params: Any) -> Future[OrderResult]:
        """:meth:`edit`, returning a future.

        Example:
            >>> # client.edit_async(order_id="5000001", price=50_002).result(5.0)
        """
        return self.submit(edit.build(**params))

    def cancel(self, *, order_id: str, timeout: float | None = None) -> Order:
        """Cancel one order; returns it as cancelled.

        Example:
            >>> # client.cancel(order_id="5000001").order_state  # 'cancelled'
        """
        return self.execute(cancel.build(order_id=order_id), timeout=timeout)

    def cancel_async(self, *, order_id: str) -> Future[Order]:
        """:meth:`cancel`, returning a future.

        Example:
            >>> # client.cancel_async(order_id="5000001").result(5.0)
        """
        return self.submit(cancel.build(order_id=order_id))

    def cancel_all(self, *, timeout: float | None = None, **params: Any) -> Cancelled:
        """Cancel every order: a count, or the orders with ``detailed=True``.

        Example:
            >>> # client.cancel_all()  # 3
        """
        return self.execute(cancel_all.build(**params), timeout=timeout)

    def cancel_all_async(self, **params: Any) -> Future[Cancelled]:
        """:meth:`cancel_all`, returning a future.

        Example:
            >>> # client.cancel_all_async(detailed=True).result(5.0)
        """
        return self.submit(cancel_all.build(**params))

    def cancel_all_by_instrument(self, *, timeout: float | None = None, **params: Any) -> Cancelled:
        """Cancel every order of one instrument (``instrument_name``, ``type``, ...).

        Example:
            >>> # client.cancel_all_by_instrument(instrument_name="BTC-PERPETUAL")
        """
        return self.execute(cancel_all_by_instrument.build(**params), timeout=timeout)

    def cancel_all_by_instrument_async(self, **params: Any) -> Future[Cancelled]:
        """:meth:`cancel_all_by_instrument`, returning a future.

        Example:
            >>> # client.cancel_all_by_instrument_async(instrument_name="X")
        """
        return self.submit(cancel_all_by_instrument.build(**params))

    def cancel_by_label(self, *, timeout: float | None = None, **params: Any) -> int:
        """Cancel the orders with ``label`` (optionally of one ``currency``); a count.

        Example:
            >>> # client.cancel_by_label(label="grid-1", currency="BTC")  # 2
        """
        return self.execute(cancel_by_label.build(**params), timeout=timeout)

    def cancel_by_label_async(self, **params: Any) -> Future[int]:
        """:meth:`cancel_by_label`, returning a future.

        Example:
            >>> # client.cancel_by_label_async(label="grid-1").result(5.0)
        """
        return self.submit(cancel_by_label.build(**params))

    def get_open_orders_by_currency(
        self, *, timeout: float | None = None, **params: Any
    ) -> tuple[Order, ...]:
        """Open orders of a ``currency`` (optionally ``kind`` and ``type``).

        Example:
            >>> # client.get_open_orders_by_currency(currency="BTC")
        """
        return self.execute(get_open_orders_by_currency.build(**params), timeout=timeout)

    def get_open_orders_by_currency_async(self, **params: Any) -> Future[tuple[Order, ...]]:
        """:meth:`get_open_orders_by_currency`, returning a future.

        Example:
            >>> # client.get_open_orders_by_currency_async(currency="BTC")
        """
        return self.submit(get_open_orders_by_currency.build(**params))

    def get_order_state(self, *, order_id: str, timeout: float | None = None) -> Order:
        """One order as it stands (reconcile an outcome-unknown request with it).

        Example:
            >>> # client.get_order_state(order_id="5000001").order_state
        """
        return self.execute(get_order_state.build(order_id=order_id), timeout=timeout)

    def get_order_state_async(self, *, order_id: str) -> Future[Order]:
        """:meth:`get_order_state`, returning a future.

        Example:
            >>> # client.get_order_state_async(order_id="5000001").result(5.0)
        """
        return self.submit(get_order_state.build(order_id=order_id))
