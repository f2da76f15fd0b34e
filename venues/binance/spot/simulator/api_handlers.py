"""The simulator's answer to each WebSocket API method.

A handler gets the connection, the checked params, the authenticated account (SIGNED
methods) and the time, and returns the ``result`` or an :class:`Outcome`.

Example:
    >>> from venues.binance.spot.simulator.api_engine import ApiEngine
    >>> sorted(handlers(ApiEngine()))[:3]
    ['account.status', 'openOrders.cancelAll', 'openOrders.status']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from venues.binance.spot.simulator.api_params import ApiReject, mandatory
from venues.binance.spot.simulator.api_replies import Outcome
from venues.binance.spot.simulator.api_session import ApiConnection

if TYPE_CHECKING:
    from venues.binance.spot.simulator.api_engine import ApiEngine

__all__ = ["handlers"]

_NOT_AUTHORIZED = "You are not authorized to execute this request."
_RATES = {"maker": "0.00000000", "taker": "0.00000000"}


def handlers(engine: ApiEngine) -> dict[str, Any]:
    """Method name -> handler, bound to ``engine``.

    Example:
        >>> from venues.binance.spot.simulator.api_engine import ApiEngine
        >>> "order.place" in handlers(ApiEngine())
        True
    """
    exchange = engine.exchange

    def ping(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        return {}

    def server_time(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        return {"serverTime": now_ms}

    def logon(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        if exchange.accounts[key].key_type != "ed25519":
            raise ApiReject(-1002, _NOT_AUTHORIZED)
        conn.api_key, conn.authorized_since = key, now_ms
        return conn.session(now_ms)

    def status(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        return conn.session(now_ms)

    def logout(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        ended = [s for s, (_, how) in conn.subscriptions.items() if how == "logon"]
        actions = engine.terminate(conn, ended, now_ms)
        conn.api_key = conn.authorized_since = None
        return Outcome(conn.session(now_ms), actions=actions)

    def subscribe(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        if conn.api_key is None:
            raise ApiReject(-1002, _NOT_AUTHORIZED, status=401)
        return {"subscriptionId": conn.subscribe(conn.api_key, "logon")}

    def subscribe_signature(
        conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int
    ) -> Any:
        return {"subscriptionId": conn.subscribe(key, "signature")}

    def unsubscribe(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        wanted = params.get("subscriptionId")
        if wanted is not None and wanted not in conn.subscriptions:
            raise ApiReject(-2036, "User Data Stream subscription not active.")
        ended = list(conn.subscriptions) if wanted is None else [wanted]
        return Outcome({}, actions=engine.terminate(conn, ended, now_ms))

    def place(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        exchange.validate(params)
        engine.count_order(key, now_ms)
        result, events = exchange.place(key, params, now_ms)
        return Outcome(result, events=events)

    def test(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        exchange.validate(params)
        if params.get("computeCommissionRates") is not True:
            return {}
        return {
            "standardCommissionForOrder": _RATES,
            "specialCommissionForOrder": _RATES,
            "taxCommissionForOrder": _RATES,
            "discount": {
                "enabledForAccount": False,
                "enabledForSymbol": False,
                "discountAsset": "BNB",
                "discount": "0.00000000",
            },
        }

    def cancel(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        result, events = exchange.cancel(key, params, now_ms)
        return Outcome(result, events=events)

    def order_status(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        return exchange.status(key, params)

    def open_orders(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        return exchange.open_orders(key, params.get("symbol"))

    def cancel_all(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        mandatory(params, "symbol")
        result, events = exchange.cancel_all(key, params["symbol"], now_ms)
        return Outcome(result, events=events)

    def account(conn: ApiConnection, params: Mapping[str, Any], key: Any, now_ms: int) -> Any:
        return exchange.account(key, params.get("omitZeroBalances") is True, now_ms)

    return {
        "ping": ping,
        "time": server_time,
        "session.logon": logon,
        "session.status": status,
        "session.logout": logout,
        "userDataStream.subscribe": subscribe,
        "userDataStream.subscribe.signature": subscribe_signature,
        "userDataStream.unsubscribe": unsubscribe,
        "order.place": place,
        "order.test": test,
        "order.cancel": cancel,
        "order.status": order_status,
        "openOrders.status": open_orders,
        "openOrders.cancelAll": cancel_all,
        "account.status": account,
    }
