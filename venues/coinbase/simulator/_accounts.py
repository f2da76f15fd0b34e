"""Simulated user data: each account's orders and futures balance summary.

Orders follow a small life cycle (``OPEN`` -> ``FILLED`` or ``CANCELLED``) driven by a
seeded random generator, or placed explicitly with :meth:`Accounts.place_order`.

Example:
    >>> accounts = Accounts(["organizations/o/apiKeys/k"], seed=1)
    >>> order = accounts.place_order("organizations/o/apiKeys/k", "BTC-USD", "BUY",
    ...                              "0.001", "68900", when="2023-01-01T00:00:00Z")
    >>> order["status"], len(accounts.open_orders("organizations/o/apiKeys/k"))
    ('OPEN', 1)
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from typing import Any

__all__ = ["Accounts"]

_EMPTY_POSITIONS: dict[str, list[Any]] = {
    "perpetual_futures_positions": [],
    "expiring_futures_positions": [],
}


class Accounts:
    """Orders and balances per key name, driven by ``random.Random(seed)``."""

    def __init__(self, key_names: Iterable[str], seed: int) -> None:
        self._random = random.Random(seed)
        self._orders: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in key_names}
        self._counter = 0

    def open_orders(self, key_name: str) -> list[dict[str, Any]]:
        """The account's open orders (what a ``user`` snapshot lists)."""
        return [dict(o) for o in self._orders[key_name].values() if o["status"] == "OPEN"]

    def place_order(
        self, key_name: str, product_id: str, side: str, size: str, price: str, *, when: str
    ) -> dict[str, Any]:
        """Add an open limit order; returns the order body the ``user`` channel sends."""
        self._counter += 1
        order: dict[str, Any] = {
            "order_id": str(uuid.UUID(int=self._random.getrandbits(128))),
            "client_order_id": f"sim-{self._counter:06d}",
            "status": "OPEN",
            "product_id": product_id,
            "product_type": "SPOT",
            "order_side": side,
            "order_type": "Limit",
            "time_in_force": "GOOD_UNTIL_CANCELLED",
            "limit_price": price,
            "stop_price": "",
            "avg_price": "0",
            "cumulative_quantity": "0",
            "leaves_quantity": size,
            "filled_value": "0",
            "number_of_fills": "0",
            "completion_percentage": "0",
            "outstanding_hold_amount": "0",
            "total_fees": "0",
            "total_value_after_fees": "0",
            "cancel_reason": "",
            "reject_reason": "",
            "post_only": False,
            "trigger_status": "INVALID_ORDER_TYPE",
            "creation_time": when,
            "retail_portfolio_id": "sim-portfolio",
            "contract_expiry_type": "UNKNOWN_CONTRACT_EXPIRY_TYPE",
        }
        self._orders[key_name][order["order_id"]] = order
        return dict(order)

    def step(self, key_name: str, products: tuple[str, ...], when: str) -> dict[str, Any]:
        """One random change of the account: a new order, a fill or a cancel."""
        open_ids = [i for i, o in self._orders[key_name].items() if o["status"] == "OPEN"]
        if not open_ids or self._random.random() < 0.5:
            side = self._random.choice(("BUY", "SELL"))
            price = str(self._random.randint(100, 70_000))
            product = self._random.choice(products)
            return self.place_order(key_name, product, side, "0.001", price, when=when)
        order = self._orders[key_name][self._random.choice(open_ids)]
        if self._random.random() < 0.5:
            order.update(status="CANCELLED", cancel_reason="User requested cancel")
        else:
            order.update(
                status="FILLED",
                cumulative_quantity=order["leaves_quantity"],
                leaves_quantity="0",
                avg_price=order["limit_price"],
                number_of_fills="1",
                completion_percentage="100",
            )
        return dict(order)

    @staticmethod
    def positions() -> dict[str, list[Any]]:
        """The positions object (the simulator holds no futures positions)."""
        return {k: list(v) for k, v in _EMPTY_POSITIONS.items()}

    def balance_summary(self) -> dict[str, Any]:
        """A futures balance summary with slowly wandering figures."""
        power = self._random.randint(900_000, 1_100_000) / 100
        window = {
            "margin_window_type": "FCM_MARGIN_WINDOW_TYPE_INTRADAY",
            "margin_level": "MARGIN_LEVEL_TYPE_BASE",
            "initial_margin": "0",
            "maintenance_margin": "0",
            "liquidation_buffer_percentage": "1000",
            "total_hold": "0",
            "futures_buying_power": f"{power:.2f}",
        }
        return {
            "futures_buying_power": f"{power:.2f}",
            "total_usd_balance": f"{power:.2f}",
            "cbi_usd_balance": f"{power:.2f}",
            "cfm_usd_balance": "0",
            "total_open_orders_hold_amount": "0",
            "unrealized_pnl": "0",
            "daily_realized_pnl": "0",
            "initial_margin": "0",
            "available_margin": f"{power:.2f}",
            "liquidation_threshold": "0",
            "liquidation_buffer_amount": f"{power:.2f}",
            "liquidation_buffer_percentage": "1000",
            "intraday_margin_window_measure": window,
            "overnight_margin_window_measure": dict(
                window, margin_window_type="FCM_MARGIN_WINDOW_TYPE_OVERNIGHT"
            ),
        }
