"""The simulator's exchange: wallets, orders and matching against the synthetic ladder.

Each operation returns its reply ``result`` and the user data events it caused, as
``(api_key, event)`` pairs; the engine routes them to subscribed connections. The
parameter rules live in ``api_order_checks``, the funds and fills of one order in
``api_matching``.

Example:
    >>> from venues.binance.spot.simulator.api_accounts import SimAccount
    >>> exchange = Exchange([SimAccount("k", secret_key="s", balances={"USDT": "100000"})])
    >>> reply, events = exchange.place("k", {"symbol": "BTCUSDT", "side": "BUY",
    ...     "type": "MARKET", "quantity": "1.5"}, now_ms=1)
    >>> reply["status"], reply["executedQty"], len(reply["fills"])
    ('FILLED', '1.50000000', 2)
    >>> [event["x"] for _, event in events if event["e"] == "executionReport"]
    ['NEW', 'TRADE', 'TRADE']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from venues.binance.spot.simulator.api_accounts import SimAccount, Wallet
from venues.binance.spot.simulator.api_market import DEFAULT_SYMBOLS, SimSymbol, crosses, take
from venues.binance.spot.simulator.api_matching import (
    Fill,
    apply_fill,
    open_fills,
    release,
    triggered,
)
from venues.binance.spot.simulator.api_order_checks import LIMIT_TYPES, TRIGGERED, draft, either
from venues.binance.spot.simulator.api_orders import (
    SimOrder,
    ack,
    amount,
    cancel_report,
    execution_report,
    full,
    result,
    status_report,
)
from venues.binance.spot.simulator.api_params import ApiReject, mandatory

__all__ = ["Event", "Exchange"]

Event = tuple[str, dict[str, Any]]


class Exchange:
    """Accounts, symbols and orders of the simulated venue (not thread-safe: the
    engine calls it under the server's lock).

    Example:
        >>> Exchange([]).market("BTCUSDT").base
        'BTC'
    """

    def __init__(self, accounts: Iterable[SimAccount], symbols: Iterable[SimSymbol] = ()) -> None:
        self.accounts = {account.api_key: account for account in accounts}
        self.wallets = {key: Wallet(account.balances) for key, account in self.accounts.items()}
        self.symbols = {s.symbol: s for s in (tuple(symbols) or DEFAULT_SYMBOLS)}
        self.orders: dict[int, SimOrder] = {}
        self._next_id = 1
        self._next_trade = 1

    # -- queries ----------------------------------------------------------------------

    def market(self, symbol: Any) -> SimSymbol:
        """The symbol, or -1121.

        Example:
            >>> Exchange([]).market("ETHUSDT").quote
            'USDT'
        """
        market = self.symbols.get(symbol) if isinstance(symbol, str) else None
        if market is None:
            raise ApiReject(-1121, "Invalid symbol.")
        return market

    def find(self, api_key: str, params: Mapping[str, Any], code: int, msg: str) -> SimOrder:
        """The account's order named by ``orderId`` / ``origClientOrderId``, or ``code``.

        Example:
            >>> exchange = Exchange([SimAccount("k", secret_key="s", balances={"USDT": "1e6"})])
            >>> params = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT",
            ...           "timeInForce": "GTC", "price": "1", "quantity": "1"}
            >>> order = exchange.place("k", params, 0)[0]
            >>> ref = {"symbol": "BTCUSDT", "orderId": order["orderId"]}
            >>> exchange.find("k", ref, -2013, "?").order_id
            1
        """
        mandatory(params, "symbol")
        self.market(params["symbol"])
        if "orderId" not in params and "origClientOrderId" not in params:
            raise ApiReject(-1102, either("origClientOrderId", "orderId"))
        for order in self._owned(api_key, params["symbol"]):
            if params.get("orderId", order.order_id) != order.order_id:
                continue
            if params.get("origClientOrderId", order.client_order_id) == order.client_order_id:
                return order
        raise ApiReject(code, msg)

    def status(self, api_key: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """``order.status``.

        Example:
            >>> Exchange([]).status("k", {"symbol": "BTCUSDT", "orderId": 5})
            Traceback (most recent call last):
            ...
            venues.binance.spot.simulator.api_params.ApiReject: 400 -2013: Order does not exist.
        """
        return status_report(self.find(api_key, params, -2013, "Order does not exist."))

    def open_orders(self, api_key: str, symbol: str | None) -> list[dict[str, Any]]:
        """``openOrders.status``.

        Example:
            >>> Exchange([]).open_orders("k", None)
            []
        """
        if symbol is not None:
            self.market(symbol)
        return [status_report(o) for o in self._owned(api_key, symbol) if o.is_open]

    def account(self, api_key: str, omit_zero: bool, now_ms: int) -> dict[str, Any]:
        """``account.status``.

        Example:
            >>> exchange = Exchange([SimAccount("k", secret_key="s")])
            >>> exchange.account("k", False, 0)["accountType"]
            'SPOT'
        """
        balances = self.wallets[api_key].snapshot()
        if omit_zero:
            balances = [b for b in balances if Decimal(b["free"]) or Decimal(b["locked"])]
        rates = {"maker": "0.00000000", "taker": "0.00000000", "buyer": "0.00000000"}
        return {
            "makerCommission": 0,
            "takerCommission": 0,
            "buyerCommission": 0,
            "sellerCommission": 0,
            "canTrade": self.accounts[api_key].can_trade,
            "canWithdraw": True,
            "canDeposit": True,
            "commissionRates": {**rates, "seller": "0.00000000"},
            "brokered": False,
            "requireSelfTradePrevention": False,
            "preventSor": False,
            "updateTime": now_ms,
            "accountType": "SPOT",
            "balances": balances,
            "permissions": ["SPOT"],
            "uid": 354_937_868 + list(self.accounts).index(api_key),
        }

    def _owned(self, api_key: str, symbol: str | None) -> list[SimOrder]:
        return [
            o
            for o in self.orders.values()
            if o.api_key == api_key and (symbol is None or o.symbol == symbol)
        ]

    # -- placing ----------------------------------------------------------------------

    def validate(self, params: Mapping[str, Any]) -> SimOrder:
        """Check an order's params as ``order.place`` / ``order.test`` do; a draft order.

        Example:
            >>> params = {"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "1"}
            >>> Exchange([]).validate(params).type
            'MARKET'
        """
        mandatory(params, "symbol", "side", "type")
        return draft(params, self.market(params["symbol"]))

    def place(
        self, api_key: str, params: Mapping[str, Any], now_ms: int
    ) -> tuple[dict[str, Any], list[Event]]:
        """``order.place``: validate, lock funds, match, report.

        Example:
            >>> exchange = Exchange([SimAccount("k", secret_key="s", balances={"BTC": "1"})])
            >>> params = {"symbol": "BTCUSDT", "side": "SELL", "type": "MARKET", "quantity": "0.5"}
            >>> exchange.place("k", params, 0)[0]["status"]
            'FILLED'
        """
        order = self.validate(params)
        market = self.market(order.symbol)
        if order.type == "LIMIT_MAKER" and crosses(market, order.side, order.price):
            raise ApiReject(-2010, "Order would immediately match and take.")
        if order.client_order_id and any(
            o.is_open and o.client_order_id == order.client_order_id
            for o in self._owned(api_key, None)
        ):
            raise ApiReject(-2010, "Duplicate order sent.")
        order.api_key = api_key
        order.order_id = self._next_id
        order.client_order_id = order.client_order_id or f"sim{self._next_id:020d}"
        order.time = order.update_time = now_ms
        order.is_working = order.type not in TRIGGERED
        fills = open_fills(order, market, self.wallets[api_key])
        self._next_id += 1
        self.orders[order.order_id] = order
        events = self._placement_events(order, fills, now_ms)
        return self._reply(order, params, fills), events

    def _placement_events(self, order: SimOrder, fills: list[Fill], now_ms: int) -> list[Event]:
        # Built before any fill is applied: the NEW report shows the order as accepted.
        events: list[Event] = [(order.api_key, execution_report(order, "NEW", event_time=now_ms))]
        for price, qty in fills:
            events.append(self._fill(order, price, qty, now_ms))
        events.extend(self._settle(order, now_ms))
        return events

    def _fill(self, order: SimOrder, price: Decimal, qty: Decimal, now_ms: int) -> Event:
        trade_id = self._next_trade
        self._next_trade += 1
        market, wallet = self.symbols[order.symbol], self.wallets[order.api_key]
        return order.api_key, apply_fill(
            order, market, wallet, (price, qty), trade_id=trade_id, now_ms=now_ms
        )

    def _settle(self, order: SimOrder, now_ms: int) -> list[Event]:
        """Expire what cannot rest, release leftover locks, report balances."""
        events: list[Event] = []
        rests = order.type != "MARKET" and order.time_in_force == "GTC"
        if order.remaining > 0 and not rests:
            order.status = "EXPIRED"
            order.expiry_reason = "INSUFFICIENT_LIQUIDITY"
            events.append((order.api_key, execution_report(order, "EXPIRED", event_time=now_ms)))
        if not order.is_open and order.locked:
            self._release(order)
        events.append(self.position_event(order.api_key, order.symbol, now_ms))
        return events

    def _release(self, order: SimOrder) -> None:
        release(order, self.symbols[order.symbol], self.wallets[order.api_key])

    def _reply(
        self, order: SimOrder, params: Mapping[str, Any], fills: list[Fill]
    ) -> dict[str, Any]:
        default = "FULL" if order.type in ("MARKET", "LIMIT") else "ACK"
        kind = params.get("newOrderRespType", default)
        if kind == "ACK":
            return ack(order)
        if kind == "RESULT":
            return result(order)
        return full(order, order.fills[-len(fills) :] if fills else [])

    # -- cancelling -------------------------------------------------------------------

    def cancel(
        self, api_key: str, params: Mapping[str, Any], now_ms: int
    ) -> tuple[dict[str, Any], list[Event]]:
        """``order.cancel``.

        Example:
            >>> Exchange([]).cancel("k", {"symbol": "BTCUSDT", "orderId": 1}, 0)
            Traceback (most recent call last):
            ...
            venues.binance.spot.simulator.api_params.ApiReject: 400 -2011: Unknown order sent.
        """
        order = self.find(api_key, params, -2011, "Unknown order sent.")
        restriction = params.get("cancelRestrictions")
        if restriction not in (None, "ONLY_NEW", "ONLY_PARTIALLY_FILLED"):
            raise ApiReject(-1145, "Invalid cancelRestrictions")
        if not order.is_open:
            raise ApiReject(-2011, "Unknown order sent.")
        wanted = {"ONLY_NEW": "NEW", "ONLY_PARTIALLY_FILLED": "PARTIALLY_FILLED"}
        if restriction is not None and order.status != wanted[restriction]:
            raise ApiReject(-2011, "Order was not canceled due to cancel restrictions.")
        return self._cancel(order, params.get("newClientOrderId"), now_ms)

    def cancel_all(
        self, api_key: str, symbol: Any, now_ms: int
    ) -> tuple[list[dict[str, Any]], list[Event]]:
        """``openOrders.cancelAll``.

        Example:
            >>> Exchange([]).cancel_all("k", "BTCUSDT", 0)
            Traceback (most recent call last):
            ...
            venues.binance.spot.simulator.api_params.ApiReject: 400 -2011: Unknown order sent.
        """
        self.market(symbol)
        open_orders = [o for o in self._owned(api_key, symbol) if o.is_open]
        if not open_orders:
            raise ApiReject(-2011, "Unknown order sent.")
        reports, events = [], []
        for order in open_orders:
            report, more = self._cancel(order, None, now_ms)
            reports.append(report)
            events.extend(more)
        return reports, events

    def _cancel(
        self, order: SimOrder, new_client_order_id: Any, now_ms: int
    ) -> tuple[dict[str, Any], list[Event]]:
        orig = order.client_order_id
        order.client_order_id = str(new_client_order_id or f"cancel{self._next_id:016d}")
        self._next_id += 1
        order.status = "CANCELED"
        order.update_time = now_ms
        self._release(order)
        report = cancel_report(order, orig)
        event = execution_report(order, "CANCELED", event_time=now_ms, orig_client_order_id=orig)
        events = [(order.api_key, event), self.position_event(order.api_key, order.symbol, now_ms)]
        return report, events

    # -- the market moves -------------------------------------------------------------

    def move_price(self, symbol: str, price: Decimal, now_ms: int) -> list[Event]:
        """Re-centre ``symbol``'s ladder at ``price``; fill or trigger what it reaches.

        Example:
            >>> exchange = Exchange([])
            >>> exchange.move_price("BTCUSDT", Decimal("100"), 0), exchange.market("BTCUSDT").price
            ([], Decimal('100'))
        """
        market = self.market(symbol)
        market = SimSymbol(market.symbol, market.base, market.quote, price, market.tick,
                           market.depth, market.level_qty)  # fmt: skip
        self.symbols[symbol] = market
        events: list[Event] = []
        for order in [o for o in self.orders.values() if o.symbol == symbol and o.is_open]:
            events.extend(self._touch(order, market, now_ms))
        return events

    def _touch(self, order: SimOrder, market: SimSymbol, now_ms: int) -> list[Event]:
        if not order.is_working:
            if not triggered(order, market.price):
                return []
            order.is_working = True
        limit = order.price if order.type in LIMIT_TYPES else None
        fills = take(market, order.side, qty=order.remaining, limit=limit)
        if not fills:
            return []
        events = [self._fill(order, price, qty, now_ms) for price, qty in fills]
        if not order.is_open and order.locked:
            self._release(order)
        events.append(self.position_event(order.api_key, order.symbol, now_ms))
        return events

    def deposit(self, api_key: str, asset: str, delta: Decimal, now_ms: int) -> list[Event]:
        """Credit (or debit) ``asset``: ``balanceUpdate`` then ``outboundAccountPosition``.

        Example:
            >>> exchange = Exchange([SimAccount("k", secret_key="s")])
            >>> [e["e"] for _, e in exchange.deposit("k", "BTC", Decimal("1"), 0)]
            ['balanceUpdate', 'outboundAccountPosition']
        """
        wallet = self.wallets[api_key]
        wallet.credit(asset, delta)
        update = {"e": "balanceUpdate", "E": now_ms, "a": asset, "d": amount(delta), "T": now_ms}
        position = self._position(api_key, [asset], now_ms)
        return [(api_key, update), (api_key, position)]

    def position_event(self, api_key: str, symbol: str, now_ms: int) -> Event:
        """``outboundAccountPosition`` for the two assets of ``symbol``.

        Example:
            >>> exchange = Exchange([SimAccount("k", secret_key="s")])
            >>> exchange.position_event("k", "BTCUSDT", 0)[1]["e"]
            'outboundAccountPosition'
        """
        market = self.symbols[symbol]
        return api_key, self._position(api_key, [market.base, market.quote], now_ms)

    def _position(self, api_key: str, assets: list[str], now_ms: int) -> dict[str, Any]:
        balances = [
            {"a": b["asset"], "f": b["free"], "l": b["locked"]}
            for b in self.wallets[api_key].snapshot(assets)
        ]
        return {"e": "outboundAccountPosition", "E": now_ms, "u": now_ms, "B": balances}
