"""``LIST_SUBSCRIPTIONS``: the streams the venue has for a connection.

``{"method":"LIST_SUBSCRIPTIONS","id":3}`` -> ``{"result":["btcusdt@aggTrade"],"id":3}``.

Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#listing-subscriptions

Example:
    >>> ListSubscriptionsResultSchema().load(["btcusdt@trade"])
    ['btcusdt@trade']
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields

from actors import Requester
from protocol.errors import MalformedMessage

__all__ = ["METHOD", "ListSubscriptionsResultSchema", "send_list_subscriptions"]

METHOD = "LIST_SUBSCRIPTIONS"


class ListSubscriptionsResultSchema:
    """The result: a list of stream names.

    Example:
        >>> ListSubscriptionsResultSchema().load([])
        []
    """

    _field = fields.List(fields.String(), required=True)

    def load(self, result: Any) -> list[str]:
        """Return the stream names, or raise ``ValidationError``."""
        names: list[str] = self._field.deserialize(result)
        return names


def send_list_subscriptions(requester: Requester, timeout: float | None = None) -> list[str]:
    """Ask the venue which streams this connection carries.

    Example:
        >>> # send_list_subscriptions(connection)
    """
    result = requester.call(METHOD, None, timeout=timeout)
    try:
        return ListSubscriptionsResultSchema().load(result)
    except ValidationError as exc:
        raise MalformedMessage(f"{METHOD} result: {exc.messages}") from exc
