"""``-USDC`` products on market-data channels: which keys a venue message belongs to.

Coinbase keeps ``-USDC`` products distinct only on the ``user`` channel. On every other
channel a subscription for ``BTC-USDC`` is served the ``BTC-USD`` data: the messages
name ``BTC-USD``. ``USDT-USDC`` and ``EURC-USDC`` are the exceptions (they have data of
their own). So a message for ``level2`` ``BTC-USD`` belongs to the key
``"level2:BTC-USDC"`` when that is what the client subscribed, and to both keys when
it subscribed both.

:class:`KeyRoutes` is that table. The subscription protocol updates it (one writer:
the subscription actor); the codec reads it on the reader thread. The table is
replaced whole on every change, so a read never sees half an update and takes no lock.

Example:
    >>> routes = KeyRoutes()
    >>> routes.add(["level2:BTC-USDC"])
    >>> routes.products("level2", "BTC-USD")
    ('BTC-USDC',)
    >>> routes.add(["level2:BTC-USD"])
    >>> routes.products("level2", "BTC-USD")
    ('BTC-USD', 'BTC-USDC')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from venues.coinbase.keys import PRIVATE_CHANNELS, channel_key, split_key

__all__ = ["USDC_DISTINCT", "KeyRoutes", "usd_twin"]

USDC_DISTINCT = frozenset({"USDT-USDC", "EURC-USDC"})
"""``-USDC`` products with market data of their own (not served as ``-USD``)."""


def usd_twin(channel: str, product_id: str | None) -> str | None:
    """The product whose data the venue sends for ``product_id`` on ``channel``,
    when that is another product; ``None`` when the venue sends ``product_id`` itself.

    Example:
        >>> usd_twin("ticker", "BTC-USDC"), usd_twin("user", "BTC-USDC")
        ('BTC-USD', None)
        >>> usd_twin("level2", "USDT-USDC") is None
        True
    """
    if product_id is None or channel in PRIVATE_CHANNELS or product_id in USDC_DISTINCT:
        return None
    if not product_id.endswith("-USDC"):
        return None
    return product_id.removesuffix("-USDC") + "-USD"


_Table = tuple[frozenset[str], Mapping[str, tuple[str, ...]]]


class KeyRoutes:
    """The subscription keys venue data goes to, given the keys subscribed.

    Example:
        >>> KeyRoutes().products("ticker", "ETH-USD")
        ('ETH-USD',)
    """

    def __init__(self) -> None:
        self._table: _Table = (frozenset(), {})

    def add(self, keys: Iterable[str]) -> None:
        """Record subscribed keys (before the subscribe is sent: its snapshot follows).

        Example:
            >>> KeyRoutes().add(["candles:BTC-USDC"])
        """
        self._rebuild(self._table[0] | set(keys))

    def discard(self, keys: Iterable[str]) -> None:
        """Forget keys that are no longer subscribed.

        Example:
            >>> KeyRoutes().discard(["candles:BTC-USDC"])
        """
        self._rebuild(self._table[0] - set(keys))

    def products(self, channel: str, product_id: str) -> tuple[str, ...]:
        """The products (of subscription keys) that data for ``product_id`` goes to.

        Without any ``-USDC`` subscription this is ``(product_id,)``: the data goes to
        its own key, subscribed or not (``message_received`` still reports it).

        Example:
            >>> routes = KeyRoutes()
            >>> routes.add(["market_trades:ETH-USDC"])
            >>> routes.products("market_trades", "ETH-USD")
            ('ETH-USDC',)
        """
        return self._table[1].get(channel_key(channel, product_id), (product_id,))

    def _rebuild(self, keys: frozenset[str] | set[str]) -> None:
        aliased: dict[tuple[str, str], list[str]] = {}
        for key in sorted(keys):
            channel, product = split_key(key)
            twin = usd_twin(channel, product)
            if twin is not None and product is not None:
                aliased.setdefault((channel, twin), []).append(product)
        table: dict[str, tuple[str, ...]] = {}
        for (channel, twin), products in aliased.items():
            wire = channel_key(channel, twin)
            # The -USD key keeps its data too when it is subscribed itself.
            table[wire] = ((twin,) if wire in keys else ()) + tuple(products)
        self._table = (frozenset(keys), table)
