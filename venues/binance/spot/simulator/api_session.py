"""Per-connection state of the WebSocket API simulator and the checks of SIGNED requests.

Example:
    >>> conn = ApiConnection(1, connected_since=5, return_rate_limits=True)
    >>> conn.session(now_ms=9)["apiKey"] is None
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from venues.binance.spot.simulator.api_accounts import SimAccount
from venues.binance.spot.simulator.api_params import ApiReject, decimal_param, mandatory

__all__ = ["ApiConnection", "authenticate", "check_timing"]

_MAX_RECV_WINDOW = Decimal(60000)
_DEFAULT_RECV_WINDOW = Decimal(5000)
_MICROSECONDS = 10**14


@dataclass
class ApiConnection:
    """One client connection: its logon and its user data subscriptions.

    ``subscriptions`` maps a subscription id to ``(api_key, how)``, ``how`` being
    ``"logon"`` (``userDataStream.subscribe``) or ``"signature"``.

    Example:
        >>> ApiConnection(1, 0, True).subscribe("key", "logon")
        0
    """

    conn_id: int
    connected_since: int
    return_rate_limits: bool
    api_key: str | None = None
    authorized_since: int | None = None
    subscriptions: dict[int, tuple[str, str]] = field(default_factory=dict)
    next_subscription: int = 0

    def session(self, now_ms: int) -> dict[str, Any]:
        """The session object of ``session.logon`` / ``.status`` / ``.logout``.

        Example:
            >>> ApiConnection(1, 0, False).session(5)["serverTime"]
            5
        """
        return {
            "apiKey": self.api_key,
            "authorizedSince": self.authorized_since,
            "connectedSince": self.connected_since,
            "returnRateLimits": self.return_rate_limits,
            "serverTime": now_ms,
            "userDataStream": bool(self.subscriptions),
        }

    def subscribe(self, api_key: str, how: str) -> int:
        """Start a user data subscription; -2035 if the account already has one here.

        Example:
            >>> conn = ApiConnection(1, 0, True)
            >>> conn.subscribe("a", "logon"), conn.subscribe("b", "signature")
            (0, 1)
        """
        if any(key == api_key for key, _ in self.subscriptions.values()):
            raise ApiReject(-2035, "User Data Stream subscription already active.")
        sub_id = self.next_subscription
        self.next_subscription += 1
        self.subscriptions[sub_id] = (api_key, how)
        return sub_id


def check_timing(params: Mapping[str, Any], now_ms: int) -> None:
    """The venue's timing security: -1021 outside ``recvWindow`` or 1 s ahead.

    Example:
        >>> check_timing({"timestamp": 1000}, now_ms=1500)
    """
    mandatory(params, "timestamp")
    window = _DEFAULT_RECV_WINDOW
    if "recvWindow" in params:
        window = decimal_param("recvWindow", params["recvWindow"])
        if window > _MAX_RECV_WINDOW:
            raise ApiReject(-1131, "recvWindow must be less than 60000")
    stamp = Decimal(params["timestamp"])
    if stamp > _MICROSECONDS:
        stamp /= 1000
    if stamp >= now_ms + 1000:
        raise ApiReject(-1021, "Timestamp for this request was 1000ms ahead of the server's time.")
    if now_ms - stamp > window:
        raise ApiReject(-1021, "Timestamp for this request is outside of the recvWindow.")


def authenticate(
    conn: ApiConnection,
    accounts: Mapping[str, SimAccount],
    params: Mapping[str, Any],
    *,
    own_signature: bool,
) -> str:
    """The account a SIGNED request acts for: its own signature, or the session's key.

    Raises:
        ApiReject: -1102 (missing apiKey/signature), -2014, -2015, -1022.

    Example:
        >>> conn = ApiConnection(1, 0, True, api_key="k")
        >>> authenticate(conn, {}, {"timestamp": 1}, own_signature=False)
        'k'
    """
    if not own_signature and "signature" not in params and conn.api_key is not None:
        return conn.api_key
    mandatory(params, "apiKey", "signature")
    api_key = params["apiKey"]
    if not api_key.isalnum():
        raise ApiReject(-2014, "API-key format invalid.")
    account = accounts.get(api_key)
    if account is None:
        raise ApiReject(-2015, "Invalid API-key, IP, or permissions for action.", status=401)
    unsigned = {k: v for k, v in params.items() if k != "signature"}
    if not account.verify(unsigned, params["signature"]):
        raise ApiReject(-1022, "Signature for this request is not valid.")
    return api_key
