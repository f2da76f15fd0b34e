"""The codec contract: frames <-> typed messages for one venue, sans-I/O.

The runtime's request correlation knows only ids, futures and deadlines; everything
about the wire format lives in a codec. Deribit uses ``protocol.jsonrpc.JsonRpcCodec``
(JSON-RPC 2.0); Binance and Coinbase bring their own in ``venues/<venue>/codec.py``.

Example:
    >>> from protocol.jsonrpc import JsonRpcCodec
    >>> isinstance(JsonRpcCodec(), Codec)
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from protocol.errors import VenueClientError
from protocol.messages import Failure, Inbound

__all__ = ["Codec"]


@runtime_checkable
class Codec(Protocol):
    """Turns requests into text and frames into :mod:`protocol.messages` values.

    Example:
        >>> from protocol.jsonrpc import JsonRpcCodec
        >>> JsonRpcCodec().decode('{"jsonrpc": "2.0", "id": 1, "result": 5}')
        Reply(id=1, result=5)
    """

    def encode_request(self, request_id: Any, method: str, params: Mapping[str, Any] | None) -> str:
        """Return the text frame for one request (the id is echoed in its reply)."""
        ...

    def decode(self, frame: str | bytes) -> Inbound | list[Inbound]:
        """Classify one frame. Must never raise: hostile input becomes ``Malformed``.

        A frame that carries several messages may decode into a ``list`` of them, in
        order; the runtime handles each as if it had arrived in its own frame.
        """
        ...

    def error(self, failure: Failure, method: str) -> VenueClientError:
        """Return the exception for an error reply to a request for ``method``."""
        ...
