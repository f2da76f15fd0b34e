"""What a subscription handler receives: one venue message, narrowed to one key.

Every Coinbase message shares the envelope ``{channel, client_id, timestamp,
sequence_num, events}``. The codec turns it into a :class:`ChannelMessage` per
subscription key: ``channel`` is the name the subscription was made under
(``"level2"``, not the wire's ``"l2_data"``), ``product_id`` the product the events
concern (``None`` for channels without products), and ``events`` the typed events of
that channel for that product, in the venue's order.

Example:
    >>> from venues.coinbase.timestamps import Timestamp
    >>> msg = ChannelMessage("heartbeats", None, "", Timestamp(0), 5, ())
    >>> msg.key
    'heartbeats'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from venues.coinbase.keys import channel_key
from venues.coinbase.timestamps import Timestamp

__all__ = ["ChannelMessage"]

E = TypeVar("E")


@dataclass(frozen=True, slots=True)
class ChannelMessage(Generic[E]):
    """One venue message for one subscription key.

    Attributes:
        channel: the subscribe name (``"level2"``, ``"ticker"``, ``"user"``...).
        product_id: the product of every event here, or ``None`` (heartbeats, user...).
        client_id: the envelope's ``client_id`` (usually empty).
        timestamp: when the venue sent the message (nanosecond precision).
        sequence_num: the connection-wide sequence number of the message.
        events: the channel's typed events for this key.

    Example:
        >>> from venues.coinbase.timestamps import Timestamp
        >>> ChannelMessage("ticker", "BTC-USD", "", Timestamp(0), 1, ()).key
        'ticker:BTC-USD'
    """

    channel: str
    product_id: str | None
    client_id: str
    timestamp: Timestamp
    sequence_num: int
    events: tuple[E, ...]

    @property
    def key(self) -> str:
        """The subscription key these events are routed under.

        Example:
            >>> from venues.coinbase.timestamps import Timestamp
            >>> ChannelMessage("level2", "ETH-USD", "", Timestamp(0), 0, ()).key
            'level2:ETH-USD'
        """
        return channel_key(self.channel, self.product_id)
