"""Authorising calls: timestamps, ``recvWindow`` and signatures, per the session mode."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from venues.binance.spot.private._call import ApiCall
from venues.binance.spot.signing import Credentials

__all__ = ["Authorizer"]


class Authorizer:
    """Adds the auth params a call needs just before it is sent.

    ``logged_on`` is true while an Ed25519 ``session.logon`` holds on the current
    connection: SIGNED calls then carry ``timestamp`` (and ``recvWindow``) only.
    Otherwise, and always for HMAC keys, they carry ``apiKey`` and ``signature`` too.

    Example:
        >>> auth = Authorizer(Credentials("k", secret_key="s"), recv_window=5000)
        >>> from venues.binance.spot.private import order_status
        >>> sorted(auth.params(order_status.build(symbol="BTCUSDT", order_id=1)))
        ['apiKey', 'orderId', 'recvWindow', 'signature', 'symbol', 'timestamp']
    """

    def __init__(self, credentials: Credentials, *, recv_window: int | Decimal | None) -> None:
        self.credentials = credentials
        self.recv_window = recv_window
        self.logged_on = False

    def params(self, call: ApiCall[Any]) -> dict[str, Any]:
        """The params to send for ``call`` now (timestamp read at call time)."""
        params = dict(call.params)
        if call.security == "none":
            return params
        params["timestamp"] = int(time.time() * 1000)
        window = call.recv_window if call.recv_window is not None else self.recv_window
        if window is not None:
            params["recvWindow"] = window
        if call.security == "always_signed" or not self.logged_on:
            return self.credentials.signed(params)
        return params
