"""Accounts of the WebSocket API simulator: keys to verify signatures, and wallets.

Example:
    >>> account = SimAccount("key", secret_key="secret", balances={"USDT": "1000"})
    >>> wallet = Wallet(account.balances)
    >>> wallet.lock("USDT", Decimal("250")), wallet.free["USDT"], wallet.locked["USDT"]
    (True, Decimal('750'), Decimal('250'))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from protocol.errors import InvalidParameters
from venues.binance.spot.signing import (
    Credentials,
    signature_payload,
    verify_ed25519,
    verify_hmac,
)

__all__ = ["SimAccount", "Wallet"]


@dataclass(frozen=True)
class SimAccount:
    """One simulated account: its API key, how it signs, and its starting balances.

    Give ``secret_key`` for an HMAC key or ``public_key`` (PEM) for an Ed25519 key.
    Key material stays out of ``repr``.

    Example:
        >>> creds = Credentials("k", private_key=bytes(32))
        >>> SimAccount.from_credentials(creds, balances={"BTC": "1"}).key_type
        'ed25519'
    """

    api_key: str
    secret_key: str | None = field(default=None, repr=False)
    public_key: str | None = field(default=None, repr=False)
    balances: Mapping[str, Any] = field(default_factory=dict)
    can_trade: bool = True

    def __post_init__(self) -> None:
        if (self.secret_key is None) == (self.public_key is None):
            raise InvalidParameters("secret_key", "give exactly one of secret_key or public_key")
        converted = {asset: Decimal(str(amount)) for asset, amount in self.balances.items()}
        object.__setattr__(self, "balances", converted)

    @classmethod
    def from_credentials(
        cls,
        credentials: Credentials,
        *,
        secret_key: str | None = None,
        balances: Mapping[str, Any] | None = None,
    ) -> SimAccount:
        """An account matching ``credentials`` (HMAC ones need ``secret_key`` again).

        Example:
            >>> creds = Credentials("k", secret_key="s")
            >>> SimAccount.from_credentials(creds, secret_key="s").key_type
            'hmac'
        """
        api_key = credentials.api_key.expose_secret()
        if credentials.key_type == "ed25519":
            public_key = credentials.public_key_pem()
            return cls(api_key, public_key=public_key, balances=balances or {})
        return cls(api_key, secret_key=secret_key, balances=balances or {})

    @property
    def key_type(self) -> str:
        """``"ed25519"`` or ``"hmac"``.

        Example:
            >>> SimAccount("k", secret_key="s").key_type
            'hmac'
        """
        return "hmac" if self.secret_key is not None else "ed25519"

    def verify(self, params: Mapping[str, Any], signature: str) -> bool:
        """Check ``signature`` over ``params`` as the venue does.

        Example:
            >>> creds = Credentials("k", secret_key="s")
            >>> signed = creds.signed({"timestamp": 1})
            >>> SimAccount("k", secret_key="s").verify(signed, signed["signature"])
            True
        """
        payload = signature_payload(params)
        if self.secret_key is not None:
            return verify_hmac(self.secret_key, payload, signature)
        assert self.public_key is not None
        return verify_ed25519(self.public_key, payload, signature)


class Wallet:
    """Free and locked amounts per asset (missing assets are zero).

    Example:
        >>> wallet = Wallet({"BTC": Decimal("1")})
        >>> wallet.lock("BTC", Decimal("2"))
        False
    """

    def __init__(self, balances: Mapping[str, Decimal]) -> None:
        self.free: dict[str, Decimal] = dict(balances)
        self.locked: dict[str, Decimal] = dict.fromkeys(balances, Decimal(0))

    def available(self, asset: str) -> Decimal:
        """The free amount of ``asset``.

        Example:
            >>> Wallet({"BTC": Decimal("2")}).available("BTC")
            Decimal('2')
        """
        return self.free.get(asset, Decimal(0))

    def lock(self, asset: str, amount: Decimal) -> bool:
        """Move ``amount`` from free to locked; False (nothing moved) if short.

        Example:
            >>> Wallet({"BTC": Decimal("2")}).lock("BTC", Decimal("3"))
            False
        """
        if self.available(asset) < amount:
            return False
        self.free[asset] = self.available(asset) - amount
        self.locked[asset] = self.locked.get(asset, Decimal(0)) + amount
        return True

    def unlock(self, asset: str, amount: Decimal) -> None:
        """Move ``amount`` from locked back to free.

        Example:
            >>> wallet = Wallet({"BTC": Decimal("2")})
            >>> wallet.lock("BTC", Decimal("1")); wallet.unlock("BTC", Decimal("1"))
            True
            >>> wallet.available("BTC")
            Decimal('2')
        """
        self.locked[asset] = self.locked.get(asset, Decimal(0)) - amount
        self.free[asset] = self.available(asset) + amount

    def spend_locked(self, asset: str, amount: Decimal) -> None:
        """Remove ``amount`` from locked (it left the account in a trade).

        Example:
            >>> wallet = Wallet({"BTC": Decimal("2")})
            >>> wallet.lock("BTC", Decimal("1")); wallet.spend_locked("BTC", Decimal("1"))
            True
            >>> wallet.locked["BTC"]
            Decimal('0')
        """
        self.locked[asset] = self.locked.get(asset, Decimal(0)) - amount

    def spend_free(self, asset: str, amount: Decimal) -> None:
        """Remove ``amount`` from free.

        Example:
            >>> wallet = Wallet({"BTC": Decimal("2")})
            >>> wallet.spend_free("BTC", Decimal("1")); wallet.available("BTC")
            Decimal('1')
        """
        self.free[asset] = self.available(asset) - amount

    def credit(self, asset: str, amount: Decimal) -> None:
        """Add ``amount`` to free (a trade's proceeds, a deposit).

        Example:
            >>> wallet = Wallet({})
            >>> wallet.credit("ETH", Decimal("3")); wallet.available("ETH")
            Decimal('3')
        """
        self.free[asset] = self.available(asset) + amount
        self.locked.setdefault(asset, Decimal(0))

    def snapshot(self, assets: Any = None) -> list[dict[str, str]]:
        """Balances as the venue lists them (``{"asset", "free", "locked"}``).

        Example:
            >>> Wallet({"BTC": Decimal("1")}).snapshot()
            [{'asset': 'BTC', 'free': '1.00000000', 'locked': '0.00000000'}]
        """
        names = sorted(self.free) if assets is None else sorted(set(assets))
        return [
            {
                "asset": name,
                "free": _amount(self.available(name)),
                "locked": _amount(self.locked.get(name, Decimal(0))),
            }
            for name in names
        ]


def _amount(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.00000001")), "f")
